// Scenario 3 — host controls: with Alice (host), Bob and Carol in the meeting, Alice locks
// the room from the participants panel; Dave, a fourth person, is refused with a clear
// message (join-error data-code="room_locked"). Alice removes Bob: Bob sees why (left-screen
// data-reason="removed_from_meeting") and cannot rejoin (join-error
// data-code="removed_from_meeting"). Then Alice moves the meeting (room fixed to P2P) to the
// media server from the same panel (host-media-mode): Alice and Carol switch to the SFU and
// decode each other through Janus only; and back to peer-to-peer over one direct link.
// Setup (accounts, room) via REST.
import { check, eventually } from '../lib/harness.mjs'
import { createRoomViaApi, joinMeeting, newAccount, openPanel, signUpViaApi, tileOf } from '../lib/app.mjs'
import { describePaths, expectEveryoneDecodesEveryone, expectMediaMode, expectPaths, meshPathProblem, sfuPathProblem } from '../lib/media.mjs'
import { janusIps } from '../lib/janus.mjs'

export const name = 'host-controls'
export const timeoutMs = 150_000

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice')
  const bob = await t.person('bob')
  const carol = await t.person('carol')

  const room = await t.step('setup via REST: accounts for alice and bob, a room of alice', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    await signUpViaApi(bob, newAccount('Bob'))
    return createRoomViaApi(alice, { name: 'E2E host controls', mediaMode: 'P2P' })
  })
  t.log(`  room ${room.slug}`)

  await t.step('alice, bob and carol (guest) join', async () => {
    await joinMeeting(alice, { link: room.link })
    await joinMeeting(bob, { link: room.link })
    await joinMeeting(carol, { link: room.link, guestName: 'Carol (guest)' })
  })

  await t.step('alice sees bob and carol in the participants panel', async () => {
    await openPanel(alice, 'participants-panel', 'toggle-participants')
    for (const p of [bob, carol]) {
      await alice.page.locator(`[data-testid="participant-row"][data-participant-id="${p.participantId}"]`).first()
        .waitFor({ state: 'visible', timeout: 15_000 })
    }
  })

  await t.step('alice locks the room (host-lock aria-pressed=true)', async () => {
    const lock = alice.id('host-lock').first()
    check((await lock.getAttribute('aria-pressed')) === 'false', `host-lock starts with aria-pressed=${await lock.getAttribute('aria-pressed')}, expected false`)
    await lock.click()
    await eventually('host-lock aria-pressed=true', async () => (await lock.getAttribute('aria-pressed')) === 'true', { timeoutMs: 10_000 })
  })

  await t.step('dave, a fourth person, is refused: join-error room_locked with a clear message', async () => {
    const dave = await t.person('dave')
    const { errorCode, message } = await joinMeeting(dave, { link: room.link, guestName: 'Dave (guest)', expectError: true })
    check(errorCode === 'room_locked', `join-error data-code=${JSON.stringify(errorCode)}, expected room_locked ("${message}")`)
    check(message.length >= 10 && !/^room_locked$/.test(message) && /lock/i.test(message),
      `the message for room_locked is not clear: ${JSON.stringify(message)}`)
    t.log(`  dave is told: "${message.replace(/\s+/g, ' ')}"`)
    await dave.context.close()
    t.people.splice(t.people.indexOf(dave), 1)
  })

  await t.step('alice removes bob from the participants panel', async () => {
    const row = alice.page.locator(`[data-testid="participant-row"][data-participant-id="${bob.participantId}"]`).first()
    await row.getByTestId('host-remove').click()
    // The row asks for a confirmation (host-remove-confirm) before removing.
    await row.getByTestId('host-remove-confirm').click()
  })

  await t.step('bob sees why he left: left-screen data-reason=removed_from_meeting', async () => {
    const left = bob.id('left-screen').first()
    await left.waitFor({ state: 'visible', timeout: 15_000 })
    const reason = await left.getAttribute('data-reason')
    check(reason === 'removed_from_meeting', `left-screen data-reason=${JSON.stringify(reason)}, expected removed_from_meeting`)
    const text = (await left.innerText()).replace(/\s+/g, ' ').trim()
    check(/remov/i.test(text), `left-screen does not say that bob was removed: ${JSON.stringify(text)}`)
    t.log(`  bob is told: "${text}"`)
  })

  await t.step("bob's tile disappears for alice and carol", async () => {
    for (const viewer of [alice, carol]) {
      await eventually(`${viewer.name} no longer shows bob's tile`, async () => (await tileOf(viewer, bob.participantId).count()) === 0, {
        timeoutMs: 15_000,
      })
    }
  })

  await t.step('bob cannot rejoin: join-error removed_from_meeting', async () => {
    const { errorCode, message } = await joinMeeting(bob, { link: room.link, expectError: true })
    check(errorCode === 'removed_from_meeting', `join-error data-code=${JSON.stringify(errorCode)}, expected removed_from_meeting ("${message}")`)
    t.log(`  bob is told: "${message.replace(/\s+/g, ' ')}"`)
  })

  const janus = janusIps()
  await t.step('alice sets the media connection to the media server: alice and carol decode each other through Janus only', async () => {
    await openPanel(carol, 'participants-panel', 'toggle-participants')
    check((await carol.id('host-media-mode').count()) === 0, 'carol (not a host) is offered the media connection setting')
    const select = alice.id('host-media-mode').first()
    check((await select.inputValue()) === 'P2P', `host-media-mode starts at ${await select.inputValue()}, expected P2P (the room's setting)`)
    await select.selectOption('SFU')
    await alice.page.locator('[data-testid="toast"][data-toast-key="chat.participants.mediaModeChanged"]').first()
      .waitFor({ state: 'visible', timeout: 10_000 })
    await Promise.all([expectMediaMode(alice, 'sfu', { timeoutMs: 40_000 }), expectMediaMode(carol, 'sfu', { timeoutMs: 40_000 })])
    await expectEveryoneDecodesEveryone([alice, carol], { timeoutMs: 30_000 })
    for (const p of [alice, carol]) {
      const paths = await expectPaths(p, 'connections of SFU mode', (x) => sfuPathProblem(x, janus, { videosIn: 1 }), { timeoutMs: 30_000 })
      t.log(`  ${p.name}: ${describePaths(paths)}`)
    }
  })

  await t.step('back to peer-to-peer: alice and carol decode each other over one direct link', async () => {
    await alice.id('host-media-mode').first().selectOption('P2P')
    await Promise.all([expectMediaMode(alice, 'p2p', { timeoutMs: 40_000 }), expectMediaMode(carol, 'p2p', { timeoutMs: 40_000 })])
    await expectEveryoneDecodesEveryone([alice, carol])
    for (const p of [alice, carol]) {
      const paths = await expectPaths(p, 'one direct link', (x) => meshPathProblem(x, janus, 1), { timeoutMs: 30_000 })
      t.log(`  ${p.name}: ${describePaths(paths)}`)
    }
  })
}
