import type { JoinedMeeting, LeaveReason, ParticipantView, RoomEventEnvelope } from '@/meeting/contract'
import type { LocalMedia } from '@/media/localMedia'
import { forgetParticipant, type CallState } from './callState'
import { LocalControls, type Notifier } from './localControls'
import { MeshTransport, type MeshTransportOptions } from './meshTransport'
import type { ServerMessage, Welcome } from './protocol'
import { classifyQuality, worstQuality, type Quality } from './quality'
import { interpretRoomEvent } from './roomEvents'
import { SignalingClient, type SocketFactory } from './signalingClient'
import { ActiveSpeakerTracker, SpeakingDetector } from './speaking'
import type { MediaTransport, TransportEvents } from './transport'

/** The chat store's side of the integration (src/chat/store.ts). */
export interface ChatSink {
  applyEvent(event: RoomEventEnvelope): void
  resync(): Promise<void>
}

export type TransportFactory = (options: MeshTransportOptions) => MediaTransport

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
}

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
  private transport: MediaTransport | null = null
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
    this.controls = new LocalControls({
      state: this.state,
      media: options.media,
      send: async (slot, track, isScreen) => {
        await this.transport?.setTrack(slot, track, isScreen)
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
      this.transport?.close()
      this.transport = null
      for (const id of Object.keys(state.participants)) this.removeParticipant(id)
    }
    state.selfId = welcome.participantId
    state.selfParticipant = welcome.self
    state.role = welcome.self.role
    state.grants = [...welcome.grants]
    state.mediaMode = welcome.media.mode
    this.applySettings(welcome.settings)
    this.transport ??= this.createTransport(welcome)

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
    if (welcome.resumed) this.transport.signalingRestored()
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
        this.transport?.handleSignal(message)
        break
      case 'reaction':
        this.float(message.from, message.emoji)
        break
      case 'speaking':
        state.speaking[message.from] = message.speaking
        state.activeSpeaker = this.speakers.update(message.from, message.speaking, this.now())
        break
      case 'error':
        if (message.code === 'forbidden') this.options.notify.error('meeting.errors.forbidden')
        // unknown_participant: a message raced someone's departure; others are logged.
        else if (message.code !== 'unknown_participant') console.warn('[signaling]', message.code, message.message)
        break
    }
  }

  private onRoomEvent(event: RoomEventEnvelope): void {
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
      this.transport?.addParticipant(id, initiate)
    }
  }

  private removeParticipant(id: string): void {
    this.transport?.removeParticipant(id)
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

  private createTransport(welcome: Welcome): MediaTransport {
    if (welcome.media.mode !== 'p2p') {
      // signaling relays P2P offers in any mode, so the mesh still works for now.
      this.options.notify.info('meeting.errors.mediaModeUnsupported')
    }
    const rtcConfig: RTCConfiguration = {
      iceServers: welcome.iceServers,
      ...(this.options.forceRelay ? { iceTransportPolicy: 'relay' as const } : {}),
    }
    const factory = this.options.createTransport ?? ((o: MeshTransportOptions) => new MeshTransport(o))
    return factory({
      selfId: welcome.participantId,
      rtcConfig,
      send: (message) => this.signaling.send(message),
      events: this.transportEvents(),
      initialTracks: this.controls.currentTracks(),
      initialVideoIsScreen: this.options.media.screen !== null,
    })
  }

  private transportEvents(): TransportEvents {
    const state = this.state
    return {
      remoteTracks: (id, tracks) => {
        if (id in state.participants) state.remote[id] = tracks
      },
      linkState: (id, linkState) => {
        if (id in state.participants) state.links[id] = linkState
      },
      linkLost: (id) => {
        const name = state.participants[id]?.name
        if (name !== undefined) this.options.notify.error('meeting.errors.peerUnreachable', { name })
      },
      error: (error) => console.warn('[call]', error),
    }
  }

  private async updateQuality(): Promise<void> {
    const transport = this.transport
    if (!transport) return
    const stats = await transport.stats()
    if (transport !== this.transport) return
    const sent: Quality[] = []
    for (const [id, link] of stats) {
      if (!(id in this.state.participants)) continue
      this.state.quality[id] = classifyQuality(link.receive)
      sent.push(classifyQuality(link.send))
    }
    if (this.state.selfId) this.state.quality[this.state.selfId] = worstQuality(sent)
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
    this.transport?.close()
    this.transport = null
    this.controls.stop()
  }
}
