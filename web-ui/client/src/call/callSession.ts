import { isMediaMode, type JoinedMeeting, type LeaveReason, type ParticipantView, type RoomEventEnvelope } from '@/meeting/contract'
import type { LocalMedia } from '@/media/localMedia'
import { forgetParticipant, type CallState } from './callState'
import { LocalControls, type Notifier } from './localControls'
import type { SendExpectation } from './flowing'
import { MeshTransport } from './meshTransport'
import { ModeSwitch } from './modeSwitch'
import type { IncomingSignal, ServerMessage, TransportMode, Welcome } from './protocol'
import { classifyQuality, worstQuality, type Quality } from './quality'
import { interpretRoomEvent } from './roomEvents'
import { isRecordingEventType } from './serverRecording'
import type { VideoView } from './sfuLayers'
import { isSfuMessageType } from './sfuMessages'
import { SfuTransport } from './sfuTransport'
import { SignalingClient, type SocketFactory } from './signalingClient'
import { ActiveSpeakerTracker, SpeakingDetector } from './speaking'
import type { LinkState, LinkStats, MediaTransport, RemoteTracks, TransportEvents, TransportOptions } from './transport'

/** The chat store's side of the integration (src/chat/store.ts). */
export interface ChatSink {
  applyEvent(event: RoomEventEnvelope): void
  resync(): Promise<void>
}

export type TransportFactory = (options: TransportOptions) => MediaTransport

/** The default: the mesh for "p2p", Janus through signaling-service for "sfu". */
export const createDefaultTransport: TransportFactory = (options) =>
  options.mode === 'sfu' ? new SfuTransport(options) : new MeshTransport(options)

export interface CallSessionOptions {
  meeting: JoinedMeeting
  state: CallState
  media: LocalMedia
  notify: Notifier
  chat: ChatSink
  /** The meeting is over for us (left, removed, ended, …); called once. */
  ended(reason: LeaveReason): void
  signalingUrl: string
  createSocket: SocketFactory
  /** `?relay=1`: only TURN relay candidates (iceTransportPolicy 'relay'). */
  forceRelay: boolean
  createTransport?: TransportFactory
  /** Calls `onLevel` (0…1) ~15×/s for the track until the returned function is called. */
  levelMeter?(track: MediaStreamTrack, onLevel: (level: number) => void): () => void
  now?(): number
  statsIntervalMs?: number
  /** Server-side recording (serverRecording.ts): `recording.*` events, the welcome, refusals. */
  recording?: RecordingSink
}

export interface RecordingSink {
  applyEvent(event: RoomEventEnvelope): void
  applyWelcome(welcome: Welcome): void
  /** `server-recording`: whether a host's record button records on the server, after a setting change. */
  applyOffer(offered: unknown): void
  applyError(code: string): void
}

/** What one transport delivered, kept apart so a transport being prepared does not disturb the tiles. */
interface TransportView {
  remote: Record<string, RemoteTracks>
  links: Record<string, LinkState>
}

/** P2P signals that arrive before our mesh exists (a peer got `media-mode prepare` first) wait this long. */
const EARLY_SIGNAL_MS = 10_000
/** In AUTO rooms on P2P, `media-stats` goes out every this many quality updates (2 s each). */
const UPLINK_REPORT_EVERY = 3

/** Floating reactions stay this long on a tile. */
const REACTION_MS = 4000
const MAX_REACTIONS = 30

/**
 * One participation in a meeting: connects signaling, media transport, local controls and
 * room events, and keeps CallState up to date. Created by the meeting room component,
 * which renders the state and calls the public methods.
 */
