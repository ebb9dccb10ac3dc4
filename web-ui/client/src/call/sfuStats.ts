import type { StatsEntry } from './quality'

/**
 * The SFU subscriber is one connection carrying everyone: its statistics are split per
 * participant by m-line so each tile gets its own quality (and the switch its own "is it
 * flowing"). Entries that belong to the whole connection (candidate pairs: the RTT to
 * Janus) are given to everyone.
 *
 * `midOf`: the m-line of an inbound-rtp entry — its `mid` field where the browser has it,
 * else through its `trackIdentifier`.
 */
export function splitByParticipant(
  entries: Iterable<StatsEntry>,
  midOf: (entry: StatsEntry) => string | undefined,
  participantOf: (mid: string) => string | undefined,
): Map<string, StatsEntry[]> {
  const shared: StatsEntry[] = []
  const own = new Map<string, StatsEntry[]>()
  for (const entry of entries) {
    if (entry.type === 'candidate-pair') {
      shared.push(entry)
      continue
    }
    if (entry.type !== 'inbound-rtp') continue
    const mid = midOf(entry)
    const participant = mid === undefined ? undefined : participantOf(mid)
    if (participant === undefined) continue
    const list = own.get(participant) ?? []
    list.push(entry)
    own.set(participant, list)
  }
  for (const list of own.values()) list.push(...shared)
  return own
}
