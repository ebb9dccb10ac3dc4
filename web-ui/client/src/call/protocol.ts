import type { Grant, MediaMode, ParticipantView, RoomEventEnvelope } from '@/meeting/contract'
import { isSfuMessageType, type MediaModeClientMessage, type MediaModeMessage, type SfuClientMessage, type SfuServerMessage, type TransportMode } from './sfuMessages'

export type { TransportMode } from './sfuMessages'

/**
 * The frames of the meeting WebSocket (`/ws/rooms/{slug}`), as docs/signaling-protocol.md
 * defines them. Only the fields the client uses are typed; the server may send more.
 */

export interface Welcome {
  type: 'welcome'
  protocol: number
  participantId: string
  room: string
  /** True when this connection took over an earlier one within the reconnect grace. */
  resumed: boolean
  self: ParticipantView
  grants: Grant[]
  participants: ParticipantView[]
  settings: Record<string, unknown> | null
  mediaMode: MediaMode
  /** `target`: the mode a switch in progress goes to (its `media-mode` prepare follows). */
  media: { mode: TransportMode | string; polite?: string; target?: TransportMode | string }
  iceServers: RTCIceServer[]
  resume: { credential: string; graceSeconds: number }
  heartbeat?: { idleTimeoutSeconds: number }
  limits?: { messagesPerSecond: number; burst: number }
  /** The server-side recording running now, if any (docs/recording.md). */
  recording?: { recordingId: string; by?: string; byName?: string; startedAt: number } | null
  /** A host's record button records on the server (an AUTO meeting moves to the SFU for it). */
  serverRecording?: boolean
}

/** Offer/answer/candidate as relayed to us (`from` = the sending participant). */
export type IncomingSignal =
  | { type: 'offer'; from: string; sdp: string; iceRestart?: boolean }
  | { type: 'answer'; from: string; sdp: string }
  | { type: 'candidate'; from: string; candidate: RTCIceCandidateInit | null }

/** Offer/answer/candidate we send (`to` = the addressee). */
export type OutgoingSignal =
  | { type: 'offer'; to: string; sdp: string; iceRestart?: boolean }
  | { type: 'answer'; to: string; sdp: string }
  | { type: 'candidate'; to: string; candidate: RTCIceCandidateInit | null }

export type ParticipantLeftReason =
  | 'left'
  | 'disconnected'
  | 'removed_from_meeting'
  | 'room_ended'
  | 'rate_limited'
  | 'connection_lost'

export type ServerMessage =
  | Welcome
  | IncomingSignal
  | { type: 'participant-joined'; participant: ParticipantView }
  | { type: 'participant-updated'; participant: ParticipantView }
  | { type: 'participant-left'; participantId: string; reason: ParticipantLeftReason | string }
  | { type: 'reaction'; from: string; emoji: string }
  | { type: 'speaking'; from: string; speaking: boolean; level?: number }
  | { type: 'pong'; seq?: number; serverTime: number }
  /** The welcome's serverRecording after a change of the room's media setting. */
  | { type: 'server-recording'; offered: boolean }
  | { type: 'error'; code: string; message: string; ref?: string }
  | SfuServerMessage
  | MediaModeMessage

/** Media state a participant announces with `state` (any subset). */
export interface MediaState {
  mic: boolean
  camera: boolean
  screen: boolean
  hand: boolean
}

export type ClientMessage =
  | OutgoingSignal
  | { type: 'ping'; seq: number }
  | ({ type: 'state' } & Partial<MediaState>)
  | { type: 'reaction'; emoji: string }
  | { type: 'speaking'; speaking: boolean; level?: number }
  | { type: 'leave' }
  | { type: 'recording.start' | 'recording.stop' }
  | SfuClientMessage
  | MediaModeClientMessage

/** Every frame the server can send: protocol messages (dashes) and room events (dots). */
export type IncomingFrame = { kind: 'message'; message: ServerMessage } | { kind: 'event'; event: RoomEventEnvelope }

/**
 * Classifies a received text frame. Room events from other services have a dotted `type`
 * (`room.locked`), protocol messages do not (`participant-joined`) — except the SFU's
 * `sfu.*` messages, which are protocol messages in a namespace of their own. Returns null for
 * anything that is not a JSON object with a string `type` — a newer server may send
 * frames this client does not know, and they must not break the meeting.
 */
export function parseFrame(text: string): IncomingFrame | null {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const type = (data as { type?: unknown }).type
  if (typeof type !== 'string') return null
  if (type.includes('.') && !isSfuMessageType(type)) return { kind: 'event', event: data as RoomEventEnvelope }
  return { kind: 'message', message: data as ServerMessage }
}

/** Perfect negotiation: the peer with the lexicographically larger participantId is polite. */
export function isPolite(selfId: string, peerId: string): boolean {
  return selfId > peerId
}
