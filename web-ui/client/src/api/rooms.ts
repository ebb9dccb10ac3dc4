import { requestJson, requestWithStatus, ApiError } from './http'
import { tokenLifetimeSeconds } from './auth'
import type { Grant, MediaMode, RoomRole, RoomSummary, RoomTokenSource } from '@/meeting/contract'

/**
 * room-service client (docs/room-service.md): rooms, join, lobby, room-token renewal.
 * Calls that need the user's access token take a {@link WithAccessToken} — the session
 * store's `withAccessToken`, which refreshes and retries once on 401 — so this module has
 * no state of its own and tests can pass a stub.
 */

/** Runs a request with a current access token (see stores/session.ts). */
export type WithAccessToken = <T>(call: (token: string) => Promise<T>) => Promise<T>

/** What anyone with the link may see (`GET /api/rooms/{slug}`). */
export interface RoomPublicView {
  slug: string
  name: string
  mediaMode: MediaMode
  passcodeRequired: boolean
  guestsAllowed: boolean
  lobbyEnabled: boolean
  scheduledStart: string | null
  state: 'open' | 'closed'
  locked: boolean
}

/** A room as its owner and hosts see it (my rooms, create). */
export interface RoomDetails extends RoomPublicView {
  maxParticipants: number
  ownerId: string
  ownerName: string
  createdAt: string
  updatedAt: string
}

export interface CreateRoomInput {
  name: string
  /** Omitted for a room without passcode. */
  passcode?: string
  mediaMode: MediaMode
  guestsAllowed: boolean
  lobbyEnabled: boolean
}

/** A room token and what it allows (join 200, lobby admitted, renew). */
export interface RoomGrant {
  roomToken: string
  /** Seconds until the room token expires (5 minutes by default). */
  expiresIn: number
  role: RoomRole
  grants: Grant[]
  room: RoomPublicView
}

/** The answer to a join or a lobby poll. */
export type JoinAnswer =
  | ({ status: 'joined' } & RoomGrant)
  | { status: 'waiting'; lobbyRequestId: string; room: RoomPublicView }

const ROOMS = '/api/rooms'
const path = (slug: string) => `${ROOMS}/${encodeURIComponent(slug)}`

/** Public view; 404 `room_not_found` for an unknown (or malformed) slug. */
export const getRoom = (slug: string, signal?: AbortSignal) => requestJson<RoomPublicView>('GET', path(slug), { signal })

/** The rooms I own, newest first. */
export const listMyRooms = (auth: WithAccessToken) =>
  auth((token) => requestJson<RoomDetails[]>('GET', ROOMS, { token }))

export const createRoom = (auth: WithAccessToken, input: CreateRoomInput) =>
  auth((token) => requestJson<RoomDetails>('POST', ROOMS, { token, body: input }))

/** Starts a new meeting in a closed room (owner only; 409 `room_open` if it runs). */
export const reopenRoom = (auth: WithAccessToken, slug: string) =>
  auth((token) => requestJson<RoomDetails>('POST', `${path(slug)}/reopen`, { token }))

/** Deletes a room for good (owner only); a running meeting ends. */
export const deleteRoom = (auth: WithAccessToken, slug: string) =>
  auth((token) => requestJson<void>('DELETE', path(slug), { token }))

/** 200 joined (a room token) or 202 waiting (a lobby request to poll); refusals throw ApiError. */
export function joinRoom(auth: WithAccessToken, slug: string, passcode?: string): Promise<JoinAnswer> {
  const body = passcode ? { passcode } : {}
  return auth(async (token) => (await requestWithStatus<JoinAnswer>('POST', `${path(slug)}/join`, { token, body })).body)
}

/** Long-polls a lobby request: answers after at most `waitSeconds` with joined or still waiting. */
export function pollLobby(
  auth: WithAccessToken,
  slug: string,
  requestId: string,
  signal?: AbortSignal,
  waitSeconds = 25,
): Promise<JoinAnswer> {
  const url = `${path(slug)}/lobby/${encodeURIComponent(requestId)}?wait=${waitSeconds}`
  return auth(async (token) => (await requestWithStatus<JoinAnswer>('GET', url, { token, signal })).body)
}

