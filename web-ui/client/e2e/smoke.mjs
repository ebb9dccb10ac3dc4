// Smoke test: the client loads from the one origin, all four services report UP through it,
// and the page is a secure context with media devices (needed for WebRTC later).
//
//   CONVENE_E2E_BASE_URL=http://localhost:8080 CONVENE_ARTIFACTS_DIR=./artifacts node e2e/smoke.mjs
//
// Prints one line, exits 0 on success, 1 on failure; always closes the browser.
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { launchBrowser, baseUrl } from './browser.mjs'

// At most 60 s (the suite's budget); CONVENE_SMOKE_WAIT_MS may shorten it.
const WAIT_ALL_UP_MS = Math.min(Number(process.env.CONVENE_SMOKE_WAIT_MS) || 60_000, 60_000)
const artifactsDir = resolve(process.env.CONVENE_ARTIFACTS_DIR ?? './artifacts')
const screenshotPath = join(artifactsDir, 'smoke-home.png')
const started = Date.now()

let session
let page
let exitCode = 1
try {
  await mkdir(artifactsDir, { recursive: true })
  session = await launchBrowser()
  page = await session.newPage({ viewport: { width: 1280, height: 900 } })
  const pageErrors = []
  page.on('pageerror', (err) => pageErrors.push(err.message))

  const response = await page.goto(`${baseUrl()}/`, { waitUntil: 'domcontentloaded', timeout: 30_000 })
  if (!response || !response.ok()) {
    throw new Error(`GET ${baseUrl()}/ answered ${response ? response.status() : 'nothing'}`)
  }

  try {
    await page.waitForSelector('[data-all-up="true"]', { timeout: WAIT_ALL_UP_MS, state: 'attached' })
  } catch {
    const rows = await serviceRows(page)
    throw new Error(
      `not all services UP within ${WAIT_ALL_UP_MS / 1000}s: ${rows || 'status panel not rendered'}` +
        (pageErrors.length ? `; page errors: ${pageErrors.join(' | ')}` : ''),
    )
  }

  const env = await page.evaluate(() => ({
    secure: window.isSecureContext,
    mediaDevices: typeof navigator.mediaDevices?.getUserMedia === 'function',
  }))
  if (!env.secure) throw new Error('page is not a secure context (serve it from http://localhost or https)')
  if (!env.mediaDevices) throw new Error('navigator.mediaDevices is missing')

  await page.screenshot({ path: screenshotPath, fullPage: true })
  const rows = await serviceRows(page)
  console.log(
    `smoke: PASS ${baseUrl()} all services UP (${rows}), secure context, mediaDevices present, ` +
      `screenshot ${screenshotPath} (${Date.now() - started} ms)`,
  )
  exitCode = 0
} catch (err) {
  if (page) {
    await page.screenshot({ path: screenshotPath, fullPage: true }).catch(() => {})
  }
  console.log(`smoke: FAIL ${baseUrl()}: ${oneLine(err)}`)
} finally {
  if (session) await session.close()
}
process.exit(exitCode)

/** First line of an error message, without terminal colour codes. */
function oneLine(err) {
  const text = err instanceof Error ? err.message : String(err)
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0].trim()
}

/** "auth-service=up, room-service=unreachable (HTTP 502 ...), ..." from the rendered panel. */
async function serviceRows(p) {
  return p
    .$$eval('[data-service]', (els) =>
      els
        .map((el) => {
          const detail = el.querySelector('.service-row__detail')?.textContent?.trim()
          return `${el.getAttribute('data-service')}=${el.getAttribute('data-state')}${detail ? ` (${detail})` : ''}`
        })
        .join(', '),
    )
    .catch(() => '')
}
