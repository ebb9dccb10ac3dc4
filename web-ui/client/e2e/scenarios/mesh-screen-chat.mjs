// Scenario 2 — three people in a P2P mesh: everyone decodes both others; Alice shares her
// screen and Bob's view of her switches to the 1280×720 green screen track (the file camera
// is 640×480 and blue, lib/fake-camera.mjs); chat with emoji (typed and from the emoji picker) and a file that Bob downloads
// byte-for-byte; Bob reloads the page and sees the same history exactly once.
// Setup that is not under test (accounts, the room) goes through REST.
import { randomBytes, createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { CheckFailed, check, eventually } from '../lib/harness.mjs'
import {
  chatMessageIds,
  createRoomViaApi,
  expectVideoFrom,
  finishPreJoin,
  joinMeeting,
  newAccount,
  openPanel,
  signUpViaApi,
  tileOf,
  waitForTileAttribute,
} from '../lib/app.mjs'
import { describeStats, peerStats, tileVideoState } from '../lib/webrtc.mjs'
import { CAMERA_WIDTH } from '../lib/fake-camera.mjs'

export const name = 'mesh-screen-chat'
export const timeoutMs = 180_000

const SCREEN_WIDTH = 1280

/** @param {import('../lib/harness.mjs').Scenario} t */
export async function run(t) {
  const alice = await t.person('alice')
  const bob = await t.person('bob')
  const carol = await t.person('carol')

  const room = await t.step('setup via REST: accounts for alice and bob, a P2P room of alice', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    await signUpViaApi(bob, newAccount('Bob'))
    return createRoomViaApi(alice, { name: 'E2E mesh', mediaMode: 'P2P' })
  })
  t.log(`  room ${room.slug}`)

  await t.step('alice, bob and carol (guest) join', async () => {
    await joinMeeting(alice, { link: room.link })
    await joinMeeting(bob, { link: room.link })
    await joinMeeting(carol, { link: room.link, guestName: 'Carol (guest)' })
  })
  t.log(`  participants: alice=${alice.participantId} bob=${bob.participantId} carol=${carol.participantId}`)

  await t.step('the meeting runs in P2P mode', async () => {
    const mode = await alice.id('meeting-room').first().getAttribute('data-media-mode')
    check(String(mode).toUpperCase() === 'P2P', `meeting-room data-media-mode is ${JSON.stringify(mode)}, expected P2P`)
  })
  await t.step('each of the three decodes and plays video from both others', async () => {
    const pairs = [[alice, [bob, carol]], [bob, [alice, carol]], [carol, [alice, bob]]]
    const all = await Promise.all(pairs.map(([viewer, others]) => expectVideoFrom(viewer, others, { timeoutMs: 45_000 })))
    pairs.forEach(([viewer], i) => {
      check(all[i].length >= 2, `${viewer.name} has ${all[i].length} open peer connection(s), a 3-person mesh needs 2`)
      t.log(`  ${viewer.name}: ${describeStats(all[i])}`)
    })
  })

  await t.step("before the share bob's tile for alice plays her 640×480 camera", async () => {
    await waitForTileAttribute(bob, alice.participantId, 'data-screen', 'off')
    let state
    await eventually(
      `bob's tile for alice shows the camera (videoWidth ≤ ${CAMERA_WIDTH}, blue)`,
      async () => {
        state = await tileVideoState(tileOf(bob, alice.participantId).first())
        return state.playing && state.videoWidth <= CAMERA_WIDTH && state.content === 'camera'
      },
      { timeoutMs: 15_000, describe: () => JSON.stringify(state) },
    )
  })

  await t.step('alice shares her screen', async () => {
    await alice.id('toggle-screen').first().click()
    await eventually("alice's toggle-screen aria-pressed=true", async () =>
      (await alice.id('toggle-screen').first().getAttribute('aria-pressed')) === 'true', { timeoutMs: 10_000 })
  })
  await t.step("bob's view of alice switches to the 1280×720 screen track", async () => {
    await waitForTileAttribute(bob, alice.participantId, 'data-screen', 'on')
    let stats = []
    await eventually(
      `bob's inbound video reaches frameWidth ${SCREEN_WIDTH} (getStats)`,
      async () => {
        stats = await peerStats(bob.page)
        return stats.some((s) => s.videoIn.some((v) => v.frameWidth === SCREEN_WIDTH && v.framesDecoded > 0))
      },
      { timeoutMs: 20_000, describe: () => describeStats(stats) },
    )
    // The screen may be shown in alice's tile or in an extra tile of hers: any of her tiles.
    let states = []
    await eventually(
      `a tile of alice on bob's page plays the screen (videoWidth ${SCREEN_WIDTH}, green)`,
      async () => {
        const tiles = tileOf(bob, alice.participantId)
        states = []
        for (let i = 0; i < (await tiles.count()); i++) states.push(await tileVideoState(tiles.nth(i)))
        return states.some((x) => x.playing && x.videoWidth === SCREEN_WIDTH && x.content === 'screen')
      },
      { timeoutMs: 15_000, describe: () => `alice's tile(s): ${JSON.stringify(states)}` },
    )
    t.log(`  bob: ${describeStats(stats)}`)
  })

  // ------------------------------------------------------------------------------ chat
  const typed = 'Hello from Alice 👋🎉 — ünïcode ok'
  let sentText
  await t.step('alice sends a chat message with emoji (typed and from the emoji picker)', async () => {
    await openPanel(alice, 'chat-panel', 'toggle-chat')
    const input = alice.id('chat-input').first()
    await input.fill(typed + ' ')
    await alice.id('emoji-button').first().click()
    const picker = alice.id('emoji-picker').first()
    await picker.waitFor({ state: 'visible' })
    // emoji-picker-element renders into an open shadow root; once its data is loaded the
    // category grid (role=tabpanel) holds the emoji as buttons with role=menuitem.
    // The first opening fills the picker's IndexedDB from the bundled data (a fresh profile
    // every run): seconds on a busy machine.
    const emoji = picker.locator('[role="tabpanel"] [role="menuitem"]').first()
    const t0 = Date.now()
    await emoji.waitFor({ state: 'visible', timeout: 45_000 })
    t.log(`  emoji picker ready after ${Date.now() - t0} ms`)
    const label = await emoji.getAttribute('aria-label')
    await emoji.click()
    let value = ''
    await eventually(`the emoji picked (${label}) reaches chat-input`, async () => {
      value = await input.inputValue()
      return value.length > typed.length + 1
    }, { timeoutMs: 5_000, describe: () => JSON.stringify(value) })
    check(value.startsWith(typed), `chat-input lost the typed text: ${JSON.stringify(value)}`)
    sentText = value.trim()
    if (await picker.isVisible()) await alice.page.keyboard.press('Escape')
    await alice.id('chat-send').first().click()
  })
  await t.step('bob and carol see the message with its emoji', async () => {
    for (const viewer of [bob, carol]) {
      await openPanel(viewer, 'chat-panel', 'toggle-chat')
      const texts = viewer.page.locator('[data-testid="chat-message"] [data-testid="chat-message-text"]')
      await eventually(`${viewer.name} sees ${JSON.stringify(sentText)}`, async () => (await texts.allInnerTexts()).some((x) => x.trim() === sentText), {
        timeoutMs: 15_000,
        describe: () => 'message not in chat-message-text elements',
      })
    }
  })

  const file = { name: 'e2e-attachment.bin', mimeType: 'application/octet-stream', buffer: randomBytes(150 * 1024) }
  await t.step('alice uploads a 150 KiB file to the chat', async () => {
    await alice.id('chat-file-input').first().setInputFiles(file)
    // The upload shows up as a message with a download link on alice's side too.
    await alice.page.locator('[data-testid="chat-message"] [data-testid="chat-file-link"]').first().waitFor({ state: 'visible', timeout: 30_000 })
  })
  await t.step('bob downloads the file; the bytes equal the upload', async () => {
    const link = bob.page.locator('[data-testid="chat-message"] [data-testid="chat-file-link"]').first()
    await link.waitFor({ state: 'visible', timeout: 15_000 })
    const [download] = await Promise.all([bob.page.waitForEvent('download', { timeout: 20_000 }), link.click()])
    const path = await download.path()
    const bytes = await readFile(path)
    const sha = (b) => createHash('sha256').update(b).digest('hex')
    check(
      Buffer.compare(bytes, file.buffer) === 0,
      `downloaded ${bytes.length} bytes (sha256 ${sha(bytes).slice(0, 16)}…), uploaded ${file.buffer.length} (sha256 ${sha(file.buffer).slice(0, 16)}…)`,
    )
    t.log(`  download "${download.suggestedFilename()}" ${bytes.length} bytes, identical`)
  })

  const before = await t.step('bob notes the chat history', async () => {
    const ids = await chatMessageIds(bob)
    check(ids.length >= 2 && ids.every(Boolean), `expected ≥ 2 chat messages with data-message-id, got ${JSON.stringify(ids)}`)
    check(new Set(ids).size === ids.length, `duplicate chat messages before the reload: ${JSON.stringify(ids)}`)
    return ids
  })
  await t.step('bob reloads the page and rejoins', async () => {
    await bob.page.reload()
    await finishPreJoin(bob, {})
  })
  await t.step('after the reload bob sees the same history exactly once', async () => {
    await openPanel(bob, 'chat-panel', 'toggle-chat')
    let ids = []
    await eventually(`bob's chat shows ${before.length} messages again`, async () => {
      ids = await chatMessageIds(bob)
      return ids.length >= before.length
    }, { timeoutMs: 15_000, describe: () => JSON.stringify(ids) })
    // Give late duplicates (history fetch racing live delivery) a chance to appear.
    await bob.page.waitForTimeout(2_000)
    ids = await chatMessageIds(bob)
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i)
    if (dupes.length) throw new CheckFailed(`duplicate chat messages after the reload: ${JSON.stringify(dupes)} in ${JSON.stringify(ids)}`)
    check(
      JSON.stringify(ids) === JSON.stringify(before),
      `history after the reload ${JSON.stringify(ids)} differs from before ${JSON.stringify(before)}`,
    )
    const pending = await bob.page.locator('[data-testid="chat-message"][data-pending="true"]').count()
    check(pending === 0, `${pending} chat message(s) still pending after the reload`)
  })
}
