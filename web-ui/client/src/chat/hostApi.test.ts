import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHostApi } from './hostApi'
import { json } from './testing/fixtures'

afterEach(() => vi.unstubAllGlobals())

describe('createHostApi', () => {
  it('calls room-service with the access token', async () => {
    const requests: string[] = []
    const bodies: string[] = []
    vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
      const headers = init.headers as Record<string, string>
      requests.push(`${init.method} ${input} ${headers.Authorization}`)
      if (input.endsWith('/lock')) return json(200, { slug: 'r', locked: true })
      if (input.endsWith('/lobby')) return json(200, [{ requestId: 'q', userId: 'u', name: 'Guest', guest: true, waitingSince: 'x' }])
      if (init.method === 'PATCH') {
        bodies.push(String(init.body))
        return json(200, { slug: 'r', mediaMode: 'SFU' })
      }
      return new Response(null, { status: 204 })
    })
    const api = createHostApi('abc-defg-hij', async () => 'access')
    await api.muteParticipant('u-1')
    await api.removeParticipant('u-1')
    await api.muteAll()
    expect(await api.setLocked(true)).toBe(true)
    expect(await api.lobby()).toHaveLength(1)
    await api.admit('q')
    await api.deny('q')
    expect(await api.setMediaMode('SFU')).toBe('SFU')
    expect(requests).toEqual([
      'POST /api/rooms/abc-defg-hij/participants/u-1/mute Bearer access',
      'DELETE /api/rooms/abc-defg-hij/participants/u-1 Bearer access',
      'POST /api/rooms/abc-defg-hij/mute-all Bearer access',
      'POST /api/rooms/abc-defg-hij/lock Bearer access',
      'GET /api/rooms/abc-defg-hij/lobby Bearer access',
      'POST /api/rooms/abc-defg-hij/lobby/q/admit Bearer access',
      'POST /api/rooms/abc-defg-hij/lobby/q/deny Bearer access',
      'PATCH /api/rooms/abc-defg-hij Bearer access',
    ])
    expect(bodies.map((b) => JSON.parse(b))).toEqual([{ mediaMode: 'SFU' }])
  })
})
