import type { FrameRate, Grant, JoinedMeeting, MediaMode, ParticipantView, Resolution, RoomRole } from '@/meeting/contract'
import type { FacingMode } from '@/media/localMedia'
import type { MediaState } from './protocol'
import type { Quality } from './quality'
import type { SignalingStatus } from './signalingClient'
import type { LinkState, RemoteTracks } from './transport'

/**
 * Everything the meeting UI shows about the call. The session writes it, the components
 * read it. The UI passes a Vue `reactive()` object so writes re-render; tests pass a plain
 * one. (Media tracks inside are not proxied by Vue: it only wraps plain objects, arrays
 * and collections.)
 */
export interface CallState {
  status: SignalingStatus
  /** Our participantId; null until the first welcome. Changes after a reconnect that could not resume. */
  selfId: string | null
  role: RoomRole
  grants: Grant[]
  /** How media reaches the tiles now: "p2p" (mesh) or "sfu" (via Janus); null before the first welcome. */
  mediaMode: string | null
  /** An AUTO switch is being prepared to this mode (both paths run meanwhile). */
  mediaSwitchingTo: string | null
  /** The room's media setting (AUTO, P2P, SFU): the welcome's, then room.settings-changed. */
  mediaSetting: MediaMode
  roomName: string
  locked: boolean
  /** Bumped on every lobby.* event: the participants panel reloads the lobby. */
  lobbyRevision: number
  /** Ourselves as signaling describes us (name, role, joinedAt); null until the first welcome. */
  selfParticipant: ParticipantView | null
  /** Everyone else, by participantId, as signaling describes them. */
  participants: Record<string, ParticipantView>
  /** What we announce about ourselves. */
  self: MediaState
  /** The self tile's picture: the camera or the shared screen. */
  localVideo: MediaStreamTrack | null
  /** Our microphone, when open (the recording mixes it in). */
  localAudio: MediaStreamTrack | null
  /** The audio of our shared screen, when there is one (recorded too). */
  localScreenAudio: MediaStreamTrack | null
  remote: Record<string, RemoteTracks>
  links: Record<string, LinkState>
  /** Per participant (ours: how well others receive us). */
  quality: Record<string, Quality>
  speaking: Record<string, boolean>
  activeSpeaker: string | null
  reactions: FloatingReaction[]
  devices: DeviceChoice
  /** A device operation is running (buttons wait instead of double-firing). */
  busy: { camera: boolean; screen: boolean }
}

export interface FloatingReaction {
  key: number
  participantId: string
  emoji: string
}

export interface DeviceChoice {
  audioInputId?: string
  videoInputId?: string
  audioOutputId?: string
  resolution: Resolution
  frameRate: FrameRate
  facingMode: FacingMode
}

export function createCallState(meeting: JoinedMeeting): CallState {
  return {
    status: 'connecting',
    selfId: null,
    role: meeting.role,
    grants: [...meeting.grants],
    mediaMode: null,
    mediaSwitchingTo: null,
    mediaSetting: meeting.room.mediaMode,
    roomName: meeting.room.name,
    locked: meeting.room.locked ?? false,
    lobbyRevision: 0,
    selfParticipant: null,
    participants: {},
    self: { mic: false, camera: false, screen: false, hand: false },
    localVideo: null,
    localAudio: null,
    localScreenAudio: null,
    remote: {},
    links: {},
    quality: {},
    speaking: {},
    activeSpeaker: null,
    reactions: [],
    devices: {
      audioInputId: meeting.prefs.audioInputId,
      videoInputId: meeting.prefs.videoInputId,
      audioOutputId: meeting.prefs.audioOutputId,
      resolution: meeting.prefs.resolution,
      frameRate: meeting.prefs.frameRate,
      facingMode: 'user',
    },
    busy: { camera: false, screen: false },
  }
}

/** Forgets everything about one participant (they left, or our session restarted). */
export function forgetParticipant(state: CallState, participantId: string): void {
  delete state.participants[participantId]
  delete state.remote[participantId]
  delete state.links[participantId]
  delete state.quality[participantId]
  delete state.speaking[participantId]
  state.reactions = state.reactions.filter((r) => r.participantId !== participantId)
}

export function can(state: CallState, grant: Grant): boolean {
  return state.grants.includes(grant)
}
