import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from '@/api/http'
import { GUEST_RENEW_BEFORE_MS, MIN_VALIDITY_MS, RENEW_BEFORE_MS, RENEW_RETRY_MS, SUPERSEDED_RETRY_DELAY_MS, useSession } from './session'

/** base64url of a JSON value, as in a JWT. */
const base64url = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** A JWT-shaped token whose payload has iat/exp `lifetime` seconds apart (signature not checked). */
function jwt(lifetimeSeconds: number, extra: Record<string, unknown> = {}): string {
  const iat = 1_700_000_000
  return `eyJhbGciOiJSUzI1NiJ9.${base64url({ iat, exp: iat + lifetimeSeconds, ...extra })}.sig`
}

const USER = { id: 'u-1', username: 'alice', email: 'alice@example.org', displayName: 'Alice', groups: ['user'] }
const GUEST = { id: 'g-1', displayName: 'Gus', groups: ['guest'] }

function tokenResponse(token: string, user: object = USER, expiresIn = 900) {
  return { accessToken: token, tokenType: 'Bearer', expiresIn, user }
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> }
type Handler = (url: string, init: RequestInit) => Reply | Promise<Reply>

/** A fetch that answers by "METHOD path" and records every call. */
function fakeFetch(routes: Record<string, Handler | Reply | Reply[]>) {
  const calls: { key: string; auth?: string }[] = []
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const key = `${init.method} ${url}`
    const headers = init.headers as Record<string, string>
    calls.push({ key, auth: headers.Authorization })
    const route = routes[key]
    if (!route) throw new Error(`unexpected request ${key}`)
    const reply = typeof route === 'function' ? await route(url, init) : Array.isArray(route) ? route.shift()! : route
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    })
  })
  vi.stubGlobal('fetch', fetch)
  return { fetch, calls, count: (key: string) => calls.filter((c) => c.key === key).length }
}

class MemoryStorage {
  private data = new Map<string, string>()
  getItem(key: string) {
    return this.data.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.data.set(key, value)
  }
  removeItem(key: string) {
    this.data.delete(key)
  }
}

const REFRESH = 'POST /api/auth/refresh'
const NO_SESSION: Reply = { status: 401, body: { code: 'refresh_token_missing', message: 'no cookie' } }

let storage: MemoryStorage

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  storage = new MemoryStorage()
  vi.stubGlobal('sessionStorage', storage)
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('start', () => {
  it('restores a signed-in user from the refresh cookie', async () => {
    const token = jwt(900)
    fakeFetch({ [REFRESH]: { status: 200, body: tokenResponse(token) } })
    const session = useSession()
    expect(session.status).toBe('starting')
    await session.start()
    expect(session.status).toBe('user')
    expect(session.displayName).toBe('Alice')
    expect(await session.accessToken()).toBe(token)
  })

  it('is anonymous without a session, and refreshes only once however often it is called', async () => {
    const fake = fakeFetch({ [REFRESH]: NO_SESSION })
    const session = useSession()
    await Promise.all([session.start(), session.start()])
    await session.start()
    expect(session.status).toBe('anonymous')
    expect(fake.count(REFRESH)).toBe(1)
    await expect(session.accessToken()).rejects.toMatchObject({ status: 401, code: 'unauthorized' })
  })

  it('tries again later when the server could not be reached at start', async () => {
    const fake = fakeFetch({
      [REFRESH]: [{ status: 502, body: { code: 'upstream_unavailable', message: 'down' } }, { status: 200, body: tokenResponse(jwt(900)) }],
    })
    const session = useSession()
    await session.start()
    expect(session.status).toBe('anonymous')
    expect(await session.accessToken()).toBeTruthy()
    expect(session.status).toBe('user')
    expect(fake.count(REFRESH)).toBe(2)
  })

  it('restores a guest kept in sessionStorage when there is no user session', async () => {
    fakeFetch({ [REFRESH]: NO_SESSION, 'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) } })
    const first = useSession()
    await first.start()
    await first.continueAsGuest('Gus')
    const guestToken = await first.accessToken()

    setActivePinia(createPinia()) // a reload: a new store, the same tab storage
    const reloaded = useSession()
    await reloaded.start()
    expect(reloaded.status).toBe('guest')
    expect(reloaded.displayName).toBe('Gus')
    expect(await reloaded.accessToken()).toBe(guestToken)
  })

  it('renews a stored guest whose token expired meanwhile (a laptop that slept), and forgets it when that is refused', async () => {
    const renewed = jwt(7200, { n: 2 })
    const fake = fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) },
      'POST /api/auth/guest/renew': [
        { status: 200, body: tokenResponse(renewed, GUEST, 7200) },
        { status: 403, body: { code: 'guest_expired', message: '12 h' } },
      ],
    })
    const first = useSession()
    await first.start()
    await first.continueAsGuest('Gus')
    vi.setSystemTime(Date.now() + 3 * 3600_000) // the tab was asleep for three hours: no timer ran

    setActivePinia(createPinia())
    const reloaded = useSession()
    await reloaded.start()
    expect(await reloaded.accessToken()).toBe(renewed) // the same guest, with a fresh token
    expect(reloaded.user?.id).toBe(GUEST.id)
    expect(fake.count('POST /api/auth/guest/renew')).toBe(1)

    vi.setSystemTime(Date.now() + 13 * 3600_000) // past the identity's 12 h
    setActivePinia(createPinia())
    const later = useSession()
    await later.start()
    await expect(later.accessToken()).rejects.toMatchObject({ status: 401 })
    expect(later.status).toBe('anonymous')
    expect(storage.getItem('convene.guest')).toBeNull()
  })
})

