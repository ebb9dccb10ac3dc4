import type { MediaProgress } from './flowing'
import type { ClientMessage, IncomingSignal } from './protocol'
import { sendSample, type NetworkSample } from './quality'
import { LayerRequester, type VideoView } from './sfuLayers'
import type { SfuServerMessage } from './sfuMessages'
import { SfuPublisher } from './sfuPublisher'
import type { StreamsUpdate } from './sfuStreams'
import { SfuSubscriber } from './sfuSubscriber'
import type { CodecCapability } from './simulcast'
import type { LinkState, LinkStats, MediaTransport, SendSlot, TransportEvents } from './transport'

export interface SfuTransportOptions {
  selfId: string
  rtcConfig: RTCConfiguration
  send(message: ClientMessage): void
  events: TransportEvents
  initialTracks: Partial<Record<SendSlot, MediaStreamTrack | null>>
  initialVideoIsScreen?: boolean
  /** Without the publish/screen grants there is nothing to send: receive only. */
  canPublish: boolean
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection
  videoCodecs?: () => CodecCapability[] | null
  /** Debounce of `sfu.layers` (tests use 0). */
  layerDebounceMs?: number
}

/** A connection that broke is rebuilt (sfu.leave + sfu.join + publish) at most this often. */
const RECOVER_AFTER_MS = 2000
/** No Janus could take us: ask again this often (sfu.leave + sfu.join on fresh connections). */
const UNAVAILABLE_RETRY_MS = 5000

/**
 * SFU media (`media.mode` "sfu"): we publish once to Janus through signaling-service
 * (SfuPublisher) and receive everyone on one connection (SfuSubscriber). Per-participant
 * tracks come from the subscriber's stream map, so the tiles work as with the mesh.
 *
 * Order of things: `sfu.join`, then `sfu.publish` (and its candidates) as soon as our offer
 * is ready, without waiting for `sfu.joined`: the server runs a participant's `sfu.*` one at a
 * time in arrival order, so the publish goes to Janus right after the join (one round trip
 * through a busy browser less). The subscriber's offers come whenever the server has
 * something for us.
 */
export class SfuTransport implements MediaTransport {
  readonly mode = 'sfu' as const
  private readonly participants = new Set<string>()
  private readonly tracks: Record<SendSlot, MediaStreamTrack | null>
  private videoIsScreen: boolean
  private publisher: SfuPublisher | null = null
  private subscriber: SfuSubscriber
  private readonly layers: LayerRequester
  private joined = false
  /** The server refused our `sfu.join` (e.g. `sfu_not_allowed`): a publish refused after it is no news. */
  private joinRefused = false
  private linkState: LinkState = 'connecting'
  private recoverTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(private readonly options: SfuTransportOptions) {
    this.tracks = {
      audio: options.initialTracks.audio ?? null,
      video: options.initialTracks.video ?? null,
      screenAudio: options.initialTracks.screenAudio ?? null,
    }
    this.videoIsScreen = options.initialVideoIsScreen ?? false
    this.layers = new LayerRequester({
      send: (layers) => this.options.send({ type: 'sfu.layers', layers }),
      debounceMs: options.layerDebounceMs,
    })
    this.subscriber = this.createSubscriber()
    this.options.send({ type: 'sfu.join' })
    this.startPublishing()
  }

  addParticipant(participantId: string): void {
    if (participantId === this.options.selfId) return
    this.participants.add(participantId)
    this.options.events.linkState(participantId, this.linkState)
  }

  removeParticipant(participantId: string): void {
    // Their m-lines go away with the server's next offer.
    this.participants.delete(participantId)
    this.publisher?.forgetSubscriber(participantId)
  }

  /** Mesh signaling is not ours. */
  handleSignal(_message: IncomingSignal): void {}

  handleSfuMessage(message: SfuServerMessage): void {
    if (this.closed) return
    switch (message.type) {
      case 'sfu.joined':
        this.joined = true
        this.joinRefused = false
        this.updateLinkState()
        break
      case 'sfu.published':
        void this.publisher?.handleAnswer(message.sdp)
        break
      case 'sfu.offer':
        void this.subscriber.handleOffer(message)
        break
      case 'sfu.restart':
        // Our Janus is gone; the server has already joined us to the room's new home.
        this.rebuild(true)
        break
      case 'sfu.unavailable':
        this.joined = false
        this.setLinkState('reconnecting')
        // AUTO meetings go back to P2P by themselves; a meeting fixed to SFU waits for a Janus.
        this.scheduleRecover(UNAVAILABLE_RETRY_MS)
        break
      case 'sfu.demand':
        // Validated here: a malformed demand must not pause our camera.
        if (typeof message.from === 'string' && (message.layer === null || [0, 1, 2].includes(message.layer)))
          this.publisher?.demand(message.from, message.layer)
        break
      case 'sfu.media':
        break
    }
  }

  /** The server refused one of our `sfu.*` messages (`error` with ref). */
  handleSfuError(ref: string, code: string): void {
    if (ref === 'sfu.join') this.joinRefused = true
    if (ref === 'sfu.publish') void this.publisher?.publishFailed()
    // Our publish went out right behind our join: when the join was refused, the publish's
    // sfu_not_joined only repeats that (the join's own error decided what happens next).
    if (code === 'sfu_not_joined' && !this.joinRefused) this.scheduleRecover()
    if (code === 'sfu_unavailable') this.scheduleRecover(UNAVAILABLE_RETRY_MS)
  }

