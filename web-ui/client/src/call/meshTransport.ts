import type { MediaProgress } from './flowing'
import { videoEncodingFor } from './meshEncoding'
import { MeshPeer } from './meshPeer'
import type { NegotiationMessage } from './negotiation'
import { isPolite, type IncomingSignal, type OutgoingSignal } from './protocol'
import type { LinkStats, MediaTransport, SendSlot, TransportEvents } from './transport'

export interface MeshTransportOptions {
  selfId: string
  rtcConfig: RTCConfiguration
  send(message: OutgoingSignal): void
  events: TransportEvents
  /** The tracks to send from the start (later changes go through setTrack). */
  initialTracks: Partial<Record<SendSlot, MediaStreamTrack | null>>
  /** The initial video track is a shared screen. */
  initialVideoIsScreen?: boolean
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection
}

/**
 * P2P media: one MeshPeer per other participant, each sending our tracks directly
 * (`media.mode` "p2p"). Upload grows with every participant, which is why AUTO rooms
 * switch to the SFU (SfuTransport) when they grow.
 */
export class MeshTransport implements MediaTransport {
  readonly mode = 'p2p' as const
  private readonly peers = new Map<string, MeshPeer>()
  private readonly tracks: Record<SendSlot, MediaStreamTrack | null>
  private videoIsScreen: boolean

  constructor(private readonly options: MeshTransportOptions) {
    this.tracks = {
      audio: options.initialTracks.audio ?? null,
      video: options.initialTracks.video ?? null,
      screenAudio: options.initialTracks.screenAudio ?? null,
    }
    this.videoIsScreen = options.initialVideoIsScreen ?? false
  }

  addParticipant(participantId: string, initiate: boolean): void {
    if (participantId === this.options.selfId || this.peers.has(participantId)) return
    const peer = this.createPeer(participantId)
    if (initiate) peer.initiate()
    this.updateVideoEncodings()
  }

  removeParticipant(participantId: string): void {
    this.peers.get(participantId)?.close()
    this.peers.delete(participantId)
    this.updateVideoEncodings()
  }

  handleSignal(message: IncomingSignal): void {
    // An offer can precede participant-joined (e.g. after our own resume): create the link.
    let peer = this.peers.get(message.from)
    if (!peer && message.type === 'offer') {
      peer = this.createPeer(message.from)
      this.updateVideoEncodings()
    }
    if (!peer) return
    void peer.receive(message)
  }

  async setTrack(slot: SendSlot, track: MediaStreamTrack | null, isScreen = false): Promise<void> {
    this.tracks[slot] = track
    if (slot === 'video') this.videoIsScreen = isScreen
    await Promise.all([...this.peers.values()].map((peer) => peer.setTrack(slot, track)))
    if (slot === 'video') this.updateVideoEncodings()
  }

  signalingRestored(): void {
    for (const peer of this.peers.values()) peer.signalingRestored()
  }

  async stats(): Promise<Map<string, LinkStats>> {
    const result = new Map<string, LinkStats>()
    await Promise.all(
      [...this.peers].map(async ([id, peer]) => {
        try {
          result.set(id, await peer.stats())
        } catch {
          // a link closing meanwhile has no figures
        }
      }),
    )
    return result
  }

  async mediaProgress(): Promise<Map<string, MediaProgress>> {
    const result = new Map<string, MediaProgress>()
    await Promise.all(
      [...this.peers].map(async ([id, peer]) => {
        try {
          result.set(id, await peer.progress())
        } catch {
          // closing meanwhile
        }
      }),
    )
    return result
  }

  close(): void {
    for (const peer of this.peers.values()) peer.close()
    this.peers.clear()
  }

  /** Every link gets the same limits, which depend on how many links there are. */
  private updateVideoEncodings(): void {
    const track = this.tracks.video
    if (!track) return
    const encoding = videoEncodingFor(this.peers.size, track.getSettings().height, this.videoIsScreen)
    for (const peer of this.peers.values()) peer.setVideoEncoding(encoding)
  }

  private createPeer(participantId: string): MeshPeer {
    const { events } = this.options
    const peer = new MeshPeer({
      participantId,
      polite: isPolite(this.options.selfId, participantId),
      rtcConfig: this.options.rtcConfig,
      createPeerConnection: this.options.createPeerConnection ?? ((config) => new RTCPeerConnection(config)),
      localTrack: (slot) => this.tracks[slot],
      send: (message: NegotiationMessage) => this.options.send({ ...message, to: participantId }),
      remoteTracks: (tracks) => events.remoteTracks(participantId, tracks),
      linkState: (state) => events.linkState(participantId, state),
      linkLost: () => events.linkLost(participantId),
      linkFailing: () => events.linkFailing?.(participantId),
      error: (error) => events.error(error),
    })
    this.peers.set(participantId, peer)
    return peer
  }
}
