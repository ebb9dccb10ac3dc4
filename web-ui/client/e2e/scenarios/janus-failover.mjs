// Scenario — the Janus hosting a meeting dies (SIGKILL) and media comes back by itself.
//
// Three people in a room fixed to SFU, everyone decoding everyone. The meeting's Janus is
// looked up in its Redis placement ({p}:signaling-service:sfu:{slug}, docs/sfu.md) and killed
// with SIGKILL (scripts/e2e-env.sh kill-janus). signaling-service's pool moves the meeting to
// the other Janus of the e2e namespace and tells the clients to restart; nobody touches the
// pages. Checked: every pair decodes again (framesDecoded of each tile's track growing), the
// connections now end at the other Janus, and the placement names it. The outage per pair
// (longest time without a new decoded frame, from the in-page recorder of lib/media.mjs) is
// printed. The killed Janus is started again at the end so the environment is as before.
import { check } from '../lib/harness.mjs'
import { createRoomViaApi, joinMeeting, newAccount, signUpViaApi } from '../lib/app.mjs'
import {
  describePaths,
  expectEveryoneDecodesEveryone,
  expectMediaMode,
  expectPaths,
  expectRecorderFlowing,
  sfuPathProblem,
  startGapRecorder,
  switchGaps,
} from '../lib/media.mjs'
import { janusIps, janusOf, killJanus, startJanus } from '../lib/janus.mjs'

export const name = 'janus-failover'
export const timeoutMs = 150_000

const SMALL = { width: 800, height: 500 }
/** Media must be back on every pair within this time after the kill. */
const RESUME_LIMIT_MS = 30_000

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice', { viewport: SMALL })
  const bob = await t.person('bob', { viewport: SMALL })
  const carol = await t.person('carol', { viewport: SMALL })
  const people = [alice, bob, carol]
  const janus = janusIps()
  check(janus.length >= 2, `the e2e environment has ${janus.length} Janus; failover needs 2 (scripts/e2e-env.sh up)`)

  const room = await t.step('setup via REST: account and SFU room for alice', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    return createRoomViaApi(alice, { name: 'E2E failover', mediaMode: 'SFU' })
  })
  t.log(`  room ${room.slug}`)

  await t.step('alice, bob and carol (guests) join; everyone decodes everyone through the SFU', async () => {
    await joinMeeting(alice, { link: room.link })
    await joinMeeting(bob, { link: room.link, guestName: 'Bob (guest)' })
    await joinMeeting(carol, { link: room.link, guestName: 'Carol (guest)' })
    for (const p of people) await expectMediaMode(p, 'sfu', { timeoutMs: 15_000 })
    await expectEveryoneDecodesEveryone(people, { timeoutMs: 45_000 })
  })

  const hosting = await t.step("find the meeting's Janus (Redis placement) and check the pages use it", async () => {
    const index = await janusOf(room.slug)
    for (const p of people) {
      const paths = await expectPaths(p, `connections of SFU mode to Janus #${index}`, (x) => sfuPathProblem(x, janus, { videosIn: 2, at: janus[index] }), { timeoutMs: 10_000 })
      t.log(`  ${p.name}: ${describePaths(paths)}`)
    }
    t.log(`  the meeting is on Janus #${index} (${janus[index]})`)
    return index
  })
  const other = janus.findIndex((_, i) => i !== hosting)

  for (const p of people) await startGapRecorder(p)
  for (const p of people) await expectRecorderFlowing(p, people.filter((o) => o !== p))
  let killedAt = 0
  await t.step(`kill Janus #${hosting} with SIGKILL`, async () => {
    killedAt = Date.now()
    const pid = await killJanus(hosting)
    t.log(`  Janus #${hosting} (pid ${pid}) is gone ${Date.now() - killedAt} ms after the kill`)
  })

  try {
    await t.step(`media resumes by itself on every pair (limit ${RESUME_LIMIT_MS / 1000} s after the kill)`, async () => {
      const left = Math.max(5_000, RESUME_LIMIT_MS - (Date.now() - killedAt))
      await Promise.all(people.map(async (viewer) => {
        // New frames on every tile, through connections to the other Janus only.
        await expectPaths(viewer, `connections of SFU mode to Janus #${other}`, (x) => sfuPathProblem(x, janus, { videosIn: 2, at: janus[other] }), { timeoutMs: left })
      }))
      await expectEveryoneDecodesEveryone(people, { timeoutMs: Math.max(5_000, RESUME_LIMIT_MS - (Date.now() - killedAt)) })
      t.log(`  every pair decodes again ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`)
    })
    await t.step('the outage per pair', async () => {
      const { rows } = await switchGaps(people, people, killedAt)
      check(rows.length === 6, `expected 6 pairs that were flowing before the kill, measured ${rows.length}`)
      for (const r of rows) {
        t.log(`  ${r.viewer} ← ${r.other}: no new frame for ${r.maxGap} ms (≤ ${r.upTo}; from +${r.gapFrom} to +${r.gapTo} ms after the kill${r.open ? ', still open' : ''}; tile switched track at ${r.trackSwitches.map((x) => `+${x}`).join(', ') || '-'} ms)`)
        check(!r.open || r.maxGap < 1_000, `${r.viewer} ← ${r.other}: frames stopped again (${r.maxGap} ms without a new frame at the end)`)
      }
      const worst = rows[0]
      console.log(`JANUS-FAILOVER outage: longest ${worst.maxGap} ms (${worst.viewer} ← ${worst.other}), shortest ${rows[rows.length - 1].maxGap} ms over ${rows.length} pairs`)
      check(worst.maxGap < RESUME_LIMIT_MS, `${worst.viewer} saw no frame from ${worst.other} for ${worst.maxGap} ms`)
    })
    await t.step(`the placement names Janus #${other} now`, async () => {
      const index = await janusOf(room.slug)
      check(index === other, `the meeting's placement names Janus #${index}, expected #${other}`)
    })
  } finally {
    // Leave the environment as it was (the other scenarios and later runs want two Janus).
    await startJanus(hosting).then(
      () => t.log(`  Janus #${hosting} started again`),
      (err) => t.log(`  could not start Janus #${hosting} again: ${err.message}`),
    )
  }
}