describe('silent renewal', () => {
  it('refreshes a minute before the access token expires, and again for the next one', async () => {
    const fake = fakeFetch({
      [REFRESH]: [
        { status: 200, body: tokenResponse(jwt(900)) },
        { status: 200, body: tokenResponse(jwt(900, { n: 2 })) },
        { status: 200, body: tokenResponse(jwt(900, { n: 3 })) },
      ],
    })
    const session = useSession()
    await session.start()
    expect(fake.count(REFRESH)).toBe(1)

    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS - 1)
    expect(fake.count(REFRESH)).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.count(REFRESH)).toBe(2)
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS)
    expect(fake.count(REFRESH)).toBe(3)
  })

  it('measures the lifetime from the token (exp - iat), not from the client clock', async () => {
    // exp is far in the past for this machine's clock, yet the token is good for 15 minutes.
    const fake = fakeFetch({ [REFRESH]: { status: 200, body: tokenResponse(jwt(900)) } })
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'))
    const session = useSession()
    await session.start()
    await session.accessToken()
    expect(fake.count(REFRESH)).toBe(1)
  })

  it('retries a renewal that failed for lack of network', async () => {
    const fake = fakeFetch({
      [REFRESH]: [
        { status: 200, body: tokenResponse(jwt(900)) },
        { status: 503, body: { code: 'service_unavailable', message: 'down' } },
        { status: 200, body: tokenResponse(jwt(900, { n: 2 })) },
      ],
    })
    const session = useSession()
    await session.start()
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS)
    expect(fake.count(REFRESH)).toBe(2)
    expect(session.status).toBe('user')
    await vi.advanceTimersByTimeAsync(RENEW_RETRY_MS)
    expect(fake.count(REFRESH)).toBe(3)
  })

  it('ends the session when the server refuses the refresh token', async () => {
    fakeFetch({
      [REFRESH]: [
        { status: 200, body: tokenResponse(jwt(900)) },
        { status: 401, body: { code: 'refresh_token_reused', message: 'reused' } },
      ],
    })
    const session = useSession()
    await session.start()
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS)
    expect(session.status).toBe('anonymous')
    expect(session.user).toBeNull()
  })
})

