// Runs `npm ci` unless node_modules already matches the lockfile.
//
// npm writes node_modules/.package-lock.json at the end of every successful install; if it is
// newer than both package.json and package-lock.json, nothing has changed since and the
// (slow, network-using) reinstall is skipped. Set CONVENE_NPM_CI=always to force it.
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const mtime = (file) => {
  try {
    return statSync(join(root, file)).mtimeMs
  } catch {
    return undefined
  }
}

const installed = mtime('node_modules/.package-lock.json')
const inputs = [mtime('package.json'), mtime('package-lock.json')]
const current =
  process.env.CONVENE_NPM_CI !== 'always' &&
  installed !== undefined &&
  inputs.every((t) => t !== undefined && t <= installed)

if (current) {
  console.log('[web-ui client] node_modules is up to date with package-lock.json; skipping npm ci')
} else {
  console.log('[web-ui client] npm ci --no-audit --no-fund')
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
  if (result.error) {
    console.error(`[web-ui client] could not run npm: ${result.error.message}`)
    process.exit(1)
  }
  process.exit(result.status ?? 1)
}