export class CallSession {
  readonly controls: LocalControls
  private readonly signaling: SignalingClient
  private readonly state: CallState
  /** Which transport(s) run and which one the tiles show (make-before-break, AUTO). */
  private readonly modes: ModeSwitch<MediaTransport>
  private readonly views = new Map<MediaTransport, TransportView>()
  /** During a switch: participants whose tiles already show the new transport (ModeSwitch.showParticipant). */
  private readonly movedTiles = new Map<string, MediaTransport>()
  private rtcConfig: RTCConfiguration = {}
  /** The room's media setting from the welcome (`AUTO` rooms report P2P trouble). */
  private videoViews: readonly VideoView[] = []
  private earlySignals: { message: IncomingSignal; at: number }[] = []
  private readonly reportedFailures = new Set<string>()
  private qualityRounds = 0
  private readonly detector: SpeakingDetector
  private readonly speakers = new ActiveSpeakerTracker()
  private stopMeter: (() => void) | null = null
  private readonly timers: ReturnType<typeof setInterval>[] = []
  private welcomedBefore = false
  private finished = false
  private reactionKey = 0
  private readonly now: () => number

  constructor(private readonly options: CallSessionOptions) {
    this.state = options.state
    this.now = options.now ?? Date.now
    this.modes = new ModeSwitch<MediaTransport>({
      create: (mode) => this.createTransport(mode),
      show: (transport) => this.show(transport),
      showParticipant: (transport, id) => this.showParticipant(transport, id),
      expectedSenders: () => this.expectedSenders(),
      send: (message) => this.signaling.send(message),
      now: this.now,
    })
    this.controls = new LocalControls({
      state: this.state,
      media: options.media,
      send: async (slot, track, isScreen) => {
        // While switching both paths run, and both must send what the user chose.
        await Promise.all(this.modes.running().map((t) => t.setTrack(slot, track, isScreen)))
      },
      announce: (change) => this.signaling.send({ type: 'state', ...change }),
      notify: options.notify,
      microphoneChanged: (track) => this.listenTo(track),
    })
    this.detector = new SpeakingDetector((speaking, level) => {
      this.signaling.send({ type: 'speaking', speaking, level })
    })
    this.signaling = new SignalingClient({
      url: options.signalingUrl,
      tokens: options.meeting.tokens,
      createSocket: options.createSocket,
      handlers: {
        welcome: (welcome) => this.onWelcome(welcome),
        message: (message) => this.onMessage(message),
        event: (event) => this.onRoomEvent(event),
        status: (status) => {
          this.state.status = status
        },
        ended: (reason) => this.finish(reason),
      },
    })
  }

  start(): void {
    this.signaling.start()
    void this.controls.start(this.options.meeting.prefs)
    this.timers.push(setInterval(() => void this.updateQuality(), this.options.statsIntervalMs ?? 2000))
    // Speaking states held back by the rate limit, and the active speaker's hold expiring.
    this.timers.push(setInterval(() => this.tickSpeaking(), 500))
  }

  /** The browser is back online: do not wait for the next backoff step. */
  reconnectNow(): void {
    this.signaling.reconnectNow()
  }

  leave(): void {
    this.signaling.leave()
    this.finish('left')
  }

  /** The component goes away without the user choosing to leave (navigation): leave quietly. */
  dispose(): void {
    if (this.finished) return
    this.finished = true
    this.signaling.leave()
    this.tearDown()
  }

  /** The UI's tile sizes, for the SFU's simulcast layer choice (sfuLayers.ts). */
  setVideoViews(views: readonly VideoView[]): void {
    this.videoViews = views
    for (const transport of this.modes.running()) transport.setVideoViews?.(views)
  }

  /** Host: start or stop the server-side recording (SFU mode). */
  sendRecording(type: 'recording.start' | 'recording.stop'): void {
    this.signaling.send({ type })
  }

  react(emoji: string): void {
    if (!this.state.selfId) return
    this.signaling.send({ type: 'reaction', emoji })
    this.float(this.state.selfId, emoji)
  }

  // ------------------------------------------------------------------ signaling → state

