import { afterEach, describe, expect, it, vi } from 'vitest'
import { decodeJwtPayload, forgotPassword, guest, isGuest, resetPassword, tokenLifetimeSeconds } from './auth'

/** base64url of a JSON value, as in a JWT. */
const base64url = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

function jwt(payload: object): string {
  return `eyJhbGciOiJSUzI1NiJ9.${base64url(payload)}.sig`
}

afterEach(() => vi.unstubAllGlobals())

describe('decodeJwtPayload', () => {
  it('reads the claims, including non-ASCII names', () => {
    expect(decodeJwtPayload(jwt({ sub: 'u1', name: '张伟 🎉', exp: 2 }))).toEqual({ sub: 'u1', name: '张伟 🎉', exp: 2 })
  })
  it('returns null for anything that is not a JWT with a JSON object payload', () => {
    expect(decodeJwtPayload('')).toBeNull()
    expect(decodeJwtPayload('abc')).toBeNull()
    expect(decodeJwtPayload('a.%%%.c')).toBeNull()
    expect(decodeJwtPayload(`a.${base64url(42)}.c`)).toBeNull()
  })
})

describe('tokenLifetimeSeconds', () => {
  it('is exp - iat from the token', () => {
    expect(tokenLifetimeSeconds(jwt({ iat: 1000, exp: 1900 }), 60)).toBe(900)
  })
  it('falls back to expiresIn without usable claims', () => {
    expect(tokenLifetimeSeconds('opaque', 300)).toBe(300)
    expect(tokenLifetimeSeconds(jwt({ exp: 1900 }), 300)).toBe(300)
    expect(tokenLifetimeSeconds(jwt({ iat: 2000, exp: 1900 }), 300)).toBe(300)
  })
})

describe('isGuest', () => {
  it('is true without the user or admin group', () => {
    expect(isGuest({ groups: ['guest'] })).toBe(true)
    expect(isGuest({ groups: ['user'] })).toBe(false)
    expect(isGuest({ groups: ['admin'] })).toBe(false)
  })
})

describe('requests', () => {
  it('use the documented paths and bodies', async () => {
    const seen: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        seen.push(`${init.method} ${url} ${init.body ?? ''}`)
        return url.endsWith('/guest')
          ? new Response(JSON.stringify({ accessToken: 't', tokenType: 'Bearer', expiresIn: 7200, user: {} }), { status: 200 })
          : new Response(null, { status: url.endsWith('/forgot') ? 202 : 204 })
      }),
    )
    await guest('Gus')
    await forgotPassword('a@example.org')
    await resetPassword('tok', 'new-password-1')
    expect(seen).toEqual([
      'POST /api/auth/guest {"displayName":"Gus"}',
      'POST /api/auth/password/forgot {"email":"a@example.org"}',
      'POST /api/auth/password/reset {"token":"tok","newPassword":"new-password-1"}',
    ])
  })
})
