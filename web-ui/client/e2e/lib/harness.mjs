// The scenario harness: one browser, one isolated context per person, a step log, artefacts,
// a hard time limit, and a useful failure report.
//
//   await runScenario('two-party', { timeoutMs: 120_000 }, async (t) => {
//     const alice = await t.person('alice', { viewport: DESKTOP })
//     await t.step('alice signs up', () => signUpViaUi(alice, account))
//   })
//
// Output (stdout, one line per step, prefixed with the scenario name):
//   [two-party +3.2s] ✓ alice signs up (812 ms)
//   [two-party +9.9s] ✗ bob sees alice's video (30004 ms): …
// On failure every open page is screenshotted (artifacts/e2e-<scenario>-FAILED-<person>.png),
// the last console errors of each page are printed, and the process exits 1. Success: exit 0.
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { launchBrowser } from '../browser.mjs'
import { artifactsDir } from './env.mjs'
import { RECORD_MEDIA_MODE_MESSAGES, RECORD_PEER_CONNECTIONS, describeStats, peerStats } from './webrtc.mjs'
import { fakeCameraFile } from './fake-camera.mjs'

export const DESKTOP = Object.freeze({ width: 1280, height: 800 })
export const PHONE = Object.freeze({ width: 390, height: 844 })

/** Error whose message is the whole story (printed without a stack trace). */
export class CheckFailed extends Error {}

/** Throws CheckFailed(message) unless cond. */
export function check(cond, message) {
  if (!cond) throw new CheckFailed(typeof message === 'function' ? message() : message)
}

/**
 * Polls fn until it returns a truthy value (returned) or timeoutMs passes; then throws
 * CheckFailed with describe(lastValue) (or the last error).
 */
