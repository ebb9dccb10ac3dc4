// Scenario — a room fixed to SFU with three people: media goes through Janus, never peer to
// peer. Each page shows data-media-mode "sfu", every tile's track decodes (framesDecoded
// growing per remote participant, lib/media.mjs), and the page has exactly two connections —
// a send-only publisher and a receive-only subscriber carrying both others — whose selected
// candidate pairs end at a Janus of the e2e namespace (its address and RTP port range).
// Dynacast: with every tile small nobody receives a full-size camera, so after the demands
// arrive no page encodes its camera's rid h any more (outbound-rtp framesEncoded stops growing)
// while rid m goes on; when bob pins alice, alice's h is encoded again and bob gets it.
import { check, eventually } from '../lib/harness.mjs'
import { createRoomViaApi, joinMeeting, newAccount, signUpViaApi, tileOf } from '../lib/app.mjs'
import {
  describePaths, describeTileFrames, expectDecodingEach, expectLayerEncoding, expectMediaMode, expectPaths, nameLookup, sfuPathProblem, tileFrames,
} from '../lib/media.mjs'
import { janusIps } from '../lib/janus.mjs'

export const name = 'sfu-three'
export const timeoutMs = 150_000

const SMALL = { width: 800, height: 500 }

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice', { viewport: SMALL })
  const bob = await t.person('bob', { viewport: SMALL })
  const carol = await t.person('carol', { viewport: SMALL })
  const people = [alice, bob, carol]

  const room = await t.step('setup via REST: account and SFU room for alice', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    return createRoomViaApi(alice, { name: 'E2E SFU', mediaMode: 'SFU' })
  })
  t.log(`  room ${room.slug} (mediaMode ${room.mediaMode})`)
  check(room.mediaMode === 'SFU', `room-service created the room with mediaMode ${room.mediaMode}, not SFU`)

  await t.step('alice, bob (guest) and carol (guest) join', async () => {
    await joinMeeting(alice, { link: room.link })
    await joinMeeting(bob, { link: room.link, guestName: 'Bob (guest)' })
    await joinMeeting(carol, { link: room.link, guestName: 'Carol (guest)' })
  })
  t.log(`  participants: alice=${alice.participantId} bob=${bob.participantId} carol=${carol.participantId}`)

  await t.step('every page shows the SFU mode', async () => {
    for (const p of people) await expectMediaMode(p, 'sfu', { timeoutMs: 15_000 })
  })

  await t.step("everyone decodes both others (each tile's track: framesDecoded growing)", async () => {
    const all = await Promise.all(people.map((viewer) => expectDecodingEach(viewer, people.filter((p) => p !== viewer), { timeoutMs: 45_000 })))
    people.forEach((viewer, i) => t.log(`  ${viewer.name}: ${describeTileFrames(all[i], nameLookup(people))}`))
  })

  await t.step('media goes through Janus: per page one send-only and one receive-only connection, both ending at a Janus', async () => {
    const janus = janusIps()
    for (const viewer of people) {
      const paths = await expectPaths(viewer, 'connections of SFU mode', (p) => sfuPathProblem(p, janus, { videosIn: 2 }), { timeoutMs: 10_000 })
      t.log(`  ${viewer.name}: ${describePaths(paths)}`)
    }
  })

  await t.step('dynacast: every tile is small, so no camera encodes its full-size layer h any more, while m goes on', async () => {
    for (const p of people) {
      const paused = await expectLayerEncoding(p, 'h', false, { timeoutMs: 20_000 })
      check(paused.h > 0, `${p.name}'s camera never encoded h (${JSON.stringify(paused)}): nothing was paused`)
      const going = await expectLayerEncoding(p, 'm', true)
      t.log(`  ${p.name}: framesEncoded h ${going.h} (paused) m ${going.m} l ${going.l}; sizes ${JSON.stringify(going.size)}`)
    }
  })

  await t.step("dynacast: bob pins alice — alice's camera encodes h again and bob's tile of her gets the full size", async () => {
    await tileOf(bob, alice.participantId).getByTestId('tile-pin').click()
    await expectLayerEncoding(alice, 'h', true, { timeoutMs: 15_000 })
    let width = 0
    await eventually("bob's tile of alice shows the full-size layer", async () => {
      width = (await tileFrames(bob.page))[alice.participantId]?.frameWidth ?? 0
      return width >= 640
    }, { timeoutMs: 15_000, describe: () => `frame width ${width}` })
    await expectLayerEncoding(carol, 'h', false) // nobody shows carol large
  })
}
