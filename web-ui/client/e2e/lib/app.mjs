// What people do in Convene, driven through the data-testid contract of docs/web-client.md
// (…ViaUi), plus REST shortcuts (…ViaApi) for setup that is not the thing under test. REST
// calls go through the person's browser context (context.request), so cookies such as the
// refresh cookie land in that context: a person signed up via REST is signed in in the page.
import { randomBytes } from 'node:crypto'
import { CheckFailed, check, eventually, oneLine, sleep } from './harness.mjs'
import { decodingVideoStreams, describeStats, peerStats, tileVideoState } from './webrtc.mjs'

/** A fresh account (unique per run): username, email, displayName, password. */
export function newAccount(displayName) {
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
  const username = `e2e-${displayName.toLowerCase().replace(/[^a-z0-9]/g, '')}-${tag}`.slice(0, 32)
  return {
    username,
    email: `${username}@example.test`,
    displayName,
    // policy: 10–128 chars, not containing the username, not a common password
    password: `Pw!${randomBytes(9).toString('base64url')}9z`,
  }
}

/** Throws CheckFailed with the body when an HTTP response has another status. */
export async function expectStatus(response, status, what) {
  if (response.status() === status) return
  const body = await response.text().catch(() => '')
  throw new CheckFailed(`${what} answered ${response.status()} (expected ${status}): ${body.slice(0, 300)}`)
}

// ------------------------------------------------------------------------------ accounts

/** Signs up through the signup page; ends signed in (user menu visible). */
export async function signUpViaUi(person, account) {
  const { page } = person
  await page.goto('/signup')
  await person.id('signup-username').fill(account.username)
  await person.id('signup-email').fill(account.email)
  await person.id('signup-display-name').fill(account.displayName)
  await person.id('signup-password').fill(account.password)
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/signup') && r.request().method() === 'POST')
  await person.id('signup-submit').click()
  const response = await answer
  await expectStatus(response, 201, 'signup (from the signup page)')
  const body = await response.json()
  person.account = { ...account, id: body.user.id }
  person.accessToken = body.accessToken
  await person.id('user-menu').waitFor({ state: 'visible' })
}

/** Signs in through the login page; ends signed in (user menu visible). */
export async function logInViaUi(person, account) {
  const { page } = person
  await page.goto('/login')
  await person.id('login-login').fill(account.username)
  await person.id('login-password').fill(account.password)
  await person.id('login-submit').click()
  await person.id('user-menu').waitFor({ state: 'visible' })
}

/** Creates the account via REST in the person's context (refresh cookie set there). */
export async function signUpViaApi(person, account) {
  const response = await person.context.request.post('/api/auth/signup', { data: account, failOnStatusCode: false })
  await expectStatus(response, 201, 'POST /api/auth/signup')
  const body = await response.json()
  person.account = { ...account, id: body.user.id }
  person.accessToken = body.accessToken
  return person.account
}

// --------------------------------------------------------------------------------- rooms

/**
 * Creates a room on the home page. Returns {slug, link} from the `room-link` element
 * (`data-slug`; the link is its href or text).
 */