  private onWelcome(welcome: Welcome): void {
    const state = this.state
    // After a reconnect that could not resume we are a new participant: every link and
    // everything we knew belongs to the old identity.
    if (!welcome.resumed && state.selfId !== null) {
      this.modes.close()
      this.views.clear()
      this.movedTiles.clear()
      this.reportedFailures.clear()
      for (const id of Object.keys(state.participants)) this.removeParticipant(id)
    }
    state.selfId = welcome.participantId
    state.selfParticipant = welcome.self
    state.role = welcome.self.role
    state.grants = [...welcome.grants]
    if (isMediaMode(welcome.mediaMode)) state.mediaSetting = welcome.mediaMode
    this.rtcConfig = {
      iceServers: welcome.iceServers,
      ...(this.options.forceRelay ? { iceTransportPolicy: 'relay' as const } : {}),
    }
    this.applySettings(welcome.settings)
    this.options.recording?.applyWelcome(welcome)
    const mode = this.transportModeOf(welcome)
    // Joining while the meeting moves to the SFU: straight there (a mesh would only be closed at
    // the commit, and building it costs everyone CPU while their SFU path comes up).
    if (!this.modes.shown) this.modes.start(welcome.media.target === 'sfu' ? 'sfu' : mode)
    // Resumed after the room switched without us (we missed prepare and commit): follow.
    else if (this.modes.phase === 'steady' && this.modes.shown.mode !== mode) this.modes.commit(mode)
    state.mediaSwitchingTo = this.modes.target

    const listed = new Set(welcome.participants.map((p) => p.participantId))
    // Anyone we knew who is not listed left while we were away.
    for (const id of Object.keys(state.participants)) if (!listed.has(id)) this.removeParticipant(id)
    for (const participant of welcome.participants) {
      // As the newcomer we offer to everyone; after a resume, people who joined meanwhile
      // got us in their welcome and offer to us.
      this.upsertParticipant(participant, !welcome.resumed)
    }
    // A fresh join starts with everything off on the server: tell our real state.
    this.signaling.send({ type: 'state', ...this.announceableState() })
    if (welcome.resumed) for (const transport of this.modes.running()) transport.signalingRestored()
    if (this.welcomedBefore) void this.options.chat.resync()
    this.welcomedBefore = true
  }

  private onMessage(message: ServerMessage): void {
    const state = this.state
    switch (message.type) {
      case 'participant-joined':
        this.upsertParticipant(message.participant, false)
        break
      case 'participant-updated':
        // Also an upsert: an update may overtake the join it follows across replicas.
        this.upsertParticipant(message.participant, false)
        break
      case 'participant-left':
        this.removeParticipant(message.participantId)
        break
      case 'offer':
      case 'answer':
      case 'candidate':
        this.handleP2pSignal(message)
        break
      case 'media-mode':
        if (message.phase === 'prepare') this.modes.prepare(message.mode)
        else this.modes.commit(message.mode)
        state.mediaSwitchingTo = this.modes.target
        break
      case 'server-recording':
        this.options.recording?.applyOffer(message.offered)
        break
      case 'reaction':
        this.float(message.from, message.emoji)
        break
      case 'speaking':
        state.speaking[message.from] = message.speaking
        state.activeSpeaker = this.speakers.update(message.from, message.speaking, this.now())
        break
      case 'error':
        if (message.ref && isRecordingEventType(message.ref)) this.options.recording?.applyError(message.code)
        else if (message.ref && isSfuMessageType(message.ref)) {
          this.modes.find('sfu')?.handleSfuError?.(message.ref, message.code)
          console.warn('[sfu]', message.ref, message.code, message.message)
        } else if (message.code === 'forbidden') this.options.notify.error('meeting.errors.forbidden')
        // unknown_participant: a message raced someone's departure; others are logged.
        else if (message.code !== 'unknown_participant') console.warn('[signaling]', message.code, message.message)
        break
      default:
        if (isSfuMessageType(message.type)) this.onSfuMessage(message as Extract<ServerMessage, { type: `sfu.${string}` }>)
    }
  }

  private onSfuMessage(message: Extract<ServerMessage, { type: `sfu.${string}` }>): void {
    // No Janus can serve the meeting: say so; AUTO rooms are moved back to P2P by the server.
    if (message.type === 'sfu.unavailable') this.options.notify.error('meeting.errors.sfuUnavailable')
    this.modes.find('sfu')?.handleSfuMessage?.(message)
  }

