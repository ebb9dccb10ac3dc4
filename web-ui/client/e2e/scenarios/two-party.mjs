// Scenario 1 — two people meet: Alice signs up (signup page), creates a room with a
// passcode (home page) and joins; Bob, a guest on a phone-sized screen, joins by the link
// with the passcode. Each decodes and plays the other's video (Alice's meeting sends the
// tracks her device preview opened, without a second getUserMedia); Alice mutes and Bob's tile
// for her shows data-mic="off". Also: screenshots of the meeting at desktop (1280×800) and
// phone width (390×844), and axe scans of the login, home and meeting pages (pre-join and in
// the meeting; serious or critical violations fail the scenario, after the media checks).
import { DESKTOP, PHONE, check } from '../lib/harness.mjs'
import {
  createRoomViaUi,
  expectVideoFrom,
  finishPreJoin,
  joinMeeting,
  newAccount,
  signUpViaUi,
  waitForTileAttribute,
} from '../lib/app.mjs'
import { axeScan } from '../lib/axe.mjs'
import { describeStats, peerStats } from '../lib/webrtc.mjs'

export const name = 'two-party'
export const timeoutMs = 120_000

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice', { viewport: DESKTOP })
  const bob = await t.person('bob', { viewport: PHONE })
  const account = newAccount('Alice')
  const passcode = 'e2e-pass-4821'

  await t.step('the login page renders', async () => {
    await alice.page.goto('/login')
    await alice.id('login-submit').waitFor({ state: 'visible' })
  })
  await t.softStep('accessibility: login page', () => axeScan(t, alice.page, 'login'))

  await t.step('alice signs up on the signup page', () => signUpViaUi(alice, account))

  await t.step('the home page renders for alice', async () => {
    await alice.page.goto('/')
    await alice.id('create-room-name').waitFor({ state: 'visible' })
  })
  await t.softStep('accessibility: home page', () => axeScan(t, alice.page, 'home'))

  const room = await t.step('alice creates a room with a passcode', () =>
    createRoomViaUi(alice, { name: 'E2E two-party', passcode }),
  )
  t.log(`  room ${room.slug}, link ${room.link}`)

  await t.step('alice opens the meeting link: the pre-join page', async () => {
    await alice.page.goto(room.link)
    await alice.id('prejoin-join').first().waitFor({ state: 'visible' })
    await alice.id('prejoin-preview').first().waitFor({ state: 'visible' })
  })
  await t.softStep('accessibility: meeting page, pre-join', () => axeScan(t, alice.page, 'pre-join'))
  await t.step('alice (host) joins her meeting', async () => {
    // From here on getUserMedia is counted: the meeting takes over the preview's tracks.
    await alice.page.evaluate(() => {
      const devices = navigator.mediaDevices
      const open = devices.getUserMedia.bind(devices)
      window.__getUserMediaCalls = 0
      devices.getUserMedia = (constraints) => {
        window.__getUserMediaCalls++
        return open(constraints)
      }
    })
    await finishPreJoin(alice, {})
  })
  await t.step('bob joins by the link as a guest with the passcode', () =>
    joinMeeting(bob, { link: room.link, guestName: 'Bob (guest)', passcode }),
  )
  t.log(`  participants: alice=${alice.participantId} bob=${bob.participantId}`)

  await t.step("alice decodes and plays bob's video", async () => {
    const stats = await expectVideoFrom(alice, [bob])
    t.log(`  alice: ${describeStats(stats)}`)
  })
  await t.step("bob decodes and plays alice's video", async () => {
    const stats = await expectVideoFrom(bob, [alice])
    t.log(`  bob: ${describeStats(stats)}`)
  })

  await t.step("alice's meeting sends the preview's camera and microphone (no second getUserMedia)", async () => {
    const calls = await alice.page.evaluate(() => window.__getUserMediaCalls)
    check(calls === 0, `getUserMedia was called ${calls} time(s) after alice clicked join`)
  })

  await t.step("bob's tile for alice shows her microphone on", () =>
    waitForTileAttribute(bob, alice.participantId, 'data-mic', 'on'),
  )
  await t.step('alice mutes; her own tile and bob\'s tile for her show data-mic="off"', async () => {
    await alice.id('toggle-mic').first().click()
    await waitForTileAttribute(alice, alice.participantId, 'data-mic', 'off')
    await waitForTileAttribute(bob, alice.participantId, 'data-mic', 'off')
  })

  await t.step('screenshots of the meeting: desktop 1280×800 (alice), phone 390×844 (bob)', async () => {
    check(alice.page.viewportSize().width === 1280 && bob.page.viewportSize().width === 390, 'unexpected viewport sizes')
    await t.screenshot(alice.page, 'meeting-desktop-1280x800.png')
    await t.screenshot(bob.page, 'meeting-phone-390x844.png')
  })
  await t.softStep('accessibility: meeting page (desktop)', () => axeScan(t, alice.page, 'meeting'))

  const final = await peerStats(bob.page)
  t.log(`  bob at the end: ${describeStats(final)}`)
}
