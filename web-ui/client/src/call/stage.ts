/**
 * Who is on the main stage of the speaker view, in this order of preference:
 * the pinned participant, someone sharing their screen, the active speaker, another
 * participant, and only when alone oneself (seeing oneself large is rarely wanted).
 */
export interface StageInput {
  /** Participant ids in tile order (self included). */
  ids: readonly string[]
  selfId: string
  pinned: string | null
  screenSharers: readonly string[]
  activeSpeaker: string | null
}

export function chooseMainParticipant(input: StageInput): string | null {
  const present = new Set(input.ids)
  if (input.pinned && present.has(input.pinned)) return input.pinned
  const otherSharer = input.screenSharers.find((id) => id !== input.selfId && present.has(id))
  if (otherSharer) return otherSharer
  if (input.activeSpeaker && input.activeSpeaker !== input.selfId && present.has(input.activeSpeaker)) {
    return input.activeSpeaker
  }
  return input.ids.find((id) => id !== input.selfId) ?? (present.has(input.selfId) ? input.selfId : null)
}
