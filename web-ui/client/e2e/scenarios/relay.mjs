// Scenario 4 — relay only: Alice and Bob open the meeting page with ?relay=1, which makes the
// client use iceTransportPolicy 'relay' (TURN through coturn, credentials from the signaling
// welcome). The call still connects; on both sides every peer connection has policy
// 'relay' and its selected candidate pair is relay on both ends, and video is decoded.
import { check, eventually } from '../lib/harness.mjs'
import { createRoomViaApi, expectVideoFrom, joinMeeting, newAccount, signUpViaApi } from '../lib/app.mjs'
import { describeStats, peerStats } from '../lib/webrtc.mjs'

export const name = 'relay'
export const timeoutMs = 100_000

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice')
  const bob = await t.person('bob')

  const room = await t.step('setup via REST: account and P2P room for alice', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    return createRoomViaApi(alice, { name: 'E2E relay', mediaMode: 'P2P' })
  })
  const link = `${room.link}?relay=1`
  t.log(`  ${link}`)

  await t.step('alice and bob (guest) join with ?relay=1', async () => {
    await joinMeeting(alice, { link })
    await joinMeeting(bob, { link, guestName: 'Bob (guest)' })
  })

  for (const [viewer, other] of [[alice, bob], [bob, alice]]) {
    await t.step(`${viewer.name} decodes ${other.name}'s video over a relay↔relay candidate pair`, async () => {
      await expectVideoFrom(viewer, [other])
      let stats = []
      await eventually(
        `${viewer.name}: every peer connection relay-only with a selected relay pair`,
        async () => {
          stats = await peerStats(viewer.page)
          return stats.length > 0 && stats.every((s) => s.policy === 'relay' && s.pair && s.pair.local === 'relay' && s.pair.remote === 'relay')
        },
        { timeoutMs: 15_000, describe: () => describeStats(stats) },
      )
      const pair = stats.find((s) => s.videoIn.some((v) => v.framesDecoded > 0))?.pair
      check(pair && (pair.selected || pair.nominated), `no selected/nominated pair carries the video: ${describeStats(stats)}`)
      t.log(`  ${viewer.name}: ${describeStats(stats)}; local ${pair.localAddress} (${pair.relayProtocol ?? pair.localProtocol}) -> remote ${pair.remoteAddress}`)
    })
  }
}
