// The e2e environment's Janus instances (scripts/e2e-env.sh): their addresses, which one
// hosts a meeting (its Redis placement), and killing / starting one for failover tests.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CheckFailed } from './harness.mjs'
import { REPO_ROOT, e2eVar } from './env.mjs'

const run = promisify(execFile)
const E2E_ENV = join(REPO_ROOT, 'scripts/e2e-env.sh')

/** ws:// URLs of every Janus of the environment, in index order. */
export function janusUrls() {
  const urls = e2eVar('CONVENE_E2E_JANUS_URLS', '') || e2eVar('CONVENE_E2E_JANUS_WS', '')
  if (!urls) throw new CheckFailed('CONVENE_E2E_JANUS_URLS is not set: is the e2e environment up (scripts/e2e-env.sh up)?')
  return urls.split(',').map((u) => u.trim()).filter(Boolean)
}

/** The media (and API) address of every Janus, in index order. */
export function janusIps() {
  return janusUrls().map((u) => new URL(u).hostname)
}

async function e2eEnv(...args) {
  try {
    const { stdout } = await run(E2E_ENV, args, { timeout: 30_000 })
    return stdout.trim()
  } catch (err) {
    throw new CheckFailed(`scripts/e2e-env.sh ${args.join(' ')} failed: ${(err.stderr || err.message || '').toString().trim().slice(-500)}`)
  }
}

/** Index of the Janus that hosts the meeting's SFU room (its placement in Redis). */
export async function janusOf(slug) {
  const out = await e2eEnv('janus-of', slug)
  const index = Number(out)
  if (!Number.isInteger(index)) throw new CheckFailed(`e2e-env.sh janus-of ${slug} printed ${JSON.stringify(out)}`)
  return index
}

/** SIGKILLs Janus #index; resolves with its pid once it is gone. */
export async function killJanus(index) {
  return Number(await e2eEnv('kill-janus', String(index)))
}

/** Starts Janus #index again and waits until it answers. */
export async function startJanus(index) {
  await e2eEnv('start-janus', String(index))
}
