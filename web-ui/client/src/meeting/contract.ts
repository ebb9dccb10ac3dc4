/**
 * What the pre-join page hands to the meeting room once the user is admitted.
 * The pre-join flow (views/MeetingPage + prejoin/*) produces a JoinedMeeting; the meeting
 * UI (components/meeting/*, call/*) and the chat panel (chat/*) consume it.
 */

export type Resolution = '360p' | '720p' | '1080p'
export type FrameRate = 15 | 30

/** Choices made in the device preview; the call starts with them. */
export interface MediaPreferences {
  audioInputId?: string
  videoInputId?: string
  audioOutputId?: string
  /** Join with the microphone muted. */
  startMuted: boolean
  /** Join with the camera off. */
  startCameraOff: boolean
  resolution: Resolution
  frameRate: FrameRate
}

export const DEFAULT_MEDIA_PREFERENCES: MediaPreferences = {
  startMuted: false,
  startCameraOff: false,
  resolution: '720p',
  frameRate: 30,
}

/**
 * A room token that stays valid: room tokens live 5 minutes, and both the signaling
 * WebSocket (on every reconnect) and chat REST calls need a current one.
 */
export interface RoomTokenSource {
  /** A token valid for at least ~30 s more; renews through room-service when needed. */
  get(): Promise<string>
  /** Renews now (e.g. after a 401 / close 4401 token_expired). */
  renew(): Promise<string>
}

export type RoomRole = 'host' | 'participant'
export type Grant = 'publish' | 'screen' | 'chat' | 'files' | 'record' | 'moderate'
export type MediaMode = 'AUTO' | 'P2P' | 'SFU'
export const MEDIA_MODES: readonly MediaMode[] = ['AUTO', 'P2P', 'SFU']
export const isMediaMode = (value: unknown): value is MediaMode => MEDIA_MODES.includes(value as MediaMode)

/** The room as room-service's public/joined view describes it. */
export interface RoomSummary {
  slug: string
  name: string
  mediaMode: MediaMode
  locked?: boolean
  lobbyEnabled?: boolean
  hasPasscode?: boolean
}

/**
 * The live tracks the device preview opened with the meeting's `prefs`, handed to the call so
 * it does not open the devices a second time (no second getUserMedia on the join path, and the
 * camera light stays on). Either may be missing: then the call opens that device itself.
 */
export interface PreviewTracks {
  microphone?: MediaStreamTrack
  camera?: MediaStreamTrack
}

export interface JoinedMeeting {
  slug: string
  room: RoomSummary
  role: RoomRole
  grants: Grant[]
  tokens: RoomTokenSource
  prefs: MediaPreferences
  /** The preview's tracks, taken over by the call (marked raw: never made reactive). */
  devices?: PreviewTracks
  /** The signed-in user or guest: id (access token `sub`) and display name. */
  userId: string
  displayName: string
  guest: boolean
  /**
   * Access token for room-service host controls (lock, remove, admit, end, mute):
   * those endpoints take the user's access token, not the room token.
   */
  accessToken(): Promise<string>
}

/** Why the meeting UI was left; the page shows a matching message. */
export type LeaveReason =
  | 'left'
  | 'removed_from_meeting'
  | 'room_ended'
  | 'room_full'
  | 'token_invalid'
  | 'connection_failed'

/** A participant as signaling-service describes it (docs/signaling-protocol.md). */
export interface ParticipantView {
  participantId: string
  userId: string
  name: string
  role: RoomRole
  guest: boolean
  joinedAt: number
  mic: boolean
  camera: boolean
  screen: boolean
  hand: boolean
}

/** A room event from another service, forwarded verbatim by signaling (docs/events.md). */
export interface RoomEventEnvelope {
  type: string
  room: string
  sender?: string | null
  target?: string | null
  id: string
  timestamp: number | string
  payload: Record<string, unknown>
}
