import { progressOf, type MediaProgress } from './flowing'
import { receiveSample, type ReceiveCounters, type StatsEntry } from './quality'
import type { SfuClientMessage, SfuServerMessage } from './sfuMessages'
import { splitByParticipant } from './sfuStats'
import { SubscriberStreams, type StreamsUpdate } from './sfuStreams'
import type { NetworkSample } from './quality'

type SfuOffer = Extract<SfuServerMessage, { type: 'sfu.offer' }>

export interface SfuSubscriberOptions {
  rtcConfig: RTCConfiguration
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection
  send(message: SfuClientMessage): void
  /** Whose tracks changed after an offer (see SubscriberStreams). */
  tracks(update: StreamsUpdate<MediaStreamTrack>, newConnection: boolean): void
  connectionState(state: RTCPeerConnectionState): void
  error(error: unknown): void
  /** A received track got its first packets (its `unmute`): for video, Janus forwards from a keyframe. */
  unmuted?(): void
}

/**
 * Our one downstream from the SFU: a receive-only RTCPeerConnection whose offers come from
 * the server (`sfu.offer`: all m-lines with their participants, batched by the server).
 * We answer each with `sfu.answer {offerId}`. `newConnection` replaces the connection
 * (first subscription, or after the server rebuilt it). Offers are applied one at a time.
 */
export class SfuSubscriber {
  private pc: RTCPeerConnection | null = null
  private readonly streams = new SubscriberStreams<MediaStreamTrack>()
  private queue: Promise<void> = Promise.resolve()
  private readonly counters = new Map<string, ReceiveCounters>()
  private closed = false

  constructor(private readonly options: SfuSubscriberOptions) {}

  get connectionState(): RTCPeerConnectionState | null {
    return this.pc?.connectionState ?? null
  }

  handleOffer(offer: SfuOffer): Promise<void> {
    this.queue = this.queue.then(() => this.apply(offer)).catch((error) => this.options.error(error))
    return this.queue
  }

  cameraMids(): Map<string, string> {
    return this.streams.cameraMids()
  }

  /** The camera m-lines (participant → mid) whose track already receives media (not muted). */
  flowingCameraMids(): Map<string, string> {
    const pc = this.pc
    if (!pc) return new Map()
    const trackOf = new Map(pc.getTransceivers().map((t) => [t.mid, t.receiver.track]))
    return new Map([...this.streams.cameraMids()].filter(([, mid]) => trackOf.get(mid)?.muted === false))
  }

  /** How well we receive each participant, from their m-lines' inbound-rtp. */
  async stats(): Promise<Map<string, NetworkSample>> {
    const result = new Map<string, NetworkSample>()
    for (const [id, entries] of await this.statsByParticipant()) {
      const { sample, counters } = receiveSample(entries, this.counters.get(id))
      this.counters.set(id, counters)
      result.set(id, sample)
    }
    return result
  }

  async progress(): Promise<Map<string, MediaProgress>> {
    const result = new Map<string, MediaProgress>()
    for (const [id, entries] of await this.statsByParticipant()) result.set(id, progressOf(entries))
    return result
  }

  close(): void {
    this.closed = true
    this.closeConnection()
  }

  private async apply(offer: SfuOffer): Promise<void> {
    if (this.closed) return
    const fresh = offer.newConnection || !this.pc
    if (fresh) {
      this.closeConnection()
      this.counters.clear()
      this.pc = this.createConnection()
    }
    const pc = this.pc!
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp })
    await pc.setLocalDescription(await pc.createAnswer())
    if (this.closed || pc !== this.pc) return
    this.options.send({ type: 'sfu.answer', offerId: offer.offerId, sdp: pc.localDescription!.sdp })
    const byMid = new Map(pc.getTransceivers().map((t) => [t.mid, t.receiver.track]))
    for (const track of byMid.values()) this.watchUnmute(track)
    const update = this.streams.apply(offer.streams, (mid) => byMid.get(mid) ?? null)
    this.options.tracks(update, fresh)
  }

  private readonly watched = new WeakSet<MediaStreamTrack>()

  private watchUnmute(track: MediaStreamTrack): void {
    if (this.watched.has(track) || typeof track.addEventListener !== 'function') return
    this.watched.add(track)
    track.addEventListener('unmute', () => {
      if (!this.closed) this.options.unmuted?.()
    })
  }

  private createConnection(): RTCPeerConnection {
    const pc = this.options.createPeerConnection(this.options.rtcConfig)
    pc.onicecandidate = (event) =>
      this.options.send({ type: 'sfu.candidate', pc: 'subscriber', candidate: event.candidate ? event.candidate.toJSON() : null })
    pc.onconnectionstatechange = () => {
      if (pc === this.pc) this.options.connectionState(pc.connectionState)
    }
    return pc
  }

  private closeConnection(): void {
    const pc = this.pc
    if (!pc) return
    this.pc = null
    pc.onicecandidate = null
    pc.onconnectionstatechange = null
    pc.close()
  }

  private async statsByParticipant(): Promise<Map<string, StatsEntry[]>> {
    const pc = this.pc
    if (!pc) return new Map()
    const report = await pc.getStats()
    const midOfTrack = new Map(pc.getTransceivers().map((t) => [t.receiver.track.id, t.mid ?? undefined]))
    return splitByParticipant(
      [...report.values()] as StatsEntry[],
      (entry) => (typeof entry.mid === 'string' ? entry.mid : midOfTrack.get(entry.trackIdentifier as string)),
      (mid) => this.streams.participantOf(mid),
    )
  }
}
