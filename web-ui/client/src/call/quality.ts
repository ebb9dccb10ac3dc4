/**
 * Connection quality of a tile from WebRTC statistics: packet loss, round-trip time and
 * jitter → good / fair / poor. The thresholds follow common VoIP guidance (ITU-T G.114
 * puts one-way delay above 150 ms as noticeable; a few percent loss degrades Opus/VP8).
 */
export type Quality = 'good' | 'fair' | 'poor' | 'unknown'

export interface NetworkSample {
  /** 0…1 over the last interval. */
  lossFraction?: number
  rttMs?: number
  jitterMs?: number
}

const FAIR = { loss: 0.02, rttMs: 250, jitterMs: 40 }
const POOR = { loss: 0.08, rttMs: 500, jitterMs: 100 }

export function classifyQuality(sample: NetworkSample): Quality {
  const { lossFraction: loss, rttMs: rtt, jitterMs: jitter } = sample
  if (loss === undefined && rtt === undefined && jitter === undefined) return 'unknown'
  const atLeast = (limits: typeof FAIR) =>
    (loss ?? 0) >= limits.loss || (rtt ?? 0) >= limits.rttMs || (jitter ?? 0) >= limits.jitterMs
  if (atLeast(POOR)) return 'poor'
  if (atLeast(FAIR)) return 'fair'
  return 'good'
}

/** The worst of several qualities (e.g. my uplink as seen by every peer). */
export function worstQuality(qualities: Iterable<Quality>): Quality {
  const order: Quality[] = ['unknown', 'good', 'fair', 'poor']
  let worst: Quality = 'unknown'
  for (const q of qualities) if (order.indexOf(q) > order.indexOf(worst)) worst = q
  return worst
}

/** One entry of an RTCStatsReport (`report.values()`), loosely typed. */
export interface StatsEntry {
  type: string
  [field: string]: unknown
}

/** Running totals of received packets, kept between samples to compute loss per interval. */
export interface ReceiveCounters {
  packetsReceived: number
  packetsLost: number
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)

/**
 * How well we receive a peer: loss since `previous` (cumulative when there is none) and
 * the largest jitter over its inbound streams, RTT of the active candidate pair.
 */
export function receiveSample(
  stats: Iterable<StatsEntry>,
  previous?: ReceiveCounters,
): { sample: NetworkSample; counters: ReceiveCounters } {
  let packetsReceived = 0
  let packetsLost = 0
  let jitterMs: number | undefined
  let rttMs: number | undefined
  let nominatedRtt: number | undefined
  let inbound = false
  for (const entry of stats) {
    if (entry.type === 'inbound-rtp') {
      inbound = true
      packetsReceived += num(entry.packetsReceived) ?? 0
      packetsLost += Math.max(0, num(entry.packetsLost) ?? 0)
      const jitter = num(entry.jitter)
      if (jitter !== undefined) jitterMs = Math.max(jitterMs ?? 0, jitter * 1000)
    } else if (entry.type === 'candidate-pair' && entry.state === 'succeeded') {
      const rtt = num(entry.currentRoundTripTime)
      if (rtt === undefined) continue
      if (entry.nominated === true) nominatedRtt = rtt * 1000
      else rttMs ??= rtt * 1000
    }
  }
  const counters = { packetsReceived, packetsLost }
  const sample: NetworkSample = { rttMs: nominatedRtt ?? rttMs, jitterMs }
  if (inbound) {
    const received = packetsReceived - (previous?.packetsReceived ?? 0)
    const lost = packetsLost - (previous?.packetsLost ?? 0)
    // Counters restart after an ICE restart or a new stream: then only this sample counts.
    if (received >= 0 && lost >= 0 && received + lost > 0) sample.lossFraction = lost / (received + lost)
  }
  return { sample, counters }
}

/**
 * How well a peer receives us, from its RTCP reports (`remote-inbound-rtp`): the worst
 * loss, round-trip time and jitter over our outgoing streams.
 */
export function sendSample(stats: Iterable<StatsEntry>): NetworkSample {
  const sample: NetworkSample = {}
  for (const entry of stats) {
    if (entry.type !== 'remote-inbound-rtp') continue
    const loss = num(entry.fractionLost)
    const rtt = num(entry.roundTripTime)
    const jitter = num(entry.jitter)
    if (loss !== undefined) sample.lossFraction = Math.max(sample.lossFraction ?? 0, loss)
    if (rtt !== undefined) sample.rttMs = Math.max(sample.rttMs ?? 0, rtt * 1000)
    if (jitter !== undefined) sample.jitterMs = Math.max(sample.jitterMs ?? 0, jitter * 1000)
  }
  return sample
}