describe('single-flight refresh', () => {
  it('parallel callers with an expiring token share one refresh', async () => {
    const fresh = jwt(900, { n: 2 })
    const fake = fakeFetch({
      [REFRESH]: [
        { status: 200, body: tokenResponse(jwt(20)) }, // expires within MIN_VALIDITY_MS
        { status: 200, body: tokenResponse(fresh) },
      ],
    })
    const session = useSession()
    await session.start()
    const tokens = await Promise.all([session.accessToken(), session.accessToken(), session.accessToken()])
    expect(tokens).toEqual([fresh, fresh, fresh])
    expect(fake.count(REFRESH)).toBe(2)
  })

  it('retries once after 409 refresh_token_superseded (another tab won the race)', async () => {
    const winner = jwt(900, { n: 2 })
    const fake = fakeFetch({
      [REFRESH]: [
        { status: 409, body: { code: 'refresh_token_superseded', message: 'superseded' } },
        { status: 200, body: tokenResponse(winner) },
      ],
    })
    const session = useSession()
    const started = session.start()
    await vi.advanceTimersByTimeAsync(SUPERSEDED_RETRY_DELAY_MS - 1)
    expect(fake.count(REFRESH)).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    await started
    expect(fake.count(REFRESH)).toBe(2)
    expect(session.status).toBe('user')
    expect(await session.accessToken()).toBe(winner)
  })
})

describe('authorizedRequest', () => {
  it('sends the Bearer token', async () => {
    const token = jwt(900)
    const fake = fakeFetch({ [REFRESH]: { status: 200, body: tokenResponse(token) }, 'GET /api/rooms': { status: 200, body: [] } })
    const session = useSession()
    expect(await session.authorizedRequest('GET', '/api/rooms')).toEqual([])
    expect(fake.calls.find((c) => c.key === 'GET /api/rooms')?.auth).toBe(`Bearer ${token}`)
  })

  it('refreshes once after a 401 and retries with the new token', async () => {
    const old = jwt(900)
    const fresh = jwt(900, { n: 2 })
    const fake = fakeFetch({
      [REFRESH]: [{ status: 200, body: tokenResponse(old) }, { status: 200, body: tokenResponse(fresh) }],
      'GET /api/rooms': (_url, init) =>
        (init.headers as Record<string, string>).Authorization === `Bearer ${fresh}`
          ? { status: 200, body: ['ok'] }
          : { status: 401, body: { code: 'unauthorized', message: 'expired' } },
    })
    const session = useSession()
    expect(await session.authorizedRequest('GET', '/api/rooms')).toEqual(['ok'])
    expect(fake.count(REFRESH)).toBe(2)
    expect(fake.count('GET /api/rooms')).toBe(2)
  })

  it('gives up after one retry', async () => {
    const fake = fakeFetch({
      [REFRESH]: { status: 200, body: tokenResponse(jwt(900)) },
      'GET /api/rooms': { status: 401, body: { code: 'unauthorized', message: 'no' } },
    })
    const session = useSession()
    await expect(session.authorizedRequest('GET', '/api/rooms')).rejects.toMatchObject({ status: 401 })
    expect(fake.count('GET /api/rooms')).toBe(2)
  })

  it('parallel 401s lead to a single refresh', async () => {
    const fresh = jwt(900, { n: 2 })
    const fake = fakeFetch({
      [REFRESH]: [{ status: 200, body: tokenResponse(jwt(900)) }, { status: 200, body: tokenResponse(fresh) }],
      'GET /api/rooms': (_url, init) =>
        (init.headers as Record<string, string>).Authorization === `Bearer ${fresh}`
          ? { status: 200, body: [] }
          : { status: 401, body: { code: 'unauthorized', message: 'expired' } },
    })
    const session = useSession()
    await session.start()
    await Promise.all([1, 2, 3].map(() => session.authorizedRequest('GET', '/api/rooms')))
    expect(fake.count(REFRESH)).toBe(2)
  })

  it('does not refresh for other errors', async () => {
    const fake = fakeFetch({
      [REFRESH]: { status: 200, body: tokenResponse(jwt(900)) },
      'POST /api/rooms': { status: 400, body: { code: 'validation_failed', message: 'bad', fields: { name: 'blank' } } },
    })
    const session = useSession()
    const error = await session.authorizedRequest('POST', '/api/rooms', { body: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).fields).toEqual({ name: 'blank' })
    expect(fake.count(REFRESH)).toBe(1)
  })

  it('a guest whose token is refused becomes anonymous (a guest token cannot be refreshed)', async () => {
    fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) },
      'GET /api/rooms/x': { status: 401, body: { code: 'unauthorized', message: 'expired' } },
    })
    const session = useSession()
    await session.start()
    await session.continueAsGuest('Gus')
    await expect(session.authorizedRequest('GET', '/api/rooms/x')).rejects.toMatchObject({ status: 401 })
    expect(session.status).toBe('anonymous')
    expect(storage.getItem('convene.guest')).toBeNull()
  })
})

