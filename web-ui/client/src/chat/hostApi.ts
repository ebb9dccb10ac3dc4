/**
 * room-service's host controls (docs/room-service.md, "Host controls" and "Lobby"). Unlike
 * chat, these take the user's access token, not the room token.
 */
import { requestJson } from '@/api/http'
import type { MediaMode } from '@/meeting/contract'

/** Someone waiting in the lobby, as `GET /api/rooms/{slug}/lobby` lists them. */
export interface LobbyEntry {
  requestId: string
  userId: string
  name: string
  guest: boolean
  waitingSince: string
}

export interface HostApi {
  muteParticipant(userId: string): Promise<void>
  removeParticipant(userId: string): Promise<void>
  muteAll(): Promise<void>
  /** Resolves to whether the room is locked now. */
  setLocked(locked: boolean): Promise<boolean>
  /** The room's media setting, applied to the running meeting at once; resolves to the setting now. */
  setMediaMode(mode: MediaMode): Promise<MediaMode>
  lobby(): Promise<LobbyEntry[]>
  admit(requestId: string): Promise<void>
  deny(requestId: string): Promise<void>
}

export function createHostApi(slug: string, accessToken: () => Promise<string>): HostApi {
  const room = `/api/rooms/${encodeURIComponent(slug)}`
  // POSTs send an empty JSON object: some of these endpoints declare they consume JSON.
  const call = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string) =>
    requestJson<T>(method, `${room}${path}`, { token: await accessToken(), body: method === 'POST' ? {} : undefined })
  const patch = async <T>(body: Record<string, unknown>) => requestJson<T>('PATCH', room, { token: await accessToken(), body })

  return {
    muteParticipant: (userId) => call('POST', `/participants/${encodeURIComponent(userId)}/mute`),
    removeParticipant: (userId) => call('DELETE', `/participants/${encodeURIComponent(userId)}`),
    muteAll: () => call('POST', '/mute-all'),
    async setLocked(locked) {
      const view = await call<{ locked?: boolean } | undefined>('POST', locked ? '/lock' : '/unlock')
      return view?.locked ?? locked
    },
    async setMediaMode(mode) {
      const view = await patch<{ mediaMode?: MediaMode } | undefined>({ mediaMode: mode })
      return view?.mediaMode ?? mode
    },
    lobby: async () => (await call<LobbyEntry[] | undefined>('GET', '/lobby')) ?? [],
    admit: (requestId) => call('POST', `/lobby/${encodeURIComponent(requestId)}/admit`),
    deny: (requestId) => call('POST', `/lobby/${encodeURIComponent(requestId)}/deny`),
  }
}
