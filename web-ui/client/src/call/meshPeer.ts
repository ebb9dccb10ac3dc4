import { IceRestartWatchdog } from './iceRestart'
import type { VideoEncoding } from './meshEncoding'
import { progressOf, type MediaProgress } from './flowing'
import { PerfectNegotiator, type NegotiationMessage, type RemoteNegotiationMessage } from './negotiation'
import { withOpusDtx } from './opusDtx'
import { receiveSample, sendSample, type ReceiveCounters, type StatsEntry } from './quality'
import { SEND_SLOTS, SLOT_KINDS, slotFor, type LinkState, type LinkStats, type RemoteTracks, type SendSlot } from './transport'

export interface MeshPeerOptions {
  participantId: string
  polite: boolean
  rtcConfig: RTCConfiguration
  createPeerConnection: (config: RTCConfiguration) => RTCPeerConnection
  /** The track currently sent in each slot. */
  localTrack(slot: SendSlot): MediaStreamTrack | null
  send(message: NegotiationMessage): void
  remoteTracks(tracks: RemoteTracks): void
  linkState(state: LinkState): void
  linkLost(): void
  /** The first ICE restart did not reconnect either (see TransportEvents.linkFailing). */
  linkFailing(): void
  error(error: unknown): void
}

/**
 * One browser-to-browser link of the mesh: an RTCPeerConnection with exactly three
 * transceivers (microphone, camera/screen, screen audio — see SendSlot), negotiated once;
 * afterwards tracks change with replaceTrack only. Offers come from the newcomer
 * (`initiate`); later offers (ICE restarts) may come from either side.
 */
export class MeshPeer {
  private readonly pc: RTCPeerConnection
  private readonly negotiator: PerfectNegotiator
  private readonly watchdog: IceRestartWatchdog
  private readonly remote: RemoteTracks = {}
  private counters: ReceiveCounters | undefined
  private sent: { bytes: number; at: number } | undefined
  private gaveUp = false
  private videoEncoding: VideoEncoding | null = null

  constructor(private readonly options: MeshPeerOptions) {
    const pc = options.createPeerConnection(options.rtcConfig)
    this.pc = pc
    this.negotiator = new PerfectNegotiator(pc, {
      polite: options.polite,
      send: options.send,
      beforeAnswer: () => this.attachLocalTracks(),
      onError: options.error,
    })
    this.watchdog = new IceRestartWatchdog({
      restart: () => this.negotiator.restartIce(),
      // Attempt 2 starts when attempt 1 (with every candidate, relay included) did not reconnect.
      onAttempt: (attempt) => {
        if (attempt === 2) options.linkFailing()
      },
      onGiveUp: () => {
        this.gaveUp = true
        options.linkState('failed')
        options.linkLost()
      },
    })
    pc.onnegotiationneeded = () => void this.negotiator.negotiationNeeded()
    pc.onicecandidate = (event) => this.negotiator.localCandidate(event.candidate ? event.candidate.toJSON() : null)
    pc.onconnectionstatechange = () => this.onConnectionState(pc.connectionState)
    pc.ontrack = (event) => {
      const slot = this.slotOf(event.transceiver)
      if (!slot) return
      this.remote[slot] = event.track
      options.remoteTracks({ ...this.remote })
    }
  }

  /** Creates the three transceivers; the browser then fires negotiationneeded and we offer. */
  initiate(): void {
    for (const slot of SEND_SLOTS) {
      this.pc.addTransceiver(this.options.localTrack(slot) ?? SLOT_KINDS[slot], { direction: 'sendrecv' })
    }
  }

  receive(message: RemoteNegotiationMessage): Promise<void> {
    // The peer's description is where Chromium looks for `usedtx=1` (see opusDtx.ts).
    return this.negotiator.receive(message.type === 'candidate' ? message : { ...message, sdp: withOpusDtx(message.sdp) })
  }

  async setTrack(slot: SendSlot, track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.pc.getTransceivers().find((t) => this.slotOf(t) === slot)
    // Before the first offer/answer there is no transceiver yet: attachLocalTracks or
    // initiate will pick the current track up.
    if (transceiver) await transceiver.sender.replaceTrack(track)
  }