  /** Offer/answer/candidate belong to the mesh, shown or being prepared. */
  private handleP2pSignal(message: IncomingSignal): void {
    const mesh = this.modes.find('p2p')
    if (mesh) {
      mesh.handleSignal(message)
      return
    }
    // A peer that got `media-mode prepare` before us already offers: keep it for our mesh.
    const now = this.now()
    this.earlySignals = [...this.earlySignals.filter((s) => now - s.at < EARLY_SIGNAL_MS), { message, at: now }]
  }

  private onRoomEvent(event: RoomEventEnvelope): void {
    if (isRecordingEventType(event.type)) return this.options.recording?.applyEvent(event)
    const state = this.state
    const effect = interpretRoomEvent(event, { userId: this.options.meeting.userId, role: state.role })
    switch (effect.kind) {
      case 'mute-self':
        if (this.controls.muteOnRequest()) this.options.notify.info(effect.toast)
        break
      case 'locked':
        if (state.locked !== effect.locked) this.options.notify.info(effect.locked ? 'meeting.toasts.locked' : 'meeting.toasts.unlocked')
        state.locked = effect.locked
        break
      case 'chat':
        this.options.chat.applyEvent(event)
        break
      case 'lobby':
        state.lobbyRevision++
        if (effect.waitingName && state.role === 'host') {
          this.options.notify.info('meeting.toasts.lobbyWaiting', { name: effect.waitingName })
        }
        break
      case 'role-changed':
        for (const p of Object.values(state.participants)) if (p.userId === effect.userId) p.role = effect.role
        if (effect.userId === this.options.meeting.userId) {
          state.role = effect.role
          if (state.selfParticipant) state.selfParticipant.role = effect.role
        }
        break
      case 'settings':
        this.applySettings({ name: effect.name, locked: effect.locked })
        // The running meeting follows a changed media mode (the server switches it if needed): the
        // AUTO-only reports (failed pairs, uplink) follow too.
        if (isMediaMode(effect.mediaMode)) this.state.mediaSetting = effect.mediaMode
        break
    }
  }

  private applySettings(settings: Record<string, unknown> | null): void {
    if (typeof settings?.name === 'string') this.state.roomName = settings.name
    if (typeof settings?.locked === 'boolean') this.state.locked = settings.locked
  }

  private upsertParticipant(participant: ParticipantView, initiate: boolean): void {
    const id = participant.participantId
    if (id === this.state.selfId) return
    const known = id in this.state.participants
    this.state.participants[id] = participant
    if (!known) {
      this.state.links[id] = 'connecting'
      for (const transport of this.modes.running()) transport.addParticipant(id, initiate)
    }
  }

  private removeParticipant(id: string): void {
    for (const transport of this.modes.running()) transport.removeParticipant(id)
    for (const view of this.views.values()) {
      delete view.remote[id]
      delete view.links[id]
    }
    this.movedTiles.delete(id)
    forgetParticipant(this.state, id)
    this.state.activeSpeaker = this.speakers.remove(id, this.now())
  }

  /** What `state` may claim: mic/camera need `publish`, screen `screen` (else the server refuses). */
  private announceableState() {
    const { self, grants } = this.state
    const publish = grants.includes('publish')
    return {
      mic: publish && self.mic,
      camera: publish && self.camera,
      screen: grants.includes('screen') && self.screen,
      hand: self.hand,
    }
  }

  // -------------------------------------------------------------------------- media

  /** "p2p" or "sfu"; an unknown mode (a newer server) falls back to the mesh, with a notice. */
  private transportModeOf(welcome: Welcome): TransportMode {
    const mode = welcome.media.mode
    if (mode === 'p2p' || mode === 'sfu') return mode
    this.options.notify.info('meeting.errors.mediaModeUnsupported')
    return 'p2p'
  }

