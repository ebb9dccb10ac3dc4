// Meeting end-to-end scenarios in real headless Chromium (fake camera/microphone/screen),
// against the running suite. Normally run by system-tests (MeetingE2eTest) inside the
// cvn-e2e namespace; by hand, with the e2e environment and suite up:
//
//   scripts/e2e-env.sh exec -- node web-ui/client/e2e/meeting.mjs two-party
//   scripts/e2e-env.sh exec -- node web-ui/client/e2e/meeting.mjs            # all, one after another
//
// Scenarios (e2e/scenarios/*.mjs): two-party, mesh-screen-chat, host-controls, relay, sfu-three,
// auto-switch, record-auto, janus-failover (the last four need the suite's SFU: two Janus in cvn-e2e).
// Each prints a step log and "PASS|FAIL <scenario> in N s"; exit code 0 only if all passed.
// Screenshots go to CONVENE_ARTIFACTS_DIR (default <repo>/artifacts). See docs/e2e-tests.md.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { runScenario } from './lib/harness.mjs'

export const SCENARIOS = ['two-party', 'mesh-screen-chat', 'host-controls', 'relay', 'sfu-three', 'auto-switch', 'record-auto', 'janus-failover']

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(`usage: node e2e/meeting.mjs [${SCENARIOS.join('|')}|all]`)
  process.exit(0)
}
const wanted = args.length === 0 || args.includes('all') ? SCENARIOS : args
const unknown = wanted.filter((s) => !SCENARIOS.includes(s))
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`)
  process.exit(2)
}

if (wanted.length === 1) {
  const scenario = await import(`./scenarios/${wanted[0]}.mjs`)
  await runScenario(scenario.name, { timeoutMs: scenario.timeoutMs, camera: scenario.camera }, scenario.run)
} else {
  // One process per scenario: a crashed scenario cannot take the others with it.
  const self = fileURLToPath(import.meta.url)
  const results = []
  for (const name of wanted) {
    const t0 = Date.now()
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [self, name], { stdio: 'inherit' })
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)))
    })
    results.push({ name, ok: code === 0, secs: ((Date.now() - t0) / 1000).toFixed(1) })
  }
  console.log('\nsummary: ' + results.map((r) => `${r.name} ${r.ok ? 'PASS' : 'FAIL'} (${r.secs} s)`).join(', '))
  process.exit(results.every((r) => r.ok) ? 0 : 1)
}
