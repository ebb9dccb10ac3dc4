import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './http'
import {
  ROOM_TOKEN_RENEW_BEFORE_MS,
  ROOM_TOKEN_RETRY_MS,
  createRoomTokenSource,
  joinRoom,
  meetingLink,
  parseRoomCode,
  pollLobby,
  toRoomSummary,
  type RoomPublicView,
  type WithAccessToken,
} from './rooms'

const ROOM: RoomPublicView = {
  slug: 'abc-defg-hij',
  name: 'Weekly',
  mediaMode: 'AUTO',
  passcodeRequired: true,
  guestsAllowed: true,
  lobbyEnabled: false,
  scheduledStart: null,
  state: 'open',
  locked: false,
}

/** base64url of a JSON value, as in a JWT. */
const base64url = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** Room tokens as room-service issues them: 5 minutes. */
function roomToken(n: number): string {
  return `h.${base64url({ iat: 1000, exp: 1300, n })}.s`
}

const withToken: WithAccessToken = (call) => call('access-token')

describe('parseRoomCode', () => {
  it('accepts a slug in any case, with or without dashes or spaces', () => {
    expect(parseRoomCode('abc-defg-hij')).toBe('abc-defg-hij')
    expect(parseRoomCode('  ABC-DEFG-HIJ ')).toBe('abc-defg-hij')
    expect(parseRoomCode('abcdefghij')).toBe('abc-defg-hij')
    expect(parseRoomCode('abc defg hij')).toBe('abc-defg-hij')
  })
  it('finds the slug in a pasted meeting link', () => {
    expect(parseRoomCode('https://meet.example.org/m/abc-defg-hij')).toBe('abc-defg-hij')
    expect(parseRoomCode('http://localhost:8080/m/abc-defg-hij/')).toBe('abc-defg-hij')
    expect(parseRoomCode('meet.example.org/m/abc-defg-hij?relay=1#x')).toBe('abc-defg-hij')
    expect(parseRoomCode('/m/ABC-DEFG-HIJ')).toBe('abc-defg-hij')
  })
  it('rejects anything without a slug', () => {
    for (const input of ['', '   ', 'abc-defg-hi', 'abc-defg-hijk', 'abc-defg-hi1', 'https://example.org/', 'https://example.org/x/abc-defg-hij', 'ab/cdefghij']) {
      expect(parseRoomCode(input), input).toBeNull()
    }
  })
})

describe('room views', () => {
  it('maps the public view to the contract summary', () => {
    expect(toRoomSummary(ROOM)).toEqual({
      slug: 'abc-defg-hij',
      name: 'Weekly',
      mediaMode: 'AUTO',
      locked: false,
      lobbyEnabled: false,
      hasPasscode: true,
    })
  })
  it('builds the meeting link from the origin', () => {
    expect(meetingLink('abc-defg-hij', 'https://meet.example.org')).toBe('https://meet.example.org/m/abc-defg-hij')
  })
})

describe('join and lobby requests', () => {
  afterEach(() => vi.unstubAllGlobals())

  function stubFetch(status: number, body: unknown) {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { status }))
    vi.stubGlobal('fetch', fetch)
    return fetch
  }

  it('joins with the passcode and the access token; 200 is joined', async () => {
    const fetch = stubFetch(200, { status: 'joined', roomToken: 'rt', expiresIn: 300, role: 'participant', grants: ['chat'], room: ROOM })
    const answer = await joinRoom(withToken, 'abc-defg-hij', '1234')
    expect(answer).toMatchObject({ status: 'joined', roomToken: 'rt' })
    const [url, init] = fetch.mock.calls[0]!
    expect(url).toBe('/api/rooms/abc-defg-hij/join')
    expect(init.body).toBe('{"passcode":"1234"}')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer access-token')
  })

  it('sends an empty body without a passcode; 202 is waiting', async () => {
    const fetch = stubFetch(202, { status: 'waiting', lobbyRequestId: 'r-1', room: ROOM })
    expect(await joinRoom(withToken, 'abc-defg-hij')).toEqual({ status: 'waiting', lobbyRequestId: 'r-1', room: ROOM })
    expect(fetch.mock.calls[0]![1].body).toBe('{}')
  })

  it('refusals are ApiErrors with the code and Retry-After', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ code: 'too_many_attempts', message: 'wait' }), { status: 429, headers: { 'Retry-After': '90' } })),
    )
    const error = (await joinRoom(withToken, 'abc-defg-hij', 'x').catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.code).toBe('too_many_attempts')
    expect(error.retryAfter).toBe(90)
  })

  it('long-polls the lobby request', async () => {
    const fetch = stubFetch(202, { status: 'waiting', lobbyRequestId: 'r-1', room: ROOM })
    await pollLobby(withToken, 'abc-defg-hij', 'r-1')
    expect(fetch.mock.calls[0]![0]).toBe('/api/rooms/abc-defg-hij/lobby/r-1?wait=25')
  })
})

