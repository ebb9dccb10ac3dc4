import type { LeaveReason } from '@/meeting/contract'
import { ApiError } from '@/api/http'

/**
 * What to do when the meeting WebSocket closes without us asking, by close code
 * (table "Close codes" in docs/signaling-protocol.md).
 */
export type CloseDecision =
  /** Connect again. `resume`: offer the resume credential; `renewToken`: get a fresh room token first. */
  | { action: 'reconnect'; resume: boolean; renewToken: boolean }
  /** Do not reconnect; the meeting is over for this client. */
  | { action: 'stop'; reason: LeaveReason }

export const CLOSE = {
  NORMAL: 1000,
  RATE_LIMITED: 1008,
  UNAUTHORIZED: 4401,
  WRONG_ROOM: 4403,
  ROOM_FULL: 4409,
  REMOVED: 4410,
  ROOM_ENDED: 4411,
  SESSION_RESUMED: 4412,
} as const

export function decideAfterClose(code: number, reason: string): CloseDecision {
  switch (code) {
    case CLOSE.REMOVED:
      return { action: 'stop', reason: 'removed_from_meeting' }
    case CLOSE.ROOM_ENDED:
      return { action: 'stop', reason: 'room_ended' }
    case CLOSE.ROOM_FULL:
      return { action: 'stop', reason: 'room_full' }
    case CLOSE.WRONG_ROOM:
      return { action: 'stop', reason: 'token_invalid' }
    case CLOSE.UNAUTHORIZED:
      // Only an expired token is worth renewing; a missing or forged one stays bad.
      return reason === 'token_expired'
        ? { action: 'reconnect', resume: true, renewToken: true }
        : { action: 'stop', reason: 'token_invalid' }
    case CLOSE.SESSION_RESUMED:
      // Our own reconnects drop the old socket before opening a new one, so a 4412 on
      // the current socket means another connection took this session over: reconnecting
      // would only steal it back. This page's meeting is over.
      return { action: 'stop', reason: 'connection_failed' }
    case CLOSE.RATE_LIMITED:
      // The server removed us at once (no grace): only a fresh join can work.
      return { action: 'reconnect', resume: false, renewToken: false }
    default:
      // 1001 replica shutdown, 1006 network loss, 1009, 1011, 4408 idle timeout, …:
      // the participant is kept for the grace period, so resume.
      return { action: 'reconnect', resume: true, renewToken: false }
  }
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `initialMs`,
 * capped at `maxMs`, with up to ±20 % jitter so a whole room that lost the same replica
 * does not reconnect in lockstep. `random` returns [0, 1).
 */
export function reconnectDelay(attempt: number, random: () => number, initialMs = 500, maxMs = 8000): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt))
  // The first retry is immediate-ish: most drops are a blip.
  if (attempt === 0) return Math.round(base * random() * 0.5)
  return Math.round(base * (0.8 + 0.4 * random()))
}

/**
 * What to do when getting a room token for a (re)connect failed. room-service refuses a
 * renewal for good reasons (removed, meeting ended) — those end the meeting; no answer
 * at all (network, 5xx, throttling) is worth retrying like a dropped socket.
 */
export function decideAfterTokenFailure(error: unknown): CloseDecision {
  if (!(error instanceof ApiError)) return { action: 'reconnect', resume: true, renewToken: false }
  switch (error.code) {
    case 'removed_from_meeting':
      return { action: 'stop', reason: 'removed_from_meeting' }
    case 'room_closed':
    case 'room_not_found':
      return { action: 'stop', reason: 'room_ended' }
    case 'room_full':
      return { action: 'stop', reason: 'room_full' }
  }
  if (error.status === 0 || error.status === 429 || error.status >= 500) {
    return { action: 'reconnect', resume: true, renewToken: false }
  }
  return { action: 'stop', reason: 'token_invalid' }
}