export async function createRoomViaUi(person, { name, passcode, mediaMode }) {
  const { page } = person
  if (page.url() === 'about:blank' || new URL(page.url()).pathname !== '/') await page.goto('/')
  await person.id('create-room-name').fill(name)
  if (passcode) await person.id('create-room-passcode').fill(passcode)
  if (mediaMode) await person.id('create-room-media-mode').selectOption(mediaMode)
  await person.id('create-room-submit').click()
  const link = person.id('room-link').first()
  await link.waitFor({ state: 'visible' })
  const slug = await link.getAttribute('data-slug')
  check(slug && /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/.test(slug), `room-link has no slug-shaped data-slug (got ${JSON.stringify(slug)})`)
  // The link people share: an <a href>, an <input value> or plain text.
  const shown = (await link.evaluate((el) => el.getAttribute('href') || el.value || el.textContent || '')).trim()
  const match = shown.match(/(https?:\/\/[^\s"'<>]+)?\/m\/([a-z-]+)/)
  check(match && match[2] === slug, `room-link shows ${JSON.stringify(shown)}, not a link to /m/${slug}`)
  const url = new URL(match[0], person.scenario.baseUrl).toString()
  return { slug, link: url }
}

/** Creates a room via REST (room-service) with the person's access token. */
export async function createRoomViaApi(person, settings) {
  check(person.accessToken, `${person.name} has no access token (sign up via API first)`)
  const response = await person.context.request.post('/api/rooms', {
    data: settings,
    headers: { Authorization: `Bearer ${person.accessToken}` },
    failOnStatusCode: false,
  })
  await expectStatus(response, 201, 'POST /api/rooms')
  const room = await response.json()
  return { ...room, link: `${person.scenario.baseUrl}/m/${room.slug}` }
}

// --------------------------------------------------------------------------- the meeting

/**
 * Opens a meeting link and goes through pre-join: guest name (for someone not signed in),
 * passcode, join. Resolves when the meeting room is shown ({participantId}) or — with
 * `expectError` — when join-error is shown ({errorCode}). Unexpected errors throw with the
 * code and the message the page shows.
 */
export async function joinMeeting(person, { link, guestName, passcode, expectError = false, timeoutMs = 30_000 }) {
  const { page } = person
  const t0 = Date.now()
  await page.goto(link, { waitUntil: 'domcontentloaded' })
  if (Date.now() - t0 > 10_000) person.scenario.log(`  (${person.name}: loading ${link} took ${Date.now() - t0} ms)`)
  return finishPreJoin(person, { guestName, passcode, expectError, timeoutMs })
}

/** The pre-join state machine, from whatever pre-join screen is showing. */
export async function finishPreJoin(person, { guestName, passcode, expectError = false, timeoutMs = 30_000 }) {
  const { page } = person
  const started = Date.now()
  const deadline = started + timeoutMs
  let clickedJoin = 0
  let seen = ''
  // What was done when (for slow or failed joins): "guest-name@0.4s prejoin-join@3.1s …"
  const trail = []
  const did = (what) => trail.push(`${what}@${((Date.now() - started) / 1000).toFixed(1)}s`)
  const slowNote = () => {
    // CONVENE_E2E_TRACE=1 shows every pre-join, otherwise only slow ones.
    if (Date.now() - started > 15_000 || process.env.CONVENE_E2E_TRACE === '1') {
      person.scenario.log(`  (${person.name}'s pre-join: ${trail.join(' ')})`)
    }
  }
  const visible = (testId) => person.id(testId).first().isVisible().catch(() => false)
  while (Date.now() < deadline) {
    if (await visible('meeting-room')) {
      check(!expectError, `${person.name} entered the meeting although a join error was expected`)
      const participantId = await eventually(`${person.name}'s meeting-room data-self-id`, () =>
        person.id('meeting-room').first().getAttribute('data-self-id'), { timeoutMs: 15_000 })
      person.participantId = participantId
      did('meeting-room')
      slowNote()
      return { participantId }
    }
    if (await visible('join-error')) {
      const error = person.id('join-error').first()
      const errorCode = await error.getAttribute('data-code', { timeout: 2_000 }).catch(() => null)
      const message = ((await error.innerText({ timeout: 2_000 }).catch(() => '')) || '').trim()
      // "passcode required" is a step of pre-join, not a refusal, when we have the passcode.
      const askedForPasscode = errorCode === 'passcode_required' && passcode && (await visible('passcode'))
      if (expectError && !askedForPasscode) {
        did(`join-error:${errorCode}`)
        slowNote()
        return { errorCode, message }
      }
      if (askedForPasscode) {
        const field = person.id('passcode').first()
        if ((await field.inputValue({ timeout: 2_000 }).catch(() => '')) !== passcode) {
          await field.fill(passcode, { timeout: 2_000 }).catch(() => {})
          clickedJoin = 0
        }
      } else {
        throw new CheckFailed(`${person.name} could not join: join-error data-code=${errorCode} "${message}"`)
      }
    }
    if (await visible('lobby-waiting')) seen = 'lobby-waiting'
    // The page changes under our feet (e.g. pre-join disappears after a click): every action
    // has a short timeout and a failed one just means "look again".
    const quick = { timeout: 2_000 }
    try {
      if (await visible('guest-name')) {
        check(guestName, `${person.name} is asked for a guest name but is meant to be signed in`)
        const field = person.id('guest-name').first()
        if ((await field.inputValue(quick)) !== guestName) {
          await field.fill(guestName, quick)
          did('guest-name')
        }
        if (await visible('guest-continue')) {
          await person.id('guest-continue').first().click(quick)
          did('guest-continue')
          await sleep(300)
          continue
        }
      }
      if (passcode && (await visible('passcode'))) {
        const field = person.id('passcode').first()
        if ((await field.inputValue(quick)) !== passcode) {
          await field.fill(passcode, quick)
          did('passcode')
        }
      }
      const join = person.id('prejoin-join').first()
      if ((await join.isVisible().catch(() => false)) && (await join.isEnabled(quick).catch(() => false))) {
        // Click once; again only if the page stays on pre-join for a while (slow machine).
        if (!clickedJoin || Date.now() - clickedJoin > 8_000) {
          await join.click(quick)
          clickedJoin = Date.now()
          did('prejoin-join')
        }
      }
    } catch (err) {
      if (err instanceof CheckFailed) throw err
    }
    await sleep(200)
  }
  const ids = await page
    .$$eval('[data-testid]', (els) => [...new Set(els.filter((e) => e.getClientRects().length).map((e) => e.getAttribute('data-testid')))].join(' '))
    .catch(() => '?')
  throw new CheckFailed(
    `${person.name} did not reach the meeting room or a join error within ${timeoutMs / 1000} s ` +
      `(url ${page.url()}, ${clickedJoin ? 'join clicked' : 'join never clickable'}${seen ? `, saw ${seen}` : ''}; ` +
      `actions: ${trail.join(' ') || 'none'}; visible test ids: ${ids})`,
  )
}

/** The tile showing `participantId` on `viewer`'s page. */
export function tileOf(viewer, participantId) {
  return viewer.page.locator(`[data-testid="tile"][data-participant-id="${participantId}"]`)
}

/** Waits until `viewer` has a tile for `participantId` whose attribute `attr` equals `value`. */
export async function waitForTileAttribute(viewer, participantId, attr, value, timeoutMs = 15_000) {
  const tile = tileOf(viewer, participantId).first()
  await eventually(
    `${viewer.name}'s tile for ${participantId} with ${attr}="${value}"`,
    async () => (await tile.count()) > 0 && (await tile.getAttribute(attr)) === value,
    {
      timeoutMs,
      describe: () => 'see tile attributes in the screenshot',
    },
  ).catch(async (err) => {
    const attrs = await viewer.page
      .$$eval('[data-testid="tile"]', (els) =>
        els.map((e) => [...e.attributes].filter((a) => a.name.startsWith('data-')).map((a) => `${a.name}=${a.value}`).join(' ')).join(' | '))
      .catch(() => '?')
    throw new CheckFailed(`${err.message}; tiles: ${attrs || '(none)'}`)
  })
}

/** Presses a toggle button and waits for its aria-pressed to become `pressed`. */
export async function toggle(person, testId, pressed, timeoutMs = 10_000) {
  const button = person.id(testId).first()
  await button.click()
  const want = String(pressed)
  await eventually(`${person.name}'s ${testId} aria-pressed=${want}`, async () => (await button.getAttribute('aria-pressed')) === want, {
    timeoutMs,
    describe: () => 'aria-pressed did not change',
  })
}

/** Opens a side panel (chat / participants) unless it is already visible. */
export async function openPanel(person, panelTestId, toggleTestId) {
  if (await person.id(panelTestId).first().isVisible().catch(() => false)) return
  await person.id(toggleTestId).first().click()
  await person.id(panelTestId).first().waitFor({ state: 'visible' })
}

/** Message ids of the chat-message elements in document order (duplicates kept). */
export async function chatMessageIds(person) {
  return person.page.$$eval('[data-testid="chat-message"]', (els) => els.map((e) => e.getAttribute('data-message-id')))
}

export { oneLine }

// ------------------------------------------------------------------------------ media

/**
 * Waits until `viewer` decodes video from `others` (each a Person with participantId):
 * getStats shows at least others.length inbound video streams with framesDecoded > 0, and
 * each other's tile holds a playing <video> with videoWidth > 0. Returns the stats.
 */
export async function expectVideoFrom(viewer, others, { timeoutMs = 30_000 } = {}) {
  let stats = []
  await eventually(
    `${viewer.name} decodes video from ${others.map((o) => o.name).join(' and ')} (getStats inbound-rtp framesDecoded > 0)`,
    async () => {
      stats = await peerStats(viewer.page)
      return decodingVideoStreams(stats) >= others.length
    },
    { timeoutMs, describe: () => describeStats(stats) },
  )
  for (const other of others) {
    let state
    await eventually(
      `${viewer.name}'s tile for ${other.name} plays video (videoWidth > 0)`,
      async () => {
        state = await tileVideoState(tileOf(viewer, other.participantId).first())
        return state.playing
      },
      { timeoutMs, describe: () => JSON.stringify(state) },
    )
  }
  return stats
}