describe('account actions', () => {
  it('login signs in and replaces a guest of this tab', async () => {
    fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) },
      'POST /api/auth/login': { status: 200, body: tokenResponse(jwt(900)) },
    })
    const session = useSession()
    await session.start()
    await session.continueAsGuest('Gus')
    await session.login({ login: 'alice', password: 'secret-secret' })
    expect(session.status).toBe('user')
    expect(session.displayName).toBe('Alice')
    expect(storage.getItem('convene.guest')).toBeNull()
  })

  it('a failed login leaves the session as it was and reports the code', async () => {
    fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/login': { status: 429, body: { code: 'rate_limited', message: 'slow down' }, headers: { 'Retry-After': '120' } },
    })
    const session = useSession()
    await session.start()
    const error = (await session.login({ login: 'alice', password: 'x' }).catch((e: unknown) => e)) as ApiError
    expect(error.code).toBe('rate_limited')
    expect(error.retryAfter).toBe(120)
    expect(session.status).toBe('anonymous')
  })

  it('logout clears the session and stops renewals', async () => {
    const fake = fakeFetch({
      [REFRESH]: { status: 200, body: tokenResponse(jwt(900)) },
      'POST /api/auth/logout': { status: 204 },
    })
    const session = useSession()
    await session.start()
    await session.logout()
    expect(session.status).toBe('anonymous')
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(fake.count(REFRESH)).toBe(1)
  })

  it('a refresh still in flight at logout cannot sign the user back in', async () => {
    let answer: (reply: Reply) => void = () => {}
    fakeFetch({
      [REFRESH]: () => new Promise<Reply>((resolve) => (answer = resolve)),
      'POST /api/auth/logout': { status: 204 },
    })
    const session = useSession()
    const started = session.start()
    await vi.advanceTimersByTimeAsync(0)
    await session.logout()
    answer({ status: 200, body: tokenResponse(jwt(900)) })
    await started
    expect(session.status).toBe('anonymous')
  })

  it('a new display name is saved and a token carrying it is fetched', async () => {
    const renamed = { ...USER, displayName: 'Alice L.' }
    const fake = fakeFetch({
      [REFRESH]: [{ status: 200, body: tokenResponse(jwt(900)) }, { status: 200, body: tokenResponse(jwt(900, { n: 2 }), renamed) }],
      'PATCH /api/auth/me': { status: 200, body: renamed },
    })
    const session = useSession()
    await session.start()
    await session.updateDisplayName('Alice L.')
    expect(session.displayName).toBe('Alice L.')
    expect(fake.count(REFRESH)).toBe(2)
  })

  it('changePassword posts both passwords with the token', async () => {
    let body: unknown
    fakeFetch({
      [REFRESH]: { status: 200, body: tokenResponse(jwt(900)) },
      'POST /api/auth/me/password': (_url, init) => {
        body = JSON.parse(String(init.body))
        return { status: 204 }
      },
    })
    const session = useSession()
    await session.changePassword('old-password-1', 'new-password-2')
    expect(body).toEqual({ currentPassword: 'old-password-1', newPassword: 'new-password-2' })
  })
})

