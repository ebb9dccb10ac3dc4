/**
 * The SFU and media-mode frames of the meeting WebSocket (docs/sfu.md, "Client protocol").
 * The browser never talks to Janus: these messages go to signaling-service, which drives
 * Janus for us. `sfu.*` types are dotted but are protocol messages, not room events
 * (parseFrame knows).
 */

/** How the room's media flows: browsers directly (mesh) or through the SFU (Janus). */
export type TransportMode = 'p2p' | 'sfu'

/** Which of our two SFU connections a candidate belongs to. */
export type SfuPeerConnectionRole = 'publisher' | 'subscriber'

/** What a published m-line carries (screen audio is `screen` with kind audio). */
export type StreamSource = 'camera' | 'screen' | 'mic'

/** One m-line of the subscriber connection: whose media it shows. */
export interface SubscribedStream {
  mid: string
  participantId: string
  kind: 'audio' | 'video'
  source: StreamSource
  /** false: the m-line is kept (m-lines are never removed) but carries nothing any more. */
  active: boolean
}

/** A simulcast layer choice for one received video m-line. 0 = lowest … 2 = highest. */
export interface LayerChoice {
  mid: string
  substream: 0 | 1 | 2
  temporal?: 0 | 1 | 2
}

export type SfuClientMessage =
  | { type: 'sfu.join' }
  | { type: 'sfu.publish'; sdp: string; streams: { mid: string; source: StreamSource }[] }
  | { type: 'sfu.unpublish' }
  | { type: 'sfu.answer'; offerId: number; sdp: string }
  | { type: 'sfu.candidate'; pc: SfuPeerConnectionRole; candidate: RTCIceCandidateInit | null }
  | { type: 'sfu.layers'; layers: LayerChoice[] }
  | { type: 'sfu.leave' }

export type SfuServerMessage =
  | { type: 'sfu.joined' }
  | { type: 'sfu.published'; sdp: string; streams?: { mid: string; kind: string; source: StreamSource; simulcast?: boolean }[] }
  | { type: 'sfu.offer'; offerId: number; sdp: string; newConnection: boolean; streams: SubscribedStream[] }
  | { type: 'sfu.restart'; reason: string }
  | { type: 'sfu.unavailable'; reason: string }
  /** Janus' view of a connection (`event`: webrtcup, media, slowlink, hangup); informational. */
  | { type: 'sfu.media'; pc: SfuPeerConnectionRole; event: string; detail?: unknown }
  /** Dynacast: subscriber `from` now wants `layer` (0–2) of our camera at most; null: it dropped our feed. */
  | { type: 'sfu.demand'; from: string; layer: 0 | 1 | 2 | null }

/** A room switching between P2P and SFU (AUTO rooms only), in two phases. */
export interface MediaModeMessage {
  type: 'media-mode'
  mode: TransportMode
  /** prepare: build the new path next to the old one; commit: close the old one. */
  phase: 'prepare' | 'commit'
  reason?: string
}

/** Client reports for AUTO switching. */
export type MediaModeClientMessage =
  /** The new path is flowing (or we stopped waiting): our tiles show it now. */
  | { type: 'media-mode-ready'; mode: TransportMode; complete: boolean; waitedMs: number }
  /** Our direct link with `peer` did not come back after an ICE restart (TURN included). */
  | { type: 'media-p2p-failed'; peer: string }
  /** Our uplink in P2P mode, so the server can see that we cannot carry N-1 upstreams. */
  | { type: 'media-stats'; peers: number; sendKbps: number; availableKbps?: number; lossRate?: number }

export function isSfuMessageType(type: string): boolean {
  return type.startsWith('sfu.')
}
