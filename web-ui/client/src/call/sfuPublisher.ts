import { activeByRid, DemandTracker, TOP_LAYER, type Layer } from './dynacast'
import { withOpusDtx } from './opusDtx'
import type { StatsEntry } from './quality'
import type { SfuClientMessage, StreamSource } from './sfuMessages'
import { cameraEncodings, preferVp8, screenEncodings, type CodecCapability } from './simulcast'
import type { SendSlot } from './transport'

export interface SfuPublisherOptions {
  rtcConfig: RTCConfiguration
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection
  /** `sfu.publish` and publisher `sfu.candidate` (the transport holds them until joined). */
  send(message: SfuClientMessage): void
  /** The browser's video codecs (RTCRtpSender.getCapabilities), to prefer VP8; null: leave as is. */
  videoCodecs(): CodecCapability[] | null
  connectionState(state: RTCPeerConnectionState): void
  error(error: unknown): void
}

/**
 * Our one upstream to the SFU: a send-only RTCPeerConnection with the microphone and the
 * camera (three simulcast layers, VP8) from the start, and the shared screen (+ its sound)
 * as extra m-lines added by renegotiation (`sfu.publish` again) while sharing.
 *
 * The slots are the mesh's (LocalControls does not know which transport runs): `video`
 * carries the screen when `isScreen` — here that goes to the screen m-line and the camera
 * m-line sends nothing; anything else is a replaceTrack without renegotiation.
 */
export class SfuPublisher {
  private readonly pc: RTCPeerConnection
  private readonly sources = new Map<RTCRtpTransceiver, StreamSource>()
  private readonly mic: RTCRtpTransceiver
  private readonly camera: RTCRtpTransceiver
  private screen: RTCRtpTransceiver | null = null
  private screenAudio: RTCRtpTransceiver | null = null
  /** An offer is out and its answer has not come: a new one waits (`again`). */
  private negotiating = false
  private again = false
  private renegotiateTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false
  /** Dynacast: what our camera's subscribers want (new with every publisher connection). */
  private readonly demands = new DemandTracker()
  private demandTimer: ReturnType<typeof setTimeout> | null = null
  /** The highest camera layer the encodings were last set to encode (null: unknown, a setParameters failed). */
  private encodedTop: Layer | null = TOP_LAYER
  /** setParameters calls, one after the other (each reads the parameters the previous one set). */
  private layerUpdates: Promise<void> = Promise.resolve()

  constructor(
    private readonly options: SfuPublisherOptions,
    tracks: Record<SendSlot, MediaStreamTrack | null>,
    videoIsScreen: boolean,
  ) {
    const pc = options.createPeerConnection(options.rtcConfig)
    this.pc = pc
    pc.onicecandidate = (event) =>
      options.send({ type: 'sfu.candidate', pc: 'publisher', candidate: event.candidate ? event.candidate.toJSON() : null })
    pc.onconnectionstatechange = () => options.connectionState(pc.connectionState)
    this.mic = this.add(tracks.audio ?? 'audio', 'mic')
    this.camera = this.add(videoIsScreen ? 'video' : (tracks.video ?? 'video'), 'camera', cameraEncodings())
    if (videoIsScreen && tracks.video) this.screen = this.add(tracks.video, 'screen', screenEncodings())
    if (tracks.screenAudio) this.screenAudio = this.add(tracks.screenAudio, 'screen')
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState
  }

  /** Sends the first offer. */
  start(): Promise<void> {
    return this.publish()
  }

  /** signaling-service's (Janus') answer to our last offer. */
  async handleAnswer(sdp: string): Promise<void> {
    if (this.closed || this.pc.signalingState !== 'have-local-offer') return
    try {
      // Janus' answer is where Chromium looks for `usedtx=1` for our microphone (opusDtx.ts).
      await this.pc.setRemoteDescription({ type: 'answer', sdp: withOpusDtx(sdp) })
    } catch (error) {
      this.options.error(error)
    }
    this.negotiating = false
    if (this.again) {
      this.again = false
      await this.publish()
    }
  }

