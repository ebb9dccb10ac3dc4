import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import type { JoinAnswer, RoomPublicView } from '@/api/rooms'
import { LOBBY_RETRY_DELAY_MS, attemptJoin, canRejoin, joinFailure, waitForAdmission } from './joinFlow'

const ROOM = { slug: 'abc-defg-hij', name: 'Weekly' } as RoomPublicView
const JOINED: JoinAnswer = { status: 'joined', roomToken: 'rt', expiresIn: 300, role: 'participant', grants: ['chat'], room: ROOM }
const WAITING: JoinAnswer = { status: 'waiting', lobbyRequestId: 'r-1', room: ROOM }
const refusal = (status: number, code: string, retryAfter?: number) => new ApiError(status, code, code, {}, retryAfter)

describe('attemptJoin', () => {
  it('200 → joined with the grant', async () => {
    expect(await attemptJoin(async () => JOINED)).toEqual({ kind: 'joined', grant: JOINED })
  })

  it('202 → waiting with the lobby request', async () => {
    expect(await attemptJoin(async () => WAITING)).toEqual({ kind: 'waiting', requestId: 'r-1' })
  })

  it.each([
    ['room_locked', 403],
    ['room_full', 409],
    ['removed_from_meeting', 403],
    ['guests_not_allowed', 403],
    ['room_closed', 409],
    ['room_not_found', 404],
  ])('%s → an expected failure without the passcode field', async (code, status) => {
    const outcome = await attemptJoin(() => Promise.reject(refusal(status, code)))
    expect(outcome).toEqual({ kind: 'failed', failure: { code, retryAfter: undefined, needsPasscode: false, expected: true } })
  })

  it.each(['passcode_required', 'wrong_passcode'])('%s → asks for the passcode', async (code) => {
    const outcome = await attemptJoin(() => Promise.reject(refusal(403, code)))
    expect(outcome).toMatchObject({ kind: 'failed', failure: { code, needsPasscode: true, expected: true } })
  })

  it('too_many_attempts keeps Retry-After', async () => {
    const outcome = await attemptJoin(() => Promise.reject(refusal(429, 'too_many_attempts', 600)))
    expect(outcome).toMatchObject({ kind: 'failed', failure: { code: 'too_many_attempts', retryAfter: 600, expected: true } })
  })

  it('anything else is unexpected (the page also raises a toast)', async () => {
    expect(await attemptJoin(() => Promise.reject(refusal(0, 'network_error')))).toMatchObject({
      failure: { code: 'network_error', expected: false },
    })
    expect(await attemptJoin(() => Promise.reject(new TypeError('boom')))).toMatchObject({
      failure: { code: 'unexpected', expected: false },
    })
  })
})

describe('waitForAdmission', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('polls again after each "still waiting" until admitted', async () => {
    const poll = vi.fn<() => Promise<JoinAnswer>>().mockResolvedValueOnce(WAITING).mockResolvedValueOnce(WAITING).mockResolvedValueOnce(JOINED)
    const outcome = await waitForAdmission(poll, new AbortController().signal)
    expect(outcome).toEqual({ kind: 'joined', grant: JOINED })
    expect(poll).toHaveBeenCalledTimes(3)
  })

  it.each([
    ['lobby_denied', 403],
    ['room_closed', 409],
    ['removed_from_meeting', 403],
  ])('stops with %s', async (code, status) => {
    const poll = vi.fn<() => Promise<JoinAnswer>>().mockResolvedValueOnce(WAITING).mockRejectedValueOnce(refusal(status, code))
    const outcome = await waitForAdmission(poll, new AbortController().signal)
    expect(outcome).toMatchObject({ kind: 'failed', failure: { code, expected: true } })
  })

  it('keeps waiting through network trouble, after a pause', async () => {
    const poll = vi
      .fn<() => Promise<JoinAnswer>>()
      .mockRejectedValueOnce(refusal(0, 'network_error'))
      .mockRejectedValueOnce(refusal(502, 'upstream_unavailable'))
      .mockResolvedValueOnce(JOINED)
    const result = waitForAdmission(poll, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(LOBBY_RETRY_DELAY_MS - 1)
    expect(poll).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(LOBBY_RETRY_DELAY_MS + 1)
    expect(await result).toMatchObject({ kind: 'joined' })
    expect(poll).toHaveBeenCalledTimes(3)
  })

  it('cancelling stops the loop and passes the signal to the poll', async () => {
    const controller = new AbortController()
    const poll = vi.fn(
      (signal: AbortSignal) =>
        new Promise<JoinAnswer>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    )
    const result = waitForAdmission(poll, controller.signal)
    controller.abort()
    await expect(result).rejects.toMatchObject({ name: 'AbortError' })
    expect(poll).toHaveBeenCalledTimes(1)
  })

  it('cancelling during the pause after a network error ends the wait at once', async () => {
    const controller = new AbortController()
    const poll = vi.fn<() => Promise<JoinAnswer>>().mockRejectedValue(refusal(0, 'network_error'))
    const result = waitForAdmission(poll, controller.signal)
    await vi.advanceTimersByTimeAsync(10)
    controller.abort()
    await expect(result).rejects.toMatchObject({ name: 'AbortError' })
    expect(poll).toHaveBeenCalledTimes(1)
  })
})

describe('joinFailure / canRejoin', () => {
  it('reads code and Retry-After', () => {
    expect(joinFailure(refusal(409, 'room_full'))).toEqual({ code: 'room_full', retryAfter: undefined, needsPasscode: false, expected: true })
  })
  it('offers a rejoin except after removal or the end of the meeting', () => {
    expect(canRejoin('left')).toBe(true)
    expect(canRejoin('connection_failed')).toBe(true)
    expect(canRejoin('token_invalid')).toBe(true)
    expect(canRejoin('room_full')).toBe(true)
    expect(canRejoin('removed_from_meeting')).toBe(false)
    expect(canRejoin('room_ended')).toBe(false)
  })
})
