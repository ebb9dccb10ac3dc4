import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { isGuest as hasGuestGroups, tokenLifetimeSeconds, type LoginInput, type SignupInput, type TokenResponse, type User } from '@/api/auth'
import { ApiError, requestJson, type HttpMethod, type RequestOptions } from '@/api/http'
import { useToasts } from './toasts'

/**
 * Who is using the app, and their access token.
 *
 * - Users: the access token lives in memory only. The refresh token is an HttpOnly cookie, so
 *   `start()` (at app start) asks `/api/auth/refresh` for a new access token: a reload keeps
 *   the session. The token is renewed silently a minute before it expires, and once more
 *   when a request answers 401.
 * - Guests: a 2-hour token without a refresh cookie. It is kept in sessionStorage (this tab
 *   only) so a reload of the meeting page keeps the guest's identity — and with it their place
 *   in the meeting. It is renewed with itself (`/api/auth/guest/renew`: same id and name) ten
 *   minutes before it expires, so a guest stays the same person through a long meeting (at
 *   most 12 hours, the server's limit).
 *
 * Refreshes are single-flight: parallel callers share one request, because the server
 * rotates the cookie on every refresh and answers a second, concurrent refresh with
 * 409 `refresh_token_superseded`. Across tabs, `navigator.locks` serialises them; a 409 that
 * still happens is retried once after a short delay (the winner's response has set the new
 * cookie by then).
 */

export type SessionStatus = 'starting' | 'anonymous' | 'user' | 'guest'

/** Renew a user's token this long before it expires. */
export const RENEW_BEFORE_MS = 60_000
/** `accessToken()` refreshes first when the token has less than this left. */
export const MIN_VALIDITY_MS = 30_000
/** Wait before retrying a refresh answered 409 `refresh_token_superseded`. */
export const SUPERSEDED_RETRY_DELAY_MS = 300
/** Retry a silent renewal that failed for a transient reason (network, 5xx) after this. */
export const RENEW_RETRY_MS = 30_000
/**
 * Renew a guest's token this long before it expires: an expired guest token cannot be renewed
 * (there is no cookie behind it), and a background tab's timers may fire minutes late.
 */
export const GUEST_RENEW_BEFORE_MS = 10 * 60_000

const GUEST_STORAGE_KEY = 'convene.guest'
const REFRESH_LOCK = 'convene.auth.refresh'

interface Credentials {
  token: string
  /** Local clock (ms) at which the token expires. */
  expiresAt: number
}

interface StoredGuest extends Credentials {
  user: User
}

/** Refresh failures that mean "there is no session any more" (the server cleared the cookie). */
function endsSession(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403)
}