describe('guest renewal', () => {
  const GUEST_RENEW = 'POST /api/auth/guest/renew'

  it('renews a guest ten minutes before expiry with the current token: same guest, stored again', async () => {
    const first = jwt(7200, { jti: 'a' })
    const second = jwt(7200, { jti: 'b' })
    const fake = fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(first, GUEST, 7200) },
      [GUEST_RENEW]: { status: 200, body: tokenResponse(second, GUEST, 7200) },
    })
    const session = useSession()
    await session.start()
    await session.continueAsGuest('Gus')
    await vi.advanceTimersByTimeAsync(7200_000 - GUEST_RENEW_BEFORE_MS - 1000)
    expect(fake.count(GUEST_RENEW)).toBe(0)
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.calls.filter((c) => c.key === GUEST_RENEW).map((c) => c.auth)).toEqual([`Bearer ${first}`])
    expect(await session.accessToken()).toBe(second)
    expect(session.status).toBe('guest')
    expect(JSON.parse(storage.getItem('convene.guest')!).token).toBe(second)
    // and again for the next token
    await vi.advanceTimersByTimeAsync(7200_000 - GUEST_RENEW_BEFORE_MS + 1000)
    expect(fake.count(GUEST_RENEW)).toBe(2)
  })

  it('a guest restored after a reload is renewed too', async () => {
    const fake = fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) },
      [GUEST_RENEW]: { status: 200, body: tokenResponse(jwt(7200, { jti: 'r' }), GUEST, 7200) },
    })
    const first = useSession()
    await first.start()
    await first.continueAsGuest('Gus')
    setActivePinia(createPinia()) // a reload of the page
    const reloaded = useSession()
    await reloaded.start()
    expect(reloaded.status).toBe('guest')
    await vi.advanceTimersByTimeAsync(7200_000 - GUEST_RENEW_BEFORE_MS + 1000)
    expect(fake.count(GUEST_RENEW)).toBeGreaterThanOrEqual(1)
  })

  it('retries a renewal that failed for a transient reason, and stops on a refusal', async () => {
    const fake = fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) },
      [GUEST_RENEW]: [
        { status: 503, body: { code: 'unavailable', message: 'down' } },
        { status: 403, body: { code: 'guest_expired', message: '12 h' } },
      ],
    })
    const session = useSession()
    await session.start()
    await session.continueAsGuest('Gus')
    await vi.advanceTimersByTimeAsync(7200_000 - GUEST_RENEW_BEFORE_MS + 1000)
    expect(fake.count(GUEST_RENEW)).toBe(1)
    await vi.advanceTimersByTimeAsync(RENEW_RETRY_MS)
    expect(fake.count(GUEST_RENEW)).toBe(2)
    await vi.advanceTimersByTimeAsync(5 * RENEW_RETRY_MS)
    expect(fake.count(GUEST_RENEW)).toBe(2) // refused: no more tries
    expect(session.status).toBe('guest') // the current token still runs out as before
  })

  it('a renewal answered after the guest signed in changes nothing', async () => {
    let answer: (reply: Reply) => void = () => undefined
    fakeFetch({
      [REFRESH]: NO_SESSION,
      'POST /api/auth/guest': { status: 200, body: tokenResponse(jwt(7200), GUEST, 7200) },
      [GUEST_RENEW]: () => new Promise<Reply>((resolve) => (answer = resolve)),
      'POST /api/auth/login': { status: 200, body: tokenResponse(jwt(900)) },
    })
    const session = useSession()
    await session.start()
    await session.continueAsGuest('Gus')
    await vi.advanceTimersByTimeAsync(7200_000 - GUEST_RENEW_BEFORE_MS + 1000)
    await session.login({ login: 'alice', password: 'secret-secret' })
    answer({ status: 200, body: tokenResponse(jwt(7200, { jti: 'late' }), GUEST, 7200) })
    await vi.advanceTimersByTimeAsync(0)
    expect(session.status).toBe('user')
    expect(storage.getItem('convene.guest')).toBeNull()
  })
})