/** A fresh room token for the holder of a current (or recently expired) one. */
export const renewRoomToken = (auth: WithAccessToken, slug: string, roomToken: string) =>
  auth((token) => requestJson<RoomGrant>('POST', `${path(slug)}/renew`, { token, body: { roomToken } }))

/** The contract's room description, from room-service's public view. */
export function toRoomSummary(room: RoomPublicView): RoomSummary {
  return {
    slug: room.slug,
    name: room.name,
    mediaMode: room.mediaMode,
    locked: room.locked,
    lobbyEnabled: room.lobbyEnabled,
    hasPasscode: room.passcodeRequired,
  }
}

/** The link people open to join: `${origin}/m/{slug}`. */
export function meetingLink(slug: string, origin: string): string {
  return `${origin}/m/${slug}`
}

const SLUG_LETTERS = /^[a-z]{10}$/

/**
 * The room slug in what someone typed or pasted into "join by code": a slug
 * (`abc-defg-hij`, any case, with or without dashes or spaces), or a meeting link
 * (`https://host/m/abc-defg-hij`, also without scheme, with query or fragment).
 * Returns null when it contains no slug.
 */
export function parseRoomCode(input: string): string | null {
  let code = input.trim().toLowerCase()
  const inLink = /\/m\/([^/?#]+)/.exec(code)
  if (inLink?.[1]) code = inLink[1]
  else if (/[/?#]/.test(code)) return null
  const letters = code.replace(/[\s-]/g, '')
  if (!SLUG_LETTERS.test(letters)) return null
  return `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7)}`
}

// ---- room tokens ----------------------------------------------------------------------

/** Renew a room token this long before it expires (the service docs ask for about a minute). */
export const ROOM_TOKEN_RENEW_BEFORE_MS = 60_000
/** Retry a renewal that failed for a transient reason (network, 5xx) after this. */
export const ROOM_TOKEN_RETRY_MS = 10_000

export interface ManagedRoomTokenSource extends RoomTokenSource {
  /** Stops the background renewal (the meeting was left). */
  dispose(): void
}

/**
 * Keeps a room token current for the meeting UI and chat. Room tokens live 5 minutes and
 * can only be renewed up to 5 minutes after they expired, so besides renewing on demand
 * (`get()` close to expiry, `renew()` after a rejection) this renews in the background a
 * minute before expiry: a reconnect after a long quiet stretch still finds a valid token.
 * Renewals are single-flight.
 */
export function createRoomTokenSource(
  initial: Pick<RoomGrant, 'roomToken' | 'expiresIn'>,
  renewWith: (currentToken: string) => Promise<Pick<RoomGrant, 'roomToken' | 'expiresIn'>>,
): ManagedRoomTokenSource {
  let token = initial.roomToken
  let expiresAt = expiryOf(initial)
  let inFlight: Promise<string> | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  function schedule(delayMs: number): void {
    clearTimeout(timer)
    if (!disposed) timer = setTimeout(renewInBackground, delayMs)
  }

  function scheduleBeforeExpiry(): void {
    const left = expiresAt - Date.now()
    schedule(Math.max(left - ROOM_TOKEN_RENEW_BEFORE_MS, left / 2))
  }

  function renewInBackground(): void {
    renew().catch((error: unknown) => {
      // A refusal (removed, room closed, token invalid) is final; the meeting UI learns of it
      // from the server. Network trouble is retried.
      if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) schedule(ROOM_TOKEN_RETRY_MS)
    })
  }

  function renew(): Promise<string> {
    inFlight ??= renewWith(token)
      .then((grant) => {
        token = grant.roomToken
        expiresAt = expiryOf(grant)
        scheduleBeforeExpiry()
        return token
      })
      .finally(() => {
        inFlight = null
      })
    return inFlight
  }

  async function get(): Promise<string> {
    if (inFlight) return inFlight
    return expiresAt - Date.now() < ROOM_TOKEN_RENEW_BEFORE_MS ? renew() : token
  }

  scheduleBeforeExpiry()
  return {
    get,
    renew,
    dispose() {
      disposed = true
      clearTimeout(timer)
    },
  }
}

function expiryOf(grant: Pick<RoomGrant, 'roomToken' | 'expiresIn'>): number {
  return Date.now() + tokenLifetimeSeconds(grant.roomToken, grant.expiresIn) * 1000
}
