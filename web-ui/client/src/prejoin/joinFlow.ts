import { ApiError } from '@/api/http'
import type { JoinAnswer, RoomGrant } from '@/api/rooms'
import type { LeaveReason } from '@/meeting/contract'

/**
 * What the meeting page does with room-service's answers to join and lobby polls, as plain
 * functions (the page only renders the resulting state).
 */

export type JoinOutcome =
  | { kind: 'joined'; grant: RoomGrant }
  | { kind: 'waiting'; requestId: string }
  | { kind: 'failed'; failure: JoinFailure }

export interface JoinFailure {
  /** room-service's error code (`room_locked`, `wrong_passcode`, …) or `network_error`, … */
  code: string
  /** Seconds until another try is allowed (`too_many_attempts`). */
  retryAfter?: number
  /** The room wants a passcode: show the field. */
  needsPasscode: boolean
  /** A refusal the page explains in place; anything else also raises a toast. */
  expected: boolean
}

/** Refusals with their own message on the page (errors.<code>). */
export const EXPECTED_JOIN_CODES: readonly string[] = [
  'room_not_found',
  'room_closed',
  'room_full',
  'room_locked',
  'removed_from_meeting',
  'guests_not_allowed',
  'passcode_required',
  'wrong_passcode',
  'too_many_attempts',
  'lobby_denied',
]

const PASSCODE_CODES = ['passcode_required', 'wrong_passcode', 'too_many_attempts']

export function joinFailure(error: unknown): JoinFailure {
  const code = error instanceof ApiError ? error.code : 'unexpected'
  return {
    code,
    retryAfter: error instanceof ApiError ? error.retryAfter : undefined,
    needsPasscode: PASSCODE_CODES.includes(code),
    expected: EXPECTED_JOIN_CODES.includes(code),
  }
}

export function outcomeOf(answer: JoinAnswer): JoinOutcome {
  return answer.status === 'joined'
    ? { kind: 'joined', grant: answer }
    : { kind: 'waiting', requestId: answer.lobbyRequestId }
}

/** Runs a join request and turns its answer or refusal into an outcome. */
export async function attemptJoin(join: () => Promise<JoinAnswer>): Promise<JoinOutcome> {
  try {
    return outcomeOf(await join())
  } catch (error) {
    return { kind: 'failed', failure: joinFailure(error) }
  }
}

/** Network trouble or an overloaded server: worth polling again rather than giving up. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500)
}

/** Pause between lobby polls after a transient failure. */
export const LOBBY_RETRY_DELAY_MS = 3000

/**
 * Polls the lobby until the host decides: joined (admitted) or failed (`lobby_denied`,
 * `room_closed`, `removed_from_meeting`, …). Each poll is a long poll, so the loop itself
 * does not wait between "still waiting" answers. Rejects with the abort reason when
 * `signal` aborts (the user cancelled or left the page).
 */
export async function waitForAdmission(
  poll: (signal: AbortSignal) => Promise<JoinAnswer>,
  signal: AbortSignal,
  retryDelayMs = LOBBY_RETRY_DELAY_MS,
): Promise<JoinOutcome> {
  for (;;) {
    signal.throwIfAborted()
    try {
      const answer = await poll(signal)
      if (answer.status === 'joined') return { kind: 'joined', grant: answer }
    } catch (error) {
      signal.throwIfAborted()
      if (!isTransient(error)) return { kind: 'failed', failure: joinFailure(error) }
      await sleep(retryDelayMs, signal)
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      if (signal.aborted) reject(signal.reason)
      else resolve()
    }
  })
}

/** After these the user may not come back into this meeting, so the page offers no "rejoin". */
export function canRejoin(reason: LeaveReason): boolean {
  return reason !== 'removed_from_meeting' && reason !== 'room_ended'
}
