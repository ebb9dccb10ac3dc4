import type { RoomEventEnvelope, RoomRole } from '@/meeting/contract'

/**
 * What a room event from another service (docs/events.md) means for this participant.
 * Kept apart from the session so the rules (who mutes on mute-all, …) are testable.
 */
export type RoomEventEffect =
  /** A host asked us to mute: mute the microphone and say why. */
  | { kind: 'mute-self'; toast: 'meeting.toasts.mutedByHost' | 'meeting.toasts.mutedAll' }
  | { kind: 'locked'; locked: boolean }
  /** Forward to the chat store. */
  | { kind: 'chat' }
  /** The lobby changed (the participants panel reloads it); `waitingName` for a new arrival. */
  | { kind: 'lobby'; waitingName?: string }
  | { kind: 'role-changed'; userId: string; role: RoomRole }
  | { kind: 'settings'; name?: string; locked?: boolean; mediaMode?: string }
  | { kind: 'none' }

export interface EventAudience {
  userId: string
  role: RoomRole
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

export function interpretRoomEvent(event: RoomEventEnvelope, self: EventAudience): RoomEventEffect {
  const payload = event.payload ?? {}
  if (event.type.startsWith('chat.')) return { kind: 'chat' }
  if (event.type.startsWith('lobby.')) {
    return event.type === 'lobby.waiting' ? { kind: 'lobby', waitingName: str(payload.name) } : { kind: 'lobby' }
  }
  switch (event.type) {
    case 'participant.mute-requested': {
      const target = str(payload.userId) ?? event.target
      return target === self.userId ? { kind: 'mute-self', toast: 'meeting.toasts.mutedByHost' } : { kind: 'none' }
    }
    case 'room.mute-all':
      return payload.exceptRole === self.role ? { kind: 'none' } : { kind: 'mute-self', toast: 'meeting.toasts.mutedAll' }
    case 'room.locked':
      return { kind: 'locked', locked: true }
    case 'room.unlocked':
      return { kind: 'locked', locked: false }
    case 'participant.role-changed': {
      const userId = str(payload.userId)
      const role = payload.role
      return userId && (role === 'host' || role === 'participant') ? { kind: 'role-changed', userId, role } : { kind: 'none' }
    }
    case 'room.settings-changed': {
      const settings = (payload.settings ?? {}) as Record<string, unknown>
      return {
        kind: 'settings',
        name: str(settings.name),
        locked: typeof settings.locked === 'boolean' ? settings.locked : undefined,
        mediaMode: str(settings.mediaMode),
      }
    }
    default:
      // room.ended is followed by close 4411; participant.removed by close 4410.
      return { kind: 'none' }
  }
}