  /** The server refused our offer (`error` with ref `sfu.publish`): drop it so a later one can go. */
  async publishFailed(): Promise<void> {
    if (this.pc.signalingState === 'have-local-offer') {
      await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined)
    }
    this.negotiating = false
  }

  async setTrack(slot: SendSlot, track: MediaStreamTrack | null, isScreen: boolean): Promise<void> {
    if (this.closed) return
    switch (slot) {
      case 'audio':
        await this.mic.sender.replaceTrack(track)
        return
      case 'screenAudio':
        await this.setOptional('screenAudio', track)
        return
      case 'video':
        if (isScreen && track) {
          await this.camera.sender.replaceTrack(null)
          await this.setOptional('screen', track)
        } else {
          await this.setOptional('screen', null)
          await this.camera.sender.replaceTrack(track)
        }
    }
  }

  /** `sfu.demand`: `subscriber` wants at most `layer` of our camera now (null: no longer receives it). */
  demand(subscriber: string, layer: Layer | null): void {
    this.demands.demand(subscriber, layer, Date.now())
    this.applyDemands()
  }

  /** `subscriber` left the meeting: what it wanted no longer counts. */
  forgetSubscriber(subscriber: string): void {
    this.demands.remove(subscriber, Date.now())
    this.applyDemands()
  }

  async stats(): Promise<StatsEntry[]> {
    return [...(await this.pc.getStats()).values()] as StatsEntry[]
  }

  close(): void {
    this.closed = true
    if (this.renegotiateTimer) clearTimeout(this.renegotiateTimer)
    if (this.demandTimer) clearTimeout(this.demandTimer)
    this.pc.onicecandidate = null
    this.pc.onconnectionstatechange = null
    this.pc.close()
  }

  /**
   * The screen or its sound: added (or re-activated) when there is a track, made inactive
   * when not; either is a renegotiation, so both halves of starting a share go in one.
   */
  private async setOptional(which: 'screen' | 'screenAudio', track: MediaStreamTrack | null): Promise<void> {
    const existing = this[which]
    if (track) {
      if (!existing) {
        this[which] = this.add(track, 'screen', which === 'screen' ? screenEncodings() : undefined)
        this.renegotiateSoon()
        return
      }
      await existing.sender.replaceTrack(track)
      if (existing.direction !== 'sendonly') {
        existing.direction = 'sendonly'
        this.renegotiateSoon()
      }
    } else if (existing && existing.direction !== 'inactive') {
      await existing.sender.replaceTrack(null)
      existing.direction = 'inactive'
      this.renegotiateSoon()
    }
  }

  private add(trackOrKind: MediaStreamTrack | 'audio' | 'video', source: StreamSource, sendEncodings?: RTCRtpEncodingParameters[]): RTCRtpTransceiver {
    const transceiver = this.pc.addTransceiver(trackOrKind, { direction: 'sendonly', ...(sendEncodings ? { sendEncodings } : {}) })
    this.sources.set(transceiver, source)
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind
    if (kind === 'video') this.preferVp8(transceiver)
    return transceiver
  }

  private preferVp8(transceiver: RTCRtpTransceiver): void {
    const codecs = this.options.videoCodecs()
    const ordered = codecs ? preferVp8(codecs) : null
    if (!ordered) return
    try {
      transceiver.setCodecPreferences(ordered as RTCRtpCodec[])
    } catch {
      // An older browser refusing our list keeps its own order; the room is VP8-only anyway.
    }
  }

  /**
   * Encodes the camera layers up to the one the demands ask for (dynacast.ts: a layer is paused
   * only after nobody wanted it for a while, resumed at once); again when a pause is due.
   */
  private applyDemands(): void {
    if (this.closed) return
    const now = Date.now()
    const top = this.demands.top(now)
    if (this.demandTimer) clearTimeout(this.demandTimer)
    this.demandTimer = null
    const next = this.demands.nextChange(now)
    if (next !== null) this.demandTimer = setTimeout(() => this.applyDemands(), Math.max(0, next - now))
    if (top === this.encodedTop) return
    this.encodedTop = top
    this.layerUpdates = this.layerUpdates
      .then(() => this.encodeUpTo(top))
      .catch((error) => {
        this.encodedTop = null // the next demand (or due pause) tries again
        this.options.error(error)
      })
  }

  private async encodeUpTo(top: Layer): Promise<void> {
    if (this.closed) return
    const sender = this.camera.sender
    const parameters = sender.getParameters()
    const active = activeByRid(top)
    let changed = false
    for (const encoding of parameters.encodings ?? []) {
      const wanted = encoding.rid === undefined ? undefined : active[encoding.rid]
      if (wanted !== undefined && encoding.active !== wanted) {
        encoding.active = wanted
        changed = true
      }
    }
    if (changed) await sender.setParameters(parameters)
  }

  /** Screen and screen sound arrive one after the other: one renegotiation for both. */
  private renegotiateSoon(): void {
    if (this.renegotiateTimer) return
    this.renegotiateTimer = setTimeout(() => {
      this.renegotiateTimer = null
      void this.publish()
    }, 50)
  }

  private async publish(): Promise<void> {
    if (this.closed) return
    if (this.negotiating) {
      this.again = true
      return
    }
    this.negotiating = true
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer())
      const sdp = this.pc.localDescription?.sdp
      if (!sdp || this.closed) return
      this.options.send({ type: 'sfu.publish', sdp, streams: this.describeStreams() })
    } catch (error) {
      this.negotiating = false
      this.options.error(error)
    }
  }

  /** mid → what it carries, for every m-line that has a mid (all of them after createOffer). */
  private describeStreams(): { mid: string; source: StreamSource }[] {
    const streams: { mid: string; source: StreamSource }[] = []
    for (const transceiver of this.pc.getTransceivers()) {
      const source = this.sources.get(transceiver)
      if (source && transceiver.mid !== null) streams.push({ mid: transceiver.mid, source })
    }
    return streams
  }
}
