import type { MediaProgress } from './flowing'
import type { ClientMessage, IncomingSignal, TransportMode } from './protocol'
import type { NetworkSample } from './quality'
import type { SfuServerMessage } from './sfuMessages'
import type { VideoView } from './sfuLayers'

/**
 * The seam between the call session and the way media travels. The session announces who
 * is present and which local tracks to send; a transport delivers remote tracks and
 * per-participant network figures. MeshTransport (P2P) and SfuTransport (Janus via
 * signaling-service's `sfu.*` messages) implement it; `welcome.media.mode` and AUTO
 * switches (`media-mode`, modeSwitch.ts) choose which one the tiles show.
 */

/**
 * What we send, in fixed slots: the microphone, the camera or the shared screen (the same
 * slot, so starting a share is a `replaceTrack` and never a renegotiation), and the
 * shared screen's audio.
 */
export type SendSlot = 'audio' | 'video' | 'screenAudio'

export const SEND_SLOTS: readonly SendSlot[] = ['audio', 'video', 'screenAudio']

/** What we receive from one participant, by the slot they send it in. */
export type RemoteTracks = Partial<Record<SendSlot, MediaStreamTrack>>

/** Our media link with one participant, as the UI shows it. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed'

export interface LinkStats {
  /** How well we receive them. */
  receive: NetworkSample
  /** How well they receive us (their RTCP reports). */
  send: NetworkSample
  /** Our sending bitrate on this link (kbit/s, since the previous sample), when known. */
  sendKbps?: number
  /** The congestion controller's estimate of what this link can carry (kbit/s). */
  availableKbps?: number
}

export interface TransportEvents {
  remoteTracks(participantId: string, tracks: RemoteTracks): void
  linkState(participantId: string, state: LinkState): void
  /** Repeated restarts did not bring a link back. */
  linkLost(participantId: string): void
  /**
   * A direct link did not come back after an ICE restart (TURN relay candidates included):
   * AUTO rooms report it so the server can move the room to the SFU. Mesh only.
   */
  linkFailing?(participantId: string): void
  error(error: unknown): void
}

export interface MediaTransport {
  readonly mode: 'p2p' | 'sfu'
  /**
   * Someone is in the meeting. `initiate`: we learned of them from our welcome (we are
   * the newcomer), so we make the first offer; otherwise we wait for theirs.
   */
  addParticipant(participantId: string, initiate: boolean): void
  removeParticipant(participantId: string): void
  /** offer / answer / candidate relayed by signaling. */
  handleSignal(message: IncomingSignal): void
  /**
   * Sends `track` (or nothing) in `slot` to everyone, without renegotiation. `isScreen`:
   * the video is a shared screen (kept sharp rather than scaled down).
   */
  setTrack(slot: SendSlot, track: MediaStreamTrack | null, isScreen?: boolean): Promise<void>
  /** Signaling reconnected: repair links that broke while it was down. */
  signalingRestored(): void
  stats(): Promise<Map<string, LinkStats>>
  /** Received totals per participant (is their media arriving? see flowing.ts). */
  mediaProgress(): Promise<Map<string, MediaProgress>>
  /** SFU only: a `sfu.*` message from signaling-service. */
  handleSfuMessage?(message: SfuServerMessage): void
  /** SFU only: the server refused one of our `sfu.*` messages (`error` with that `ref`). */
  handleSfuError?(ref: string, code: string): void
  /** SFU only: how big each participant's video is on screen (picks simulcast layers). */
  setVideoViews?(views: readonly VideoView[]): void
  close(): void
}

/** The slot of the n-th audio/video transceiver: both ends create them in this order. */
export function slotFor(kind: string, indexAmongKind: number): SendSlot | null {
  if (kind === 'audio') return indexAmongKind === 0 ? 'audio' : indexAmongKind === 1 ? 'screenAudio' : null
  if (kind === 'video') return indexAmongKind === 0 ? 'video' : null
  return null
}

/** The kind of track each slot carries, in transceiver (m-line) order. */
export const SLOT_KINDS: Record<SendSlot, 'audio' | 'video'> = {
  audio: 'audio',
  video: 'video',
  screenAudio: 'audio',
}

/** What a transport is built with (both kinds; each uses what it needs). */
export interface TransportOptions {
  mode: TransportMode
  selfId: string
  rtcConfig: RTCConfiguration
  send(message: ClientMessage): void
  events: TransportEvents
  /** The tracks to send from the start (later changes go through setTrack). */
  initialTracks: Partial<Record<SendSlot, MediaStreamTrack | null>>
  /** The initial video track is a shared screen. */
  initialVideoIsScreen?: boolean
  /** We may send media at all (publish or screen grant); the SFU does not publish otherwise. */
  canPublish: boolean
}