  /**
   * A transport for `mode`, told about everyone already present. When it is built for a
   * switch to P2P, everyone builds their mesh at the same moment: in each pair the smaller
   * participantId offers (perfect negotiation settles it if both do).
   */
  private createTransport(mode: TransportMode): MediaTransport {
    const { grants } = this.state
    const factory = this.options.createTransport ?? createDefaultTransport
    const view: TransportView = { remote: {}, links: {} }
    let transport: MediaTransport | null = null
    transport = factory({
      mode,
      selfId: this.state.selfId!,
      rtcConfig: this.rtcConfig,
      send: (message) => this.signaling.send(message),
      events: this.transportEvents(view, () => transport),
      initialTracks: this.controls.currentTracks(),
      initialVideoIsScreen: this.options.media.screen !== null,
      canPublish: grants.includes('publish') || grants.includes('screen'),
    })
    this.views.set(transport, view)
    const selfId = this.state.selfId!
    for (const id of Object.keys(this.state.participants)) transport.addParticipant(id, mode === 'p2p' && selfId < id)
    if (this.videoViews.length) transport.setVideoViews?.(this.videoViews)
    if (mode === 'p2p') {
      const now = this.now()
      const early = this.earlySignals.filter((s) => now - s.at < EARLY_SIGNAL_MS)
      this.earlySignals = []
      for (const { message } of early) transport.handleSignal(message)
    }
    return transport
  }

  /** The tiles switch to `transport`'s tracks (first transport, or a switch). */
  private show(transport: MediaTransport): void {
    const state = this.state
    state.mediaMode = transport.mode
    state.mediaSwitchingTo = this.modes.target
    this.movedTiles.clear()
    for (const id of Object.keys(state.participants)) this.showTile(transport, id)
    // Transports that are closed are forgotten.
    for (const known of [...this.views.keys()]) if (!this.modes.running().includes(known) && known !== transport) this.views.delete(known)
  }

  /** During a switch, one participant's media flows on the new path: their tile moves to it already. */
  private showParticipant(transport: MediaTransport, id: string): void {
    if (!(id in this.state.participants)) return
    this.movedTiles.set(id, transport)
    this.showTile(transport, id)
  }

  private showTile(transport: MediaTransport, id: string): void {
    const state = this.state
    const view = this.views.get(transport)
    const tracks = view?.remote[id]
    if (tracks) state.remote[id] = tracks
    else delete state.remote[id]
    state.links[id] = view?.links[id] ?? 'connecting'
    delete state.quality[id]
  }

  /** The transport whose media `id`'s tile shows. */
  private tileSource(id: string): MediaTransport | null {
    return this.movedTiles.get(id) ?? this.modes.shown
  }

  /** Who must be flowing on a new path before the tiles move to it. */
  private expectedSenders(): Map<string, SendExpectation> {
    const expected = new Map<string, SendExpectation>()
    for (const p of Object.values(this.state.participants)) {
      expected.set(p.participantId, { video: p.camera || p.screen, audio: p.mic })
    }
    return expected
  }

  private transportEvents(view: TransportView, self: () => MediaTransport | null): TransportEvents {
    const state = this.state
    const shown = () => self() !== null && self() === this.modes.shown
    // Whether `id`'s tile shows this transport (during a switch it may already show the new one).
    const showsTileOf = (id: string) => self() !== null && self() === this.tileSource(id)
    return {
      remoteTracks: (id, tracks) => {
        if (!(id in state.participants)) return
        view.remote[id] = tracks
        if (showsTileOf(id)) state.remote[id] = tracks
      },
      linkState: (id, linkState) => {
        if (!(id in state.participants)) return
        view.links[id] = linkState
        if (showsTileOf(id)) state.links[id] = linkState
      },
      linkLost: (id) => {
        if (!shown()) return
        const name = state.participants[id]?.name
        if (name !== undefined) this.options.notify.error('meeting.errors.peerUnreachable', { name })
      },
      linkFailing: (id) => {
        // Reported once per peer: the server may move the room to the SFU.
        if (state.mediaSetting !== 'AUTO' || this.reportedFailures.has(id) || !(id in state.participants)) return
        this.reportedFailures.add(id)
        this.signaling.send({ type: 'media-p2p-failed', peer: id })
      },
      error: (error) => console.warn('[call]', error),
    }
  }

