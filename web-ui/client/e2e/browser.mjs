// Shared Chromium launcher for Convene's browser tests (smoke test now, meeting tests later).
//
// Uses playwright-core (no bundled browser) with Debian's /usr/bin/chromium and exactly the
// flags verified in shared/notes/webrtc-testing.md: no background or outside network traffic
// (no QUIC, no component/sync traffic, every host name but localhost/127.0.0.1 unresolvable),
// real host ICE candidates instead of mDNS names, and a fake camera/microphone/screen whose
// permission prompts are accepted automatically. Playwright adds its own automation switches.
//
// Each launch gets a fresh, empty, temporary profile (Playwright's `launch()` creates its own
// user-data dir under the OS temp dir and deletes it on close). Use one browser context per
// simulated participant: contexts are isolated (cookies, storage) but share one process.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { chromium } from 'playwright-core'
import { e2eBaseUrl } from './lib/env.mjs'

export const CHROMIUM_EXECUTABLE = process.env.CONVENE_CHROMIUM ?? '/usr/bin/chromium'

/**
 * The Chromium switches from shared/notes/webrtc-testing.md, plus three features off: Chromium
 * 156 gives every window (every Playwright context) its own renderer for the omnibox popup's
 * WebUI, even headless. Each cost ~1.3 s of CPU at start and a few % of a core after; with five
 * people that was the busiest renderer of a meeting on a two-core box. Only one
 * `--disable-features` counts, so they share it.
 */
export const CHROMIUM_FLAGS = Object.freeze([
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns,WebUIOmniboxPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
])

/**
 * Base URL of the one origin under test (a secure context: localhost or 127.0.0.1):
 * CONVENE_E2E_BASE_URL from the environment or from .convene/e2e/env, else
 * http://localhost:8080.
 */
export function baseUrl() {
  return e2eBaseUrl()
}

/**
 * Launches headless Chromium.
 *
 * @param {object} [opts]
 * @param {string[]} [opts.extraArgs] switches appended after CHROMIUM_FLAGS (e.g.
 *   '--allow-loopback-in-peer-connection' for a browser that must run in the root namespace)
 * @param {number} [opts.timeoutMs=30000] launch timeout
 * @param {boolean} [opts.verbose=false] pipe Chromium's stdout/stderr to this process
 * @param {string} [opts.name] marks the browser's command line with `--convene-browser=<name>`
 *   (Chromium ignores the switch), so that a benchmark can find its process tree
 * @param {boolean} [opts.idle] runs Chromium (and so every process and thread it starts) under
 *   the SCHED_IDLE policy (`chrt --idle 0`): it gets only CPU nothing else wants, so that a
 *   benchmark can give another browser the machine first. (Not `nice`: Chromium, as root, sets
 *   absolute nice values on its threads, undoing it; only its real-time audio threads leave
 *   SCHED_IDLE, for SCHED_RR.)
 * @returns {Promise<{browser: import('playwright-core').Browser, baseUrl: string,
 *   newPage: (contextOptions?: import('playwright-core').BrowserContextOptions) => Promise<import('playwright-core').Page>,
 *   close: () => Promise<void>}>}
 */
export async function launchBrowser(opts = {}) {
  const { extraArgs = [], timeoutMs = 30_000, verbose = false, name, idle = false } = opts
  const url = baseUrl()
  const wrapper = idle ? idleChromium() : null
  const browser = await chromium.launch({
    executablePath: wrapper ?? CHROMIUM_EXECUTABLE,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs, ...(name ? [`--convene-browser=${name}`] : [])],
    timeout: timeoutMs,
    // Chromium must never pick up a proxy from the environment: all traffic stays local.
    env: { ...withoutProxyVariables(process.env) },
    ...(verbose ? { logger: consoleLogger } : {}),
  })

  let closed = false
  return {
    browser,
    baseUrl: url,
    /** A page in a new isolated context whose relative URLs resolve against the base URL. */
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({ baseURL: url, ...contextOptions })
      return context.newPage()
    },
    /** Closes the browser (and with it every context); safe to call more than once. */
    async close() {
      if (closed) return
      closed = true
      await browser.close().catch(() => {})
      if (wrapper) rmSync(dirname(wrapper), { recursive: true, force: true })
    },
  }
}

/**
 * An executable that starts Chromium under SCHED_IDLE: Playwright wants one file to run, and
 * `exec` keeps the process id Playwright watches. Its processes and threads inherit the policy.
 */
function idleChromium() {
  const file = join(mkdtempSync(join(tmpdir(), 'convene-chromium-')), 'chromium')
  writeFileSync(file, `#!/bin/sh\nexec chrt --idle 0 ${CHROMIUM_EXECUTABLE} "$@"\n`)
  chmodSync(file, 0o755)
  return file
}

function withoutProxyVariables(env) {
  const copy = { ...env }
  for (const key of Object.keys(copy)) {
    if (/^(https?|all|no)_proxy$/i.test(key)) delete copy[key]
  }
  return copy
}

const consoleLogger = {
  isEnabled: (name) => name === 'browser',
  log: (name, severity, message) => console.error(`[${name}] ${message}`),
}
