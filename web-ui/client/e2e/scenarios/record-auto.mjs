// Scenario — a host records a small AUTO meeting on the server (docs/recording.md, "AUTO
// meetings"): the meeting is in P2P, which Janus cannot record, so the host's record button
// moves it to the SFU first.
//
// - Alice (host) and Bob (guest) meet in P2P, decoding each other.
// - Alice presses record: she is told the meeting moves to the media server; both pages end on
//   data-media-mode "sfu", connected only to a Janus, decoding each other, and both show the
//   server-recording indicator.
// - Two people are below the AUTO threshold, yet the meeting stays on the SFU past the
//   back-to-P2P delay (5 s) while it is recorded.
// - Alice stops: the indicator goes, the processed files (janus-pp-rec + ffmpeg: one WebM per
//   person, labelled with the person's name) are offered to her, one downloads as a non-trivial file;
//   she deletes the recording (a second press confirms) and it leaves her list; then both return to P2P
//   and decode each other over one direct link.
import fs from 'node:fs'
import { check } from '../lib/harness.mjs'
import { createRoomViaApi, joinMeeting, newAccount, signUpViaApi } from '../lib/app.mjs'
import {
  describePaths,
  expectEveryoneDecodesEveryone,
  expectMediaMode,
  expectPaths,
  mediaModeOf,
  meshPathProblem,
  sfuPathProblem,
} from '../lib/media.mjs'
import { janusIps } from '../lib/janus.mjs'

export const name = 'record-auto'
export const timeoutMs = 180_000

const SMALL = { width: 800, height: 500 }
/** The server's back-to-P2P delay (convene.media.back-to-p2p-delay) plus a re-check interval and a margin. */
const HELD_FOR_MS = 11_000

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice', { viewport: SMALL })
  const bob = await t.person('bob', { viewport: SMALL })
  const janus = janusIps()

  const room = await t.step('setup via REST: account and AUTO room for alice', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    return createRoomViaApi(alice, { name: 'E2E record auto', mediaMode: 'AUTO' })
  })
  t.log(`  room ${room.slug}`)

  await t.step('alice (host) and bob (guest) meet in P2P and decode each other', async () => {
    await joinMeeting(alice, { link: room.link })
    await joinMeeting(bob, { link: room.link, guestName: 'Bob (guest)' })
    await Promise.all([expectMediaMode(alice, 'p2p'), expectMediaMode(bob, 'p2p')])
    await expectEveryoneDecodesEveryone([alice, bob])
  })

  const pressedAt = await t.step('alice presses record: she is told the meeting moves to the media server', async () => {
    const at = Date.now()
    await alice.id('toggle-record').first().click()
    await alice.page.locator('[data-testid="toast"][data-toast-key="meeting.serverRecording.movingToSfu"]').first()
      .waitFor({ state: 'visible', timeout: 10_000 })
    return at
  })

  await t.step('both move to the SFU, and both see the server-recording indicator', async () => {
    await Promise.all([expectMediaMode(alice, 'sfu', { timeoutMs: 40_000 }), expectMediaMode(bob, 'sfu', { timeoutMs: 40_000 })])
    for (const p of [alice, bob]) {
      await p.id('server-recording-indicator').first().waitFor({ state: 'visible', timeout: 20_000 })
    }
    t.log(`  recording ${((Date.now() - pressedAt) / 1000).toFixed(1)} s after the click`)
    const pressed = await alice.id('toggle-record').first().getAttribute('aria-pressed')
    check(pressed === 'true', `alice's record button shows aria-pressed=${pressed} while the server records`)
  })

  await t.step('through Janus only, each decodes the other', async () => {
    await expectEveryoneDecodesEveryone([alice, bob], { timeoutMs: 30_000 })
    for (const p of [alice, bob]) {
      const paths = await expectPaths(p, 'connections of SFU mode', (x) => sfuPathProblem(x, janus, { videosIn: 1 }), { timeoutMs: 30_000 })
      t.log(`  ${p.name}: ${describePaths(paths)}`)
    }
  })

  await t.step(`two people, below the threshold, stay on the SFU while recorded (${HELD_FOR_MS / 1000} s)`, async () => {
    const until = Date.now() + HELD_FOR_MS
    while (Date.now() < until) {
      for (const p of [alice, bob]) {
        const { mode, switchingTo } = await mediaModeOf(p)
        check(mode === 'sfu' && !switchingTo, `${p.name}'s meeting left the SFU during the recording (mode ${mode}, switching to ${switchingTo})`)
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  })

  await t.step('alice stops: the indicator goes for both, her file is offered and downloads', async () => {
    await alice.id('toggle-record').first().click()
    for (const p of [alice, bob]) {
      await p.id('server-recording-indicator').first().waitFor({ state: 'hidden', timeout: 15_000 })
    }
    const files = alice.id('server-recording-files').first()
    await files.waitFor({ state: 'visible', timeout: 60_000 }) // post-processing: janus-pp-rec, ffmpeg
    const buttons = files.locator('button.server-recording__file')
    const names = (await buttons.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())
    t.log(`  offered: ${names.join(' | ')}`)
    check(names.length === 2, `expected one file per person (2), got ${names.length}: ${names.join(' | ')}`)
    for (const who of ['Alice ·', 'Bob (guest) ·']) {
      check(names.some((n) => n.startsWith(who)), `no file labelled with "${who}" (the participant's name): ${names.join(' | ')}`)
    }
    const [download] = await Promise.all([alice.page.waitForEvent('download', { timeout: 15_000 }), buttons.first().click()])
    const saved = await download.path()
    const size = fs.statSync(saved).size
    t.log(`  downloaded ${download.suggestedFilename()}: ${size} bytes`)
    check(/\.webm$/.test(download.suggestedFilename()), `the file is not a WebM: ${download.suggestedFilename()}`)
    check(size > 20_000, `the recording of ~${HELD_FOR_MS / 1000} s holds only ${size} bytes`)
    check(!(await bob.id('server-recording-files').count()), 'bob, not a host, is offered the files')
  })

  await t.step('alice deletes the recording (two presses): it is gone from her list, and from the server', async () => {
    const remove = alice.id('server-recording-delete').first()
    await remove.click()
    check((await alice.id('server-recording-files').count()) === 1, 'one press deleted the recording without confirmation')
    await remove.click()
    await alice.id('server-recording-files').first().waitFor({ state: 'detached', timeout: 10_000 })
    // the toast comes only with the server's 204
    await alice.page.locator('[data-testid="toast"][data-toast-key="meeting.serverRecording.deleted"]').first()
      .waitFor({ state: 'visible', timeout: 10_000 })
  })

  await t.step('the recording over, both return to P2P and decode each other over one direct link', async () => {
    await Promise.all([expectMediaMode(alice, 'p2p', { timeoutMs: 40_000 }), expectMediaMode(bob, 'p2p', { timeoutMs: 40_000 })])
    await expectEveryoneDecodesEveryone([alice, bob])
    for (const p of [alice, bob]) {
      const paths = await expectPaths(p, 'one direct link', (x) => meshPathProblem(x, janus, 1), { timeoutMs: 30_000 })
      t.log(`  ${p.name}: ${describePaths(paths)}`)
    }
  })
}