export const useSession = defineStore('session', () => {
  const status = ref<SessionStatus>('starting')
  const user = ref<User | null>(null)

  const isLoggedIn = computed(() => status.value === 'user')
  const isGuest = computed(() => status.value === 'guest')
  const displayName = computed(() => user.value?.displayName ?? '')

  let credentials: Credentials | null = null
  let started: Promise<void> | null = null
  let refreshInFlight: Promise<void> | null = null
  let renewTimer: ReturnType<typeof setTimeout> | undefined
  /** Bumped on login/logout so a refresh that was in flight cannot revive an old session. */
  let epoch = 0

  /** Restores the session once (refresh cookie, else a stored guest); later calls await the same. */
  function start(): Promise<void> {
    started ??= refreshSession().catch((error: unknown) => {
      // Server unreachable: not "signed out" for good — the next caller tries again.
      if (!endsSession(error)) started = null
      if (!restoreGuest()) status.value = 'anonymous'
    })
    return started
  }

  function refreshSession(): Promise<void> {
    if (!refreshInFlight) {
      const myEpoch = epoch
      refreshInFlight = runExclusive(refreshWithOneRetry)
        .then(
          (response) => {
            if (myEpoch === epoch) adoptUserTokens(response)
          },
          (error: unknown) => {
            if (!endsSession(error)) throw error
            if (myEpoch === epoch) sessionEnded()
            throw asSessionExpired(error as ApiError)
          },
        )
        .finally(() => {
          refreshInFlight = null
        })
    }
    return refreshInFlight
  }

  async function refreshWithOneRetry(): Promise<TokenResponse> {
    try {
      return await authApi.refresh()
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'refresh_token_superseded')) throw error
      await delay(SUPERSEDED_RETRY_DELAY_MS)
      return authApi.refresh()
    }
  }

  function adoptUserTokens(response: TokenResponse): void {
    credentials = credentialsOf(response)
    user.value = response.user
    status.value = 'user'
    // A signed-in person is no longer the guest they may have been in this tab.
    forgetGuest()
    scheduleRenewal()
  }

  /** The server ended the session (logout elsewhere, expiry, reuse detection, disabled account). */
  function sessionEnded(): void {
    const wasUser = status.value === 'user'
    clearUser()
    if (wasUser) useToasts().info('auth.sessionEnded')
  }

  function clearUser(): void {
    clearTimeout(renewTimer)
    if (status.value === 'user' || status.value === 'starting') {
      credentials = null
      user.value = null
      status.value = 'anonymous'
    }
  }

  function scheduleRenewal(): void {
    clearTimeout(renewTimer)
    if (!credentials) return
    const left = credentials.expiresAt - Date.now()
    const before = status.value === 'guest' ? GUEST_RENEW_BEFORE_MS : RENEW_BEFORE_MS
    // Half the remaining time at least, so a short-lived token cannot cause a refresh loop.
    renewTimer = setTimeout(silentRenew, Math.max(left - before, left / 2))
  }

  function silentRenew(): void {
    const wasGuest = status.value === 'guest'
    const renewal = wasGuest ? renewGuestToken() : refreshSession()
    renewal.catch((error: unknown) => {
      if (status.value === (wasGuest ? 'guest' : 'user') && !endsSession(error)) {
        renewTimer = setTimeout(silentRenew, RENEW_RETRY_MS)
      }
    })
  }

  // ---- guests -------------------------------------------------------------------------

  /**
   * The guest of this tab after a reload. A token that expired meanwhile (a laptop that slept)
   * is renewed at once: the server renews a guest's expired token within the identity's 12 hours.
   */
  function restoreGuest(): boolean {
    const stored = readGuest()
    if (!stored) return false
    credentials = { token: stored.token, expiresAt: stored.expiresAt }
    user.value = stored.user
    status.value = 'guest'
    scheduleRenewal()
    return true
  }

  let guestRenewal: Promise<void> | null = null

  /** The same guest with a fresh token (one request at a time). */
  function renewGuestToken(): Promise<void> {
    guestRenewal ??= renewGuestOnce().finally(() => {
      guestRenewal = null
    })
    return guestRenewal
  }

  /**
   * A refusal (401, or 403 `guest_expired` after 12 hours) leaves a token that still runs to run
   * out, as a guest always did; an expired one ends the guest at once.
   */
  async function renewGuestOnce(): Promise<void> {
    const current = credentials
    if (status.value !== 'guest' || !current) return
    const myEpoch = epoch
    let response: TokenResponse
    try {
      response = await authApi.renewGuest(current.token)
    } catch (error) {
      if (endsSession(error) && myEpoch === epoch && credentials === current && current.expiresAt <= Date.now()) dropGuest()
      throw error
    }
    if (myEpoch !== epoch || status.value !== 'guest' || response.user.id !== user.value?.id) return
    credentials = credentialsOf(response)
    user.value = response.user
    writeGuest({ ...credentials, user: response.user })
    scheduleRenewal()
  }

  /** Joins as a guest with only a display name (for a meeting that allows guests). */
  async function continueAsGuest(name: string): Promise<void> {
    const response = await authApi.guest(name)
    epoch++
    credentials = credentialsOf(response)
    user.value = response.user
    status.value = 'guest'
    writeGuest({ ...credentials, user: response.user })
    scheduleRenewal()
  }

  function dropGuest(): void {
    forgetGuest()
    if (status.value === 'guest') {
      clearTimeout(renewTimer)
      credentials = null
      user.value = null
      status.value = 'anonymous'
    }
  }

  // ---- accounts -----------------------------------------------------------------------

  async function login(input: LoginInput): Promise<void> {
    const response = await authApi.login(input)
    epoch++
    adoptUserTokens(response)
  }

  async function signup(input: SignupInput): Promise<void> {
    const response = await authApi.signup(input)
    epoch++
    adoptUserTokens(response)
  }

  /** Ends the session here and at the server; the local state is cleared even if the call fails. */
  async function logout(): Promise<void> {
    epoch++
    clearTimeout(renewTimer)
    credentials = null
    user.value = null
    status.value = 'anonymous'
    forgetGuest()
    await authApi.logout()
  }

  /** Re-reads the signed-in user (profile page). */
  async function loadMe(): Promise<User> {
    const me = await withAccessToken((token) => authApi.getMe(token))
    user.value = me
    return me
  }

  async function updateDisplayName(name: string): Promise<void> {
    user.value = await withAccessToken((token) => authApi.updateMe(token, { displayName: name }))
    // Tokens carry the name (the meeting shows it): get one with the new name now.
    await refreshSession().catch(() => undefined)
  }

  function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return withAccessToken((token) => authApi.changePassword(token, { currentPassword, newPassword }))
  }

  // ---- tokens for requests ------------------------------------------------------------

  /** A current access token (refreshed first when it is about to expire); 401 ApiError if none. */
  async function accessToken(): Promise<string> {
    await start()
    if (status.value === 'user' && (!credentials || credentials.expiresAt - Date.now() < MIN_VALIDITY_MS)) {
      await refreshSession()
    }
    // A guest whose renewal timer did not run in time (a sleeping laptop, a throttled tab): now.
    if (status.value === 'guest' && credentials && credentials.expiresAt - Date.now() < MIN_VALIDITY_MS) {
      await renewGuestToken().catch(() => {})
    }
    if (status.value === 'guest' && credentials && credentials.expiresAt <= Date.now()) dropGuest()
    if ((status.value === 'user' || status.value === 'guest') && credentials) return credentials.token
    throw new ApiError(401, 'unauthorized', 'Not signed in')
  }

  /**
   * Runs `call` with the access token; on 401 refreshes once (unless another call already
   * did) and runs it again. A guest's token is renewed ahead of time, not on a refusal: a 401 ends the guest.
   */
  async function withAccessToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await accessToken()
    try {
      return await call(token)
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error
      if (status.value === 'guest') {
        dropGuest()
        throw error
      }
      if (credentials?.token === token) await refreshSession()
      return call(await accessToken())
    }
  }

  /** A JSON request with `Authorization: Bearer`, retried once after a refresh on 401. */
  function authorizedRequest<T>(method: HttpMethod, url: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> {
    return withAccessToken((token) => requestJson<T>(method, url, { ...options, token }))
  }

  return {
    status,
    user,
    isLoggedIn,
    isGuest,
    displayName,
    start,
    login,
    signup,
    logout,
    continueAsGuest,
    dropGuest,
    loadMe,
    updateDisplayName,
    changePassword,
    accessToken,
    withAccessToken,
    authorizedRequest,
  }
})