  private async updateQuality(): Promise<void> {
    const transport = this.modes.shown
    if (!transport) return
    const stats = await transport.stats()
    if (transport !== this.modes.shown) return
    if (transport.mode === 'p2p' && this.state.mediaSetting === 'AUTO' && ++this.qualityRounds % UPLINK_REPORT_EVERY === 0) {
      this.reportUplink(stats)
    }
    const sent: Quality[] = []
    for (const [id, link] of stats) {
      if (!(id in this.state.participants) || this.movedTiles.has(id)) continue
      this.state.quality[id] = classifyQuality(link.receive)
      sent.push(classifyQuality(link.send))
    }
    if (this.state.selfId) this.state.quality[this.state.selfId] = worstQuality(sent)
  }

  /**
   * `media-stats`: what our uplink carries in the mesh, so the server can see a sender that
   * cannot carry N-1 upstreams (its estimate below what the links ask for, or loss).
   */
  private reportUplink(stats: Map<string, LinkStats>): void {
    if (stats.size === 0) return
    let sendKbps = 0
    let availableKbps: number | undefined
    let lossRate: number | undefined
    for (const link of stats.values()) {
      sendKbps += link.sendKbps ?? 0
      if (link.availableKbps !== undefined) availableKbps = Math.min(availableKbps ?? Infinity, link.availableKbps)
      if (link.send.lossFraction !== undefined) lossRate = Math.max(lossRate ?? 0, link.send.lossFraction)
    }
    this.signaling.send({
      type: 'media-stats',
      peers: stats.size,
      sendKbps: Math.round(sendKbps),
      ...(availableKbps !== undefined ? { availableKbps: Math.round(availableKbps) } : {}),
      ...(lossRate !== undefined ? { lossRate: Math.round(lossRate * 1000) / 1000 } : {}),
    })
  }

  // -------------------------------------------------------------- speaking, reactions

  private listenTo(track: MediaStreamTrack | null): void {
    this.stopMeter?.()
    this.stopMeter = null
    if (!track || !this.options.levelMeter) return
    this.stopMeter = this.options.levelMeter(track, (level) => {
      const now = this.now()
      if (this.state.self.mic) this.detector.sample(level, now)
      else this.detector.silence(now)
      this.setSelfSpeaking(this.detector.isSpeaking, now)
    })
  }

  private setSelfSpeaking(speaking: boolean, now: number): void {
    const id = this.state.selfId
    if (!id || this.state.speaking[id] === speaking) return
    this.state.speaking[id] = speaking
    this.state.activeSpeaker = this.speakers.update(id, speaking, now)
  }

  private tickSpeaking(): void {
    const now = this.now()
    if (!this.state.self.mic) {
      this.detector.silence(now)
      this.setSelfSpeaking(false, now)
    }
    this.detector.flush(now)
    this.state.activeSpeaker = this.speakers.current(now)
  }

  private float(participantId: string, emoji: string): void {
    const key = ++this.reactionKey
    this.state.reactions = [...this.state.reactions.slice(-(MAX_REACTIONS - 1)), { key, participantId, emoji }]
    setTimeout(() => {
      this.state.reactions = this.state.reactions.filter((r) => r.key !== key)
    }, REACTION_MS)
  }

  // --------------------------------------------------------------------------- end

  private finish(reason: LeaveReason): void {
    if (this.finished) return
    this.finished = true
    this.tearDown()
    this.options.ended(reason)
  }

  private tearDown(): void {
    this.timers.forEach(clearInterval)
    this.timers.length = 0
    this.stopMeter?.()
    this.stopMeter = null
    this.modes.close()
    this.views.clear()
    this.controls.stop()
  }
}