describe('createRoomTokenSource', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function renewer() {
    let n = 1
    const renew = vi.fn(async (_current: string) => ({ roomToken: roomToken(++n), expiresIn: 300 }))
    return renew
  }

  it('hands out the current token while it is fresh', async () => {
    const renew = renewer()
    const source = createRoomTokenSource({ roomToken: roomToken(1), expiresIn: 300 }, renew)
    expect(await source.get()).toBe(roomToken(1))
    expect(renew).not.toHaveBeenCalled()
    source.dispose()
  })

  it('renews in the background a minute before expiry, with the current token', async () => {
    const renew = renewer()
    const source = createRoomTokenSource({ roomToken: roomToken(1), expiresIn: 300 }, renew)
    await vi.advanceTimersByTimeAsync(300_000 - ROOM_TOKEN_RENEW_BEFORE_MS - 1)
    expect(renew).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(renew).toHaveBeenCalledWith(roomToken(1))
    expect(await source.get()).toBe(roomToken(2))
    // and keeps going for the next token
    await vi.advanceTimersByTimeAsync(300_000 - ROOM_TOKEN_RENEW_BEFORE_MS)
    expect(renew).toHaveBeenLastCalledWith(roomToken(2))
    source.dispose()
  })

  it('get() renews a token close to expiry when the timer could not (e.g. a sleeping laptop)', async () => {
    const renew = renewer()
    const source = createRoomTokenSource({ roomToken: roomToken(1), expiresIn: 300 }, renew)
    source.dispose() // no background renewals
    vi.setSystemTime(Date.now() + 250_000)
    expect(await source.get()).toBe(roomToken(2))
  })

  it('renew() on demand is single-flight', async () => {
    const renew = renewer()
    const source = createRoomTokenSource({ roomToken: roomToken(1), expiresIn: 300 }, renew)
    const tokens = await Promise.all([source.renew(), source.renew(), source.get()])
    expect(renew).toHaveBeenCalledTimes(1)
    expect(tokens).toEqual([roomToken(2), roomToken(2), roomToken(2)])
    source.dispose()
  })

  it('retries a background renewal that failed for lack of network, not one that was refused', async () => {
    const renew = vi
      .fn<(current: string) => Promise<{ roomToken: string; expiresIn: number }>>()
      .mockRejectedValueOnce(new ApiError(0, 'network_error', 'offline'))
      .mockRejectedValueOnce(new ApiError(403, 'removed_from_meeting', 'removed'))
    const source = createRoomTokenSource({ roomToken: roomToken(1), expiresIn: 300 }, renew)
    await vi.advanceTimersByTimeAsync(300_000 - ROOM_TOKEN_RENEW_BEFORE_MS)
    expect(renew).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(ROOM_TOKEN_RETRY_MS)
    expect(renew).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(10 * ROOM_TOKEN_RETRY_MS)
    expect(renew).toHaveBeenCalledTimes(2)
    source.dispose()
  })

  it('stops renewing once disposed', async () => {
    const renew = renewer()
    const source = createRoomTokenSource({ roomToken: roomToken(1), expiresIn: 300 }, renew)
    source.dispose()
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(renew).not.toHaveBeenCalled()
  })
})
