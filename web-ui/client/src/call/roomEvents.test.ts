import { describe, expect, it } from 'vitest'
import type { RoomEventEnvelope } from '@/meeting/contract'
import { interpretRoomEvent } from './roomEvents'

const event = (type: string, payload: Record<string, unknown> = {}, target: string | null = null): RoomEventEnvelope => ({
  type, room: 'abc-defg-hij', sender: 'room-service', target, id: 'e1', timestamp: 1, payload,
})
const participant = { userId: 'u1', role: 'participant' as const }
const host = { userId: 'h1', role: 'host' as const }

describe('interpretRoomEvent', () => {
  it('mutes the target of a mute request', () => {
    expect(interpretRoomEvent(event('participant.mute-requested', { userId: 'u1', by: 'h1' }, 'u1'), participant))
      .toEqual({ kind: 'mute-self', toast: 'meeting.toasts.mutedByHost' })
    expect(interpretRoomEvent(event('participant.mute-requested', { userId: 'u2' }, 'u2'), participant)).toEqual({ kind: 'none' })
  })

  it('mutes everyone but the excepted role on mute-all', () => {
    const muteAll = event('room.mute-all', { exceptRole: 'host', by: 'h1' })
    expect(interpretRoomEvent(muteAll, participant)).toEqual({ kind: 'mute-self', toast: 'meeting.toasts.mutedAll' })
    expect(interpretRoomEvent(muteAll, host)).toEqual({ kind: 'none' })
    expect(interpretRoomEvent(event('room.mute-all', {}), host).kind).toBe('mute-self')
  })

  it('tracks the lock', () => {
    expect(interpretRoomEvent(event('room.locked', { by: 'h1' }), participant)).toEqual({ kind: 'locked', locked: true })
    expect(interpretRoomEvent(event('room.unlocked', { by: 'h1' }), participant)).toEqual({ kind: 'locked', locked: false })
  })

  it('routes chat events to the chat store', () => {
    expect(interpretRoomEvent(event('chat.message.created', { message: {} }), participant)).toEqual({ kind: 'chat' })
    expect(interpretRoomEvent(event('chat.room.purged', {}), participant)).toEqual({ kind: 'chat' })
  })

  it('reports lobby changes, naming a new arrival', () => {
    expect(interpretRoomEvent(event('lobby.waiting', { name: 'Dora', requestId: 'r' }), host)).toEqual({ kind: 'lobby', waitingName: 'Dora' })
    expect(interpretRoomEvent(event('lobby.admitted', { name: 'Dora' }, 'u9'), host)).toEqual({ kind: 'lobby' })
  })

  it('reads role changes and settings', () => {
    expect(interpretRoomEvent(event('participant.role-changed', { userId: 'u1', role: 'host', cohost: true }, 'u1'), participant))
      .toEqual({ kind: 'role-changed', userId: 'u1', role: 'host' })
    expect(interpretRoomEvent(event('room.settings-changed', { settings: { name: 'Retro', locked: false } }), participant))
      .toEqual({ kind: 'settings', name: 'Retro', locked: false, mediaMode: undefined })
    expect(interpretRoomEvent(event('room.settings-changed', { settings: { mediaMode: 'SFU' } }), participant))
      .toMatchObject({ kind: 'settings', mediaMode: 'SFU' })
  })

  it('ignores events it does not know or that the close code handles', () => {
    expect(interpretRoomEvent(event('room.ended', { reason: 'ended_by_host' }), participant)).toEqual({ kind: 'none' })
    expect(interpretRoomEvent(event('something.new'), participant)).toEqual({ kind: 'none' })
  })
})