  async setTrack(slot: SendSlot, track: MediaStreamTrack | null, isScreen = false): Promise<void> {
    this.tracks[slot] = track
    if (slot === 'video') this.videoIsScreen = isScreen && track !== null
    await this.publisher?.setTrack(slot, track, isScreen)
  }

  setVideoViews(views: readonly VideoView[]): void {
    this.layers.setViews(views)
  }

  signalingRestored(): void {
    // Our connections broke while signaling was down: nothing could repair them meanwhile.
    if (this.isBroken() || !this.joined) this.scheduleRecover(0)
  }

  async stats(): Promise<Map<string, LinkStats>> {
    const [receive, send] = await Promise.all([this.subscriber.stats(), this.publisherSample()])
    const result = new Map<string, LinkStats>()
    for (const id of this.participants) result.set(id, { receive: receive.get(id) ?? {}, send })
    return result
  }

  mediaProgress(): Promise<Map<string, MediaProgress>> {
    return this.subscriber.progress()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.recoverTimer) clearTimeout(this.recoverTimer)
    this.layers.dispose()
    this.publisher?.close()
    this.subscriber.close()
    this.options.send({ type: 'sfu.leave' })
  }

  // ------------------------------------------------------------------------ internals

  private startPublishing(): void {
    if (!this.options.canPublish) return
    this.publisher = new SfuPublisher(
      {
        rtcConfig: this.options.rtcConfig,
        createPeerConnection: this.createPeerConnection(),
        send: (message) => this.options.send(message),
        videoCodecs: this.options.videoCodecs ?? browserVideoCodecs,
        connectionState: () => this.updateLinkState(),
        error: (error) => this.options.events.error(error),
      },
      this.tracks,
      this.videoIsScreen,
    )
    void this.publisher.start()
  }

  private createSubscriber(): SfuSubscriber {
    return new SfuSubscriber({
      rtcConfig: this.options.rtcConfig,
      createPeerConnection: this.createPeerConnection(),
      send: (message) => this.options.send(message),
      tracks: (update, fresh) => this.applyTracks(update, fresh),
      connectionState: () => this.updateLinkState(),
      error: (error) => this.options.events.error(error),
      unmuted: () => this.layers.setCameraMids(this.subscriber.flowingCameraMids()),
    })
  }

  private applyTracks(update: StreamsUpdate<MediaStreamTrack>, fresh: boolean): void {
    for (const [id, tracks] of update.changed) this.options.events.remoteTracks(id, tracks)
    for (const id of update.removed) this.options.events.remoteTracks(id, {})
    if (fresh) this.layers.reset()
    // Only cameras whose media already arrives: asked before Janus forwarded its first keyframe,
    // a layer choice makes the first picture wait for a keyframe of that layer (measured: +250 ms).
    this.layers.setCameraMids(this.subscriber.flowingCameraMids())
    this.updateLinkState()
  }

  /**
   * New connections for both directions. `joinedByServer`: after `sfu.restart` the server
   * has joined us already; otherwise we leave and join again ourselves, and the server
   * answers the join with a fresh subscriber offer (`newConnection`).
   */
  private rebuild(joinedByServer: boolean): void {
    this.publisher?.close()
    this.publisher = null
    this.subscriber.close()
    this.subscriber = this.createSubscriber()
    this.joinRefused = false
    if (joinedByServer) {
      this.joined = true
    } else {
      this.joined = false
      this.options.send({ type: 'sfu.leave' })
      this.options.send({ type: 'sfu.join' })
    }
    this.setLinkState('reconnecting')
    this.startPublishing()
  }

  private scheduleRecover(delayMs = RECOVER_AFTER_MS): void {
    if (this.recoverTimer || this.closed) return
    this.recoverTimer = setTimeout(() => {
      this.recoverTimer = null
      if (!this.closed) this.rebuild(false)
    }, delayMs)
  }

  private isBroken(): boolean {
    const states = [this.publisher?.connectionState, this.subscriber.connectionState]
    return states.some((s) => s === 'failed' || s === 'disconnected')
  }

  /** One state for every participant: everyone's media shares our two connections. */
  private updateLinkState(): void {
    const states = [this.publisher?.connectionState, this.subscriber.connectionState].filter(
      (s): s is RTCPeerConnectionState => s !== undefined && s !== null,
    )
    if (states.includes('failed')) {
      // Janus gives no ICE restart to a browser it does not trickle to: rebuild instead.
      this.scheduleRecover()
      this.setLinkState('reconnecting')
    } else if (states.includes('disconnected')) {
      this.setLinkState('reconnecting')
    } else if (this.joined && states.every((s) => s === 'connected')) {
      this.setLinkState('connected')
    } else {
      this.setLinkState(this.linkState === 'reconnecting' ? 'reconnecting' : 'connecting')
    }
  }

  private setLinkState(state: LinkState): void {
    if (this.linkState === state) return
    this.linkState = state
    for (const id of this.participants) this.options.events.linkState(id, state)
  }

  private createPeerConnection(): (config: RTCConfiguration) => RTCPeerConnection {
    return this.options.createPeerConnection ?? ((config) => new RTCPeerConnection(config))
  }

  /** How Janus receives us (its RTCP reports on our upstream): the self tile's quality. */
  private async publisherSample(): Promise<NetworkSample> {
    const publisher = this.publisher
    if (!publisher) return {}
    try {
      return sendSample(await publisher.stats())
    } catch {
      return {}
    }
  }
}

function browserVideoCodecs(): CodecCapability[] | null {
  if (typeof RTCRtpSender === 'undefined' || !RTCRtpSender.getCapabilities) return null
  return RTCRtpSender.getCapabilities('video')?.codecs ?? null
}