function credentialsOf(response: TokenResponse): Credentials {
  const lifetime = tokenLifetimeSeconds(response.accessToken, response.expiresIn)
  return { token: response.accessToken, expiresAt: Date.now() + lifetime * 1000 }
}

/** The refresh_token_* codes all mean the same to a person: sign in again. */
function asSessionExpired(error: ApiError): ApiError {
  if (error.code === 'account_disabled') return error
  return new ApiError(error.status, 'session_expired', error.message)
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** One refresh at a time across this browser's tabs, where the Web Locks API exists. */
function runExclusive<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  // The lock is held until the task's promise settles; request() resolves with its value.
  return locks ? (locks.request(REFRESH_LOCK, task) as Promise<T>) : task()
}

function guestStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage
  } catch {
    return undefined // storage disabled: the guest lasts until a reload
  }
}

function readGuest(): StoredGuest | null {
  try {
    const raw = guestStorage()?.getItem(GUEST_STORAGE_KEY)
    const value = raw ? (JSON.parse(raw) as Partial<StoredGuest>) : null
    if (value && typeof value.token === 'string' && typeof value.expiresAt === 'number' && value.user && hasGuestGroups(value.user)) {
      return value as StoredGuest
    }
  } catch {
    // unreadable: treat as absent
  }
  return null
}

function writeGuest(guest: StoredGuest): void {
  try {
    guestStorage()?.setItem(GUEST_STORAGE_KEY, JSON.stringify(guest))
  } catch {
    // ignore: the guest then lasts until a reload
  }
}

function forgetGuest(): void {
  try {
    guestStorage()?.removeItem(GUEST_STORAGE_KEY)
  } catch {
    // ignore
  }
}
