import type { ParticipantView } from '@/meeting/contract'

/**
 * The participants list's order: hosts first, then everyone by when they joined (earliest
 * first, so rows do not jump around as people come and go), then by name for equal times.
 * Returns a new array.
 */
export function sortParticipants(participants: readonly ParticipantView[]): ParticipantView[] {
  return [...participants].sort(
    (a, b) =>
      Number(b.role === 'host') - Number(a.role === 'host') ||
      a.joinedAt - b.joinedAt ||
      a.name.localeCompare(b.name) ||
      a.participantId.localeCompare(b.participantId),
  )
}

/** Our own rows (any of our connections): host controls are never offered on them. */
export function isSelf(participant: ParticipantView, selfParticipantId: string, selfUserId: string): boolean {
  return participant.participantId === selfParticipantId || participant.userId === selfUserId
}
