import { requestJson } from './http'

/**
 * auth-service client (docs/auth-service.md). Stateless: every function is one request.
 * The session store (stores/session.ts) decides when to call them and keeps the tokens.
 * The refresh token never reaches this code: it lives in the HttpOnly cookie
 * `convene_refresh` (Path=/api/auth), which the browser sends by itself.
 */

/** The signed-in user, or a guest (then only id, displayName and groups are set). */
export interface User {
  id: string
  username?: string
  email?: string
  displayName: string
  groups: string[]
  createdAt?: string
}

export interface TokenResponse {
  accessToken: string
  tokenType: 'Bearer'
  /** Seconds the access token lives (900 for users, 7200 for guests). */
  expiresIn: number
  user: User
}

export interface SignupInput {
  username: string
  email: string
  displayName: string
  password: string
}

export interface LoginInput {
  /** Username or email address. */
  login: string
  password: string
}

const AUTH = '/api/auth'

export const signup = (input: SignupInput) => requestJson<TokenResponse>('POST', `${AUTH}/signup`, { body: input })

export const login = (input: LoginInput) => requestJson<TokenResponse>('POST', `${AUTH}/login`, { body: input })

/** Exchanges the refresh cookie for an access token; the answer rotates the cookie. */
export const refresh = () => requestJson<TokenResponse>('POST', `${AUTH}/refresh`)

/** Ends the session of the refresh cookie (idempotent, also without a cookie). */
export const logout = () => requestJson<void>('POST', `${AUTH}/logout`)

/** A guest access token (2 hours, renewable) for someone who joins with only a name. */
export const guest = (displayName: string) =>
  requestJson<TokenResponse>('POST', `${AUTH}/guest`, { body: { displayName } })

/**
 * A fresh token for the same guest (same id and name), with the current, still valid one; 403
 * `guest_expired` once the guest identity is 12 hours old.
 */
export const renewGuest = (token: string) => requestJson<TokenResponse>('POST', `${AUTH}/guest/renew`, { token })

export const getMe = (token: string) => requestJson<User>('GET', `${AUTH}/me`, { token })

export const updateMe = (token: string, changes: { displayName: string }) =>
  requestJson<User>('PATCH', `${AUTH}/me`, { token, body: changes })

/** 204; the server ends every other session of the user and keeps this one. */
export const changePassword = (token: string, input: { currentPassword: string; newPassword: string }) =>
  requestJson<void>('POST', `${AUTH}/me/password`, { token, body: input })

/** Always 202 for a well-formed address, whether or not an account has it. */
export const forgotPassword = (email: string) =>
  requestJson<void>('POST', `${AUTH}/password/forgot`, { body: { email } })

export const resetPassword = (token: string, newPassword: string) =>
  requestJson<void>('POST', `${AUTH}/password/reset`, { body: { token, newPassword } })

export function isGuest(user: Pick<User, 'groups'>): boolean {
  return !user.groups.includes('user') && !user.groups.includes('admin')
}

/**
 * The claims of a JWT, read without verifying the signature: the client only needs
 * `exp`/`iat` to schedule renewals; the services verify the token.
 * Returns null for anything that is not a JWT with a JSON payload.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1]
  if (!part) return null
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/')
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))
    // Claims such as `name` may be non-ASCII: decode the bytes as UTF-8.
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * How many seconds a token lives, counted from its issue: `exp - iat` from the token,
 * else `fallbackSeconds` (the response's `expiresIn`). The lifetime — not `exp` itself —
 * is what the client measures against its own clock, so a wrong client clock cannot make
 * every token look expired (endless refreshes) or valid forever.
 */
export function tokenLifetimeSeconds(token: string, fallbackSeconds: number): number {
  const claims = decodeJwtPayload(token)
  const exp = claims?.exp
  const iat = claims?.iat
  if (typeof exp === 'number' && typeof iat === 'number' && exp > iat) return exp - iat
  return fallbackSeconds
}
