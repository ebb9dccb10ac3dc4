import type { StatsEntry } from './quality'

/**
 * "Is media from this participant actually arriving?" — the make-before-break switch waits
 * for it on the new path before the tiles move over. Decoded video frames (not just
 * packets) prove a picture; for someone who only sends sound, received audio packets.
 */

/** Running totals received from one participant on one transport. */
export interface MediaProgress {
  framesDecoded: number
  audioPackets: number
}

/** What we expect someone to send: video when their camera or screen is on, audio when their microphone is. */
export interface SendExpectation {
  video: boolean
  audio: boolean
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

/** Totals of the inbound streams in `entries` (one participant's, or a whole mesh link). */
export function progressOf(entries: Iterable<StatsEntry>): MediaProgress {
  const progress: MediaProgress = { framesDecoded: 0, audioPackets: 0 }
  for (const entry of entries) {
    if (entry.type !== 'inbound-rtp') continue
    if (entry.kind === 'video') progress.framesDecoded += num(entry.framesDecoded)
    else if (entry.kind === 'audio') progress.audioPackets += num(entry.packetsReceived)
  }
  return progress
}

/**
 * Flowing = decoded video frames grew between two samples (growth, not a non-zero total: a
 * frozen stream has a total too). For someone who only sends sound, any audio packet on the
 * path: with Opus DTX a quiet microphone sends one packet every 400 ms, so two samples 250 ms
 * apart need not differ, and the path is new, so every packet counted came over it. Someone
 * expected to send nothing is trivially flowing.
 */
export function isFlowing(expect: SendExpectation, before: MediaProgress | undefined, now: MediaProgress | undefined): boolean {
  if (!expect.video && !expect.audio) return true
  if (!now) return false
  if (expect.video) return before !== undefined && now.framesDecoded > before.framesDecoded
  return now.audioPackets > 0
}

/** Everyone in `expected` is flowing; returns those who are not (empty: all flowing). */
export function notFlowing(
  expected: ReadonlyMap<string, SendExpectation>,
  before: ReadonlyMap<string, MediaProgress>,
  now: ReadonlyMap<string, MediaProgress>,
): string[] {
  return [...expected].filter(([id, expect]) => !isFlowing(expect, before.get(id), now.get(id))).map(([id]) => id)
}