export async function eventually(what, fn, { timeoutMs = 30_000, intervalMs = 250, describe } = {}) {
  const deadline = Date.now() + timeoutMs
  let last
  let lastError
  for (;;) {
    try {
      last = await fn()
      lastError = undefined
      if (last) return last
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? oneLine(lastError) : describe ? describe(last) : JSON.stringify(last)
      throw new CheckFailed(`${what}: not within ${Math.round(timeoutMs / 1000)} s (last: ${detail})`)
    }
    await sleep(intervalMs)
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs one scenario and exits the process (0 pass, 1 fail).
 * @param {string} name scenario name (artefact prefix)
 * @param {{timeoutMs?: number, camera?: {width: number, height: number, fps?: number}}} opts hard limit for
 *   the whole scenario; the fake camera's size (default 640×480, lib/fake-camera.mjs)
 * @param {(t: Scenario) => Promise<void>} body
 */
export async function runScenario(name, opts, body) {
  const t = new Scenario(name, { camera: opts.camera })
  const timeoutMs = opts.timeoutMs ?? 150_000
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      t.failedStep = t.currentStep ?? t.failedStep
      t.aborted = true
      reject(new CheckFailed(`scenario exceeded its limit of ${timeoutMs / 1000} s (during: ${t.currentStep ?? '-'})`))
    }, timeoutMs)
  })
  let ok = false
  try {
    await mkdir(t.artifacts, { recursive: true })
    // Failure screenshots of an earlier run of this scenario would only mislead.
    for (const f of await readdir(t.artifacts)) {
      if (f.startsWith(`e2e-${name}-FAILED-`)) await rm(join(t.artifacts, f), { force: true })
    }
    await Promise.race([(async () => {
      await t.launch()
      await body(t)
      if (t.softFailures.length) {
        t.failedStep = t.softFailures.map((f) => f.step).join('; ')
        throw new CheckFailed(`${t.softFailures.length} deferred check(s) failed:\n` + t.softFailures.map((f) => `- ${f.step}: ${f.message}`).join('\n'))
      }
    })(), timeout])
    ok = true
  } catch (err) {
    clearTimeout(timer)
    t.aborted = true // whatever still runs in the body must not log on
    await t.reportFailure(err).catch((e) => t.log(`(failure report incomplete: ${oneLine(e)})`))
  } finally {
    clearTimeout(timer)
    await t.close()
  }
  const secs = ((Date.now() - t.started) / 1000).toFixed(1)
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name} in ${secs} s${ok ? '' : ` — failed step: ${t.failedStep ?? '(setup)'}`}`)
  process.exit(ok ? 0 : 1)
}

export class Scenario {
  constructor(name, { camera } = {}) {
    this.name = name
    this.camera = camera
    this.started = Date.now()
    this.artifacts = artifactsDir()
    /** @type {Person[]} */
    this.people = []
    this.currentStep = undefined
    this.failedStep = undefined
    this.session = undefined
    /** Further browsers by name (person(…, { browser })): each its own Chromium process tree. */
    this.browsers = new Map()
    this.baseUrl = undefined
    /** Set when the time limit is hit: the body may still be running; it must not log on. */
    this.aborted = false
    /** Failures of checks that let the scenario go on (e.g. accessibility), reported at the end. */
    this.softFailures = []
  }

  log(message) {
    const secs = ((Date.now() - this.started) / 1000).toFixed(1)
    console.log(`[${this.name} +${secs}s] ${message}`)
  }

  async launch() {
    this.session = await this.launchOne({})
    this.baseUrl = this.session.baseUrl
    this.log(`chromium ${this.session.browser.version()} against ${this.baseUrl}`)
  }

  /**
   * The notes' flags (browser.mjs) plus a file camera: 640×480 blue (unless the scenario asks
   * for another size), never the 1280×720 of the fake screen (see fake-camera.mjs).
   */
  launchOne({ name, idle }) {
    const extraArgs = [`--use-file-for-fake-video-capture=${fakeCameraFile(this.camera)}`]
    return launchBrowser({ extraArgs, name, idle })
  }

  /** The browser named `name` (launched on first use; `idle`: SCHED_IDLE, browser.mjs), or the scenario's own. */
  async browser(name, idle) {
    if (!name) return this.session.browser
    if (!this.browsers.has(name)) this.browsers.set(name, this.launchOne({ name, idle }))
    return (await this.browsers.get(name)).browser
  }

  /** One step: logged with its duration; a failure names the step. */
  async step(title, fn) {
    if (this.aborted) throw new CheckFailed('scenario aborted')
    const t0 = Date.now()
    this.currentStep = title
    try {
      const result = await fn()
      if (this.aborted) throw new CheckFailed('scenario aborted')
      this.log(`✓ ${title} (${Date.now() - t0} ms)`)
      return result
    } catch (err) {
      if (this.aborted) throw err // the time limit already reported this step
      this.failedStep = title
      this.log(`✗ ${title} (${Date.now() - t0} ms)`)
      throw err
    } finally {
      this.currentStep = undefined
    }
  }

  /**
   * A step whose CheckFailed does not stop the scenario: the failure is logged now and fails
   * the scenario at its end (so one accessibility finding does not hide the media checks).
   * Other errors (timeouts, crashes) still stop the scenario.
   */
  async softStep(title, fn) {
    try {
      return await this.step(title, fn)
    } catch (err) {
      if (!(err instanceof CheckFailed) || this.aborted) throw err
      this.failedStep = undefined
      this.softFailures.push({ step: title, message: err.message })
      this.log(`  (continuing; this fails the scenario at the end) ${err.message}`)
      return undefined
    }
  }

  /**
   * A new person: an isolated browser context (own cookies/storage = another user) with the
   * RTCPeerConnection recorder, one page, console errors collected. By default in the
   * scenario's browser; `browser` names another one (people naming the same one share it),
   * launched the first time it is named, under SCHED_IDLE if `idle`.
   */
  async person(name, { viewport = DESKTOP, browser, idle = false } = {}) {
    const context = await (await this.browser(browser, idle)).newContext({
      baseURL: this.baseUrl,
      viewport,
      acceptDownloads: true,
      permissions: ['camera', 'microphone'],
    })
    await context.addInitScript(RECORD_PEER_CONNECTIONS)
    await context.addInitScript(RECORD_MEDIA_MODE_MESSAGES)
    // Generous: other work on a 2-core machine can starve a renderer for many seconds.
    context.setDefaultTimeout(30_000)
    context.setDefaultNavigationTimeout(45_000)
    const page = await context.newPage()
    const person = new Person(name, context, page, this)
    this.people.push(person)
    return person
  }

  /** Saves a PNG of the page to artifacts/<file>; returns the path. */
  async screenshot(page, file) {
    const path = join(this.artifacts, file)
    await page.screenshot({ path, fullPage: false })
    this.log(`  screenshot ${path}`)
    return path
  }

  async reportFailure(err) {
    const message = err instanceof CheckFailed ? err.message : (err?.stack ?? String(err))
    this.log(`FAILED${this.failedStep ? ` at step "${this.failedStep}"` : ''}: ${stripAnsi(message)}`)
    for (const p of this.people) {
      if (p.page.isClosed()) continue
      const file = `e2e-${this.name}-FAILED-${p.name}.png`
      await p.page.screenshot({ path: join(this.artifacts, file), fullPage: true, timeout: 8_000 })
        .then(() => this.log(`  screenshot of ${p.name} (${p.page.url()}): ${join(this.artifacts, file)}`))
        .catch((e) => this.log(`  no screenshot of ${p.name}: ${oneLine(e)}`))
      const testIds = await withTimeout(
        p.page.$$eval('[data-testid]', (els) => [...new Set(els.filter((e) => e.getClientRects().length).map((e) => e.getAttribute('data-testid')))].join(' ')),
        5_000,
      ).catch(() => '?')
      this.log(`  ${p.name}: visible test ids: ${testIds || '(none)'}`)
      const stats = await withTimeout(peerStats(p.page), 5_000).then(describeStats).catch(() => '?')
      this.log(`  ${p.name}: ${stats}`)
      for (const line of p.consoleLines.slice(-15)) this.log(`  ${p.name} console: ${line}`)
    }
  }

  async close() {
    for (const session of this.browsers.values()) await session.then((s) => s.close(), () => {})
    if (this.session) await this.session.close()
  }
}

/** A simulated person: one browser context and its page. */
export class Person {
  constructor(name, context, page, scenario) {
    this.name = name
    this.context = context
    this.page = page
    this.scenario = scenario
    /** Console errors/warnings and page errors, for the failure report. */
    this.consoleLines = []
    /** Filled by the helpers: account, access token, participant id in the current meeting. */
    this.account = undefined
    this.accessToken = undefined
    this.participantId = undefined
    page.on('console', (msg) => {
      // "Failed to load resource" repeats what the response listener records with the URL.
      if ((msg.type() === 'error' || msg.type() === 'warning') && !msg.text().startsWith('Failed to load resource')) {
        this.consoleLines.push(`${msg.type()}: ${msg.text().slice(0, 300)}`)
      }
    })
    page.on('pageerror', (err) => this.consoleLines.push(`pageerror: ${oneLine(err)}`))
    page.on('response', (res) => {
      const status = res.status()
      // 401 from /api/auth/refresh is the normal "not signed in" answer on page load.
      if (status >= 500 || (status >= 400 && !res.url().endsWith('/api/auth/refresh'))) {
        this.consoleLines.push(`HTTP ${status} ${res.request().method()} ${res.url()}`)
      }
    })
    page.on('requestfailed', (req) => {
      const failure = req.failure()?.errorText ?? ''
      if (!/ERR_ABORTED/.test(failure)) this.consoleLines.push(`request failed: ${req.method()} ${req.url()} ${failure}`)
    })
  }

  /** data-testid locator on this person's page. */
  id(testId) {
    return this.page.getByTestId(testId)
  }
}

/** Resolves like `promise`, or rejects after ms. */
export function withTimeout(promise, ms) {
  let timer
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms) })])
    .finally(() => clearTimeout(timer))
}

export function oneLine(err) {
  const text = err instanceof Error ? err.message : String(err)
  return stripAnsi(text).split('\n').filter(Boolean).slice(0, 3).join(' ⏎ ').trim()
}

function stripAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '')
}
