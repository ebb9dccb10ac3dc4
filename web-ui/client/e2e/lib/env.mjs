// Where the e2e scripts find things: the repository, the e2e environment's variables, the
// artefacts folder.
//
// `scripts/e2e-env.sh exec -- node …` exports the CONVENE_E2E_* variables of
// .convene/e2e/env; a script started some other way (e.g. `ip netns exec cvn-e2e node …`)
// reads the same file itself, so the base URL always comes from the environment that is up.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** web-ui/client/e2e/lib → the repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
/** web-ui/client: where node_modules (playwright-core, axe-core) live. */
export const CLIENT_DIR = join(REPO_ROOT, 'web-ui/client')
export const E2E_ENV_FILE = join(REPO_ROOT, '.convene/e2e/env')

let fileVars
/** KEY=VALUE lines of .convene/e2e/env (empty when the environment is not up). */
function e2eFileVars() {
  if (fileVars) return fileVars
  fileVars = {}
  if (existsSync(E2E_ENV_FILE)) {
    for (const line of readFileSync(E2E_ENV_FILE, 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line)
      if (m) fileVars[m[1]] = m[2].trim()
    }
  }
  return fileVars
}

/** A CONVENE_E2E_* variable: the process environment first, then .convene/e2e/env. */
export function e2eVar(name, fallback) {
  return process.env[name] ?? e2eFileVars()[name] ?? fallback
}

/** Base URL of the one origin under test (inside the namespace: http://localhost:8080). */
export function e2eBaseUrl() {
  return e2eVar('CONVENE_E2E_BASE_URL', 'http://localhost:8080').replace(/\/+$/, '')
}

/** Screenshots and other test artefacts (git-ignored): CONVENE_ARTIFACTS_DIR or <repo>/artifacts. */
export function artifactsDir() {
  return resolve(process.env.CONVENE_ARTIFACTS_DIR ?? join(REPO_ROOT, 'artifacts'))
}