  /** Limits for our video on this link (see meshEncoding.ts); re-applied once connected. */
  setVideoEncoding(encoding: VideoEncoding): void {
    this.videoEncoding = encoding
    void this.applyVideoEncoding()
  }

  signalingRestored(): void {
    this.gaveUp = false
    this.watchdog.signalingRestored()
  }

  async stats(): Promise<LinkStats> {
    const report = await this.pc.getStats()
    const entries = [...report.values()] as StatsEntry[]
    const { sample, counters } = receiveSample(entries, this.counters)
    this.counters = counters
    return { receive: sample, send: sendSample(entries), ...this.uplink(entries) }
  }

  async progress(): Promise<MediaProgress> {
    const report = await this.pc.getStats()
    return progressOf([...report.values()] as StatsEntry[])
  }

  /** Our sending rate since the last sample and the bandwidth estimate, for `media-stats`. */
  private uplink(entries: StatsEntry[]): { sendKbps?: number; availableKbps?: number } {
    let bytes = 0
    let at = 0
    let availableKbps: number | undefined
    for (const entry of entries) {
      if (entry.type === 'outbound-rtp' && typeof entry.bytesSent === 'number') {
        bytes += entry.bytesSent
        if (typeof entry.timestamp === 'number') at = Math.max(at, entry.timestamp)
      } else if (entry.type === 'candidate-pair' && entry.nominated === true && typeof entry.availableOutgoingBitrate === 'number') {
        availableKbps = entry.availableOutgoingBitrate / 1000
      }
    }
    const previous = this.sent
    this.sent = { bytes, at }
    const seconds = previous ? (at - previous.at) / 1000 : 0
    const sendKbps = seconds > 0 && bytes >= previous!.bytes ? ((bytes - previous!.bytes) * 8) / 1000 / seconds : undefined
    return { sendKbps, availableKbps }
  }

  close(): void {
    this.negotiator.close()
    this.watchdog.dispose()
    this.pc.onnegotiationneeded = null
    this.pc.onicecandidate = null
    this.pc.onconnectionstatechange = null
    this.pc.ontrack = null
    this.pc.close()
  }

  /** On the answering side: the offer created receive-only transceivers; send on them too. */
  private async attachLocalTracks(): Promise<void> {
    for (const transceiver of this.pc.getTransceivers()) {
      const slot = this.slotOf(transceiver)
      if (!slot) continue
      if (transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv'
      await transceiver.sender.replaceTrack(this.options.localTrack(slot))
    }
  }

  private async applyVideoEncoding(): Promise<void> {
    const encoding = this.videoEncoding
    const sender = this.pc.getTransceivers().find((t) => this.slotOf(t) === 'video')?.sender
    if (!encoding || !sender) return
    const parameters = sender.getParameters()
    // No encodings before the first negotiation completes: applied again when connected.
    const first = parameters.encodings?.[0]
    if (!first) return
    if (first.maxBitrate === encoding.maxBitrate && first.scaleResolutionDownBy === encoding.scaleResolutionDownBy) return
    first.maxBitrate = encoding.maxBitrate
    first.scaleResolutionDownBy = encoding.scaleResolutionDownBy
    try {
      await sender.setParameters(parameters)
    } catch (error) {
      this.options.error(error)
    }
  }

  private slotOf(transceiver: RTCRtpTransceiver): SendSlot | null {
    const kind = transceiver.receiver.track.kind
    let index = 0
    for (const t of this.pc.getTransceivers()) {
      if (t === transceiver) return slotFor(kind, index)
      if (t.receiver.track.kind === kind) index++
    }
    return null
  }

  private onConnectionState(state: RTCPeerConnectionState): void {
    this.watchdog.connectionStateChanged(state)
    if (state === 'connected') {
      this.gaveUp = false
      void this.applyVideoEncoding()
    }
    if (this.gaveUp || state === 'closed') return
    this.options.linkState(toLinkState(state))
  }
}

function toLinkState(state: RTCPeerConnectionState): LinkState {
  switch (state) {
    case 'connected':
      return 'connected'
    case 'disconnected':
    case 'failed':
      // The watchdog is restarting ICE; 'failed' is only shown once it gives up.
      return 'reconnecting'
    default:
      return 'connecting'
  }
}
