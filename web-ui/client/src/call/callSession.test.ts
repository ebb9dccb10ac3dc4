import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_MEDIA_PREFERENCES, type JoinedMeeting, type LeaveReason, type ParticipantView } from '@/meeting/contract'
import type { LocalMedia } from '@/media/localMedia'
import { CallSession, type RecordingSink } from './callSession'
import { createCallState, type CallState } from './callState'
import type { MediaProgress } from './flowing'
import type { IncomingSignal, Welcome } from './protocol'
import type { SocketLike } from './signalingClient'
import type { SfuServerMessage } from './sfuMessages'
import type { LinkStats, MediaTransport, SendSlot, TransportOptions } from './transport'

/**
 * The session wired to fakes: a scripted WebSocket, a transport that records calls, and
 * local media whose tracks are plain objects. Covers how signaling and room events drive
 * the transport and the state; the pieces themselves have their own tests.
 */

class FakeSocket implements SocketLike {
  readyState = 1
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  sent: Record<string, unknown>[] = []
  constructor(readonly protocols: string[]) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(): void {
    this.readyState = 3
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent)
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason } as CloseEvent)
  }
}

class FakeTransport implements MediaTransport {
  readonly mode: 'p2p' | 'sfu'
  sfu: SfuServerMessage[] = []
  progress = new Map<string, MediaProgress>()
  added: [string, boolean][] = []
  removed: string[] = []
  signals: IncomingSignal[] = []
  tracks: [SendSlot, unknown][] = []
  restored = 0
  closed = false
  constructor(readonly options: TransportOptions) {
    this.mode = options.mode
  }
  handleSfuMessage(message: SfuServerMessage): void {
    this.sfu.push(message)
  }
  addParticipant(id: string, initiate: boolean): void {
    this.added.push([id, initiate])
  }
  removeParticipant(id: string): void {
    this.removed.push(id)
  }
  handleSignal(message: IncomingSignal): void {
    this.signals.push(message)
  }
  async setTrack(slot: SendSlot, track: MediaStreamTrack | null): Promise<void> {
    this.tracks.push([slot, track])
  }
  signalingRestored(): void {
    this.restored++
  }
  async stats(): Promise<Map<string, LinkStats>> {
    return new Map()
  }
  async mediaProgress(): Promise<Map<string, MediaProgress>> {
    return new Map(this.progress)
  }
  close(): void {
    this.closed = true
  }
}

const track = (kind: string) => ({ kind, enabled: true, stop: vi.fn() }) as unknown as MediaStreamTrack

function fakeMedia(): LocalMedia {
  const media = {
    microphone: null as MediaStreamTrack | null,
    camera: null as MediaStreamTrack | null,
    screen: null,
    facingMode: 'user',
    openMicrophone: vi.fn(async () => (media.microphone = track('audio'))),
    openCamera: vi.fn(async () => (media.camera = track('video'))),
    startMicrophone: vi.fn(async () => media.openMicrophone()),
    startCamera: vi.fn(async () => media.openCamera()),
    dropHandedOver: vi.fn(),
    stopCamera: vi.fn(() => (media.camera = null)),
    stopScreenShare: vi.fn(),
    stopAll: vi.fn(),
  }
  return media as unknown as LocalMedia
}

const person = (participantId: string, name: string, extra: Partial<ParticipantView> = {}): ParticipantView => ({
  participantId, userId: `user-${participantId}`, name, role: 'participant', guest: false, joinedAt: 1,
  mic: true, camera: true, screen: false, hand: false, ...extra,
})

function welcome(participantId: string, participants: ParticipantView[], resumed = false, mode = 'p2p'): Welcome {
  return {
    type: 'welcome', protocol: 1, participantId, room: 'abc-defg-hij', resumed,
    self: person(participantId, 'Me', { userId: 'me-user', role: 'participant' }),
    grants: ['publish', 'screen', 'chat'], participants, settings: null, mediaMode: 'AUTO',
    media: { mode }, iceServers: [{ urls: ['stun:127.0.0.1:3478'] }],
    resume: { credential: `${participantId}.cred`, graceSeconds: 15 },
  }
}

function setup(options: { forceRelay?: boolean; recording?: RecordingSink } = {}) {
  const meeting: JoinedMeeting = {
    slug: 'abc-defg-hij',
    room: { slug: 'abc-defg-hij', name: 'Standup', mediaMode: 'AUTO', locked: false },
    role: 'participant',
    grants: ['publish', 'screen', 'chat'],
    tokens: { get: async () => 'room-token', renew: async () => 'room-token-2' },
    prefs: { ...DEFAULT_MEDIA_PREFERENCES },
    userId: 'me-user',
    displayName: 'Me',
    guest: false,
    accessToken: async () => 'access-token',
  }
  const state: CallState = createCallState(meeting)
  const sockets: FakeSocket[] = []
  const transports: FakeTransport[] = []
  const toasts: { kind: string; key: string; params?: Record<string, unknown> }[] = []
  const ended: LeaveReason[] = []
  const chat = { applyEvent: vi.fn(), resync: vi.fn(async () => {}) }
  const session = new CallSession({
    meeting,
    state,
    media: fakeMedia(),
    notify: {
      error: (key, params) => toasts.push({ kind: 'error', key, params }),
      info: (key, params) => toasts.push({ kind: 'info', key, params }),
    },
    chat,
    ended: (reason) => ended.push(reason),
    signalingUrl: 'ws://localhost/ws/rooms/abc-defg-hij',
    createSocket: (_url, protocols) => {
      const socket = new FakeSocket(protocols)
      sockets.push(socket)
      return socket
    },
    forceRelay: options.forceRelay ?? false,
    recording: options.recording,
    createTransport: (o) => {
      const t = new FakeTransport(o)
      transports.push(t)
      return t
    },
  })
  const socket = () => sockets[sockets.length - 1]!
  const transport = () => transports[transports.length - 1]!
  const stateMessages = () => socket().sent.filter((m) => m.type === 'state')
  return { session, state, sockets, socket, transports, transport, toasts, ended, chat, stateMessages }
}

async function started(t: ReturnType<typeof setup>, participants: ParticipantView[] = []) {
  t.session.start()
  await vi.advanceTimersByTimeAsync(0)
  t.socket().receive(welcome('p-me', participants))
  await vi.advanceTimersByTimeAsync(0)
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('CallSession', () => {
  it('as the newcomer, offers to everyone listed in the welcome and announces its media state', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice'), person('p-b', 'Bob')])
    expect(t.state.selfId).toBe('p-me')
    expect(t.transport().added).toEqual([['p-a', true], ['p-b', true]])
    expect(Object.keys(t.state.participants)).toEqual(['p-a', 'p-b'])
    expect(t.stateMessages().at(-1)).toEqual({ type: 'state', mic: true, camera: true, screen: false, hand: false })
    expect(t.transport().options.rtcConfig).toEqual({ iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] })
  })

  it('hands recording events, the welcome and recording refusals to the recording sink, and sends its commands', async () => {
    const recording = { applyEvent: vi.fn(), applyWelcome: vi.fn(), applyOffer: vi.fn(), applyError: vi.fn() }
    const t = setup({ recording })
    await started(t)
    expect(recording.applyWelcome).toHaveBeenCalledTimes(1)
    const started_ = { type: 'recording.started', room: 'abc-defg-hij', sender: 'p-h', target: null, id: 'e1', timestamp: 1,
      payload: { recordingId: 'r1', by: 'u-h', startedAt: 1 } }
    t.socket().receive(started_)
    expect(recording.applyEvent).toHaveBeenCalledWith(started_)
    expect(t.chat.applyEvent).not.toHaveBeenCalled()
    t.socket().receive({ type: 'error', code: 'sfu_required', message: 'no', ref: 'recording.start' })
    expect(recording.applyError).toHaveBeenCalledWith('sfu_required')
    t.socket().receive({ type: 'server-recording', offered: false })
    expect(recording.applyOffer).toHaveBeenCalledWith(false)
    expect(t.toasts).toEqual([])
    t.session.sendRecording('recording.stop')
    expect(t.socket().sent.at(-1)).toEqual({ type: 'recording.stop' })
  })

  it('starts sending the microphone and camera opened at the start', async () => {
    const t = setup()
    await started(t)
    const slots = t.transport().options.initialTracks
    expect(slots.audio?.kind).toBe('audio')
    expect(slots.video?.kind).toBe('video')
    expect(t.state.localVideo?.kind).toBe('video')
  })

  it('forces relay-only ICE when asked (?relay=1)', async () => {
    const t = setup({ forceRelay: true })
    await started(t)
    expect(t.transport().options.rtcConfig.iceTransportPolicy).toBe('relay')
  })

  it('waits for the offer of someone who joins later, and drops them when they leave', async () => {
    const t = setup()
    await started(t)
    t.socket().receive({ type: 'participant-joined', participant: person('p-c', 'Carol') })
    expect(t.transport().added).toEqual([['p-c', false]])
    t.socket().receive({ type: 'offer', from: 'p-c', sdp: 'v=0', iceRestart: false })
    expect(t.transport().signals).toEqual([{ type: 'offer', from: 'p-c', sdp: 'v=0', iceRestart: false }])
    t.socket().receive({ type: 'participant-updated', participant: person('p-c', 'Carol', { hand: true }) })
    expect(t.state.participants['p-c']?.hand).toBe(true)
    t.socket().receive({ type: 'participant-left', participantId: 'p-c', reason: 'left' })
    expect(t.transport().removed).toEqual(['p-c'])
    expect(t.state.participants['p-c']).toBeUndefined()
  })

  it('mutes itself when a host asks, tells everyone, and says why', async () => {
    const t = setup()
    await started(t)
    expect(t.state.self.mic).toBe(true)
    t.socket().receive({
      type: 'participant.mute-requested', room: 'abc-defg-hij', sender: 'room-service', target: 'me-user',
      id: 'e1', timestamp: 1, payload: { userId: 'me-user', by: 'host' },
    })
    expect(t.state.self.mic).toBe(false)
    expect(t.stateMessages().at(-1)).toEqual({ type: 'state', mic: false })
    expect(t.toasts).toEqual([{ kind: 'info', key: 'meeting.toasts.mutedByHost', params: undefined }])
  })

  it('forwards chat events, counts lobby events and follows the lock', async () => {
    const t = setup()
    await started(t)
    const envelope = (type: string, payload: Record<string, unknown> = {}) =>
      ({ type, room: 'abc-defg-hij', sender: 'x', target: null, id: type, timestamp: 1, payload })
    t.socket().receive(envelope('chat.message.created', { message: {} }))
    t.socket().receive(envelope('lobby.admitted'))
    t.socket().receive(envelope('room.locked', { by: 'h' }))
    expect(t.chat.applyEvent).toHaveBeenCalledTimes(1)
    expect(t.state.lobbyRevision).toBe(1)
    expect(t.state.locked).toBe(true)
    expect(t.toasts.map((x) => x.key)).toEqual(['meeting.toasts.locked'])
  })

  it('after a resumed reconnect keeps its links, repairs broken ones and catches up the chat', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice')])
    t.socket().serverClose(1006)
    expect(t.state.status).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.socket().protocols).toContain('resume.p-me.cred')
    t.socket().receive(welcome('p-me', [person('p-a', 'Alice'), person('p-d', 'Dan')], true))
    expect(t.state.status).toBe('connected')
    expect(t.transports).toHaveLength(1)
    expect(t.transport().added).toEqual([['p-a', true], ['p-d', false]])
    expect(t.transport().restored).toBe(1)
    expect(t.chat.resync).toHaveBeenCalledTimes(1)
  })

  it('after a reconnect that could not resume starts over as a new participant', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice')])
    const first = t.transport()
    t.socket().serverClose(1006)
    await vi.advanceTimersByTimeAsync(1000)
    t.socket().receive(welcome('p-me-2', [person('p-a', 'Alice')], false))
    expect(first.closed).toBe(true)
    expect(t.transports).toHaveLength(2)
    expect(t.transport().added).toEqual([['p-a', true]])
    expect(t.state.selfId).toBe('p-me-2')
  })

  it('ends with the reason of the close code and releases the media', async () => {
    const t = setup()
    await started(t)
    t.socket().serverClose(4410, 'removed_from_meeting')
    expect(t.ended).toEqual(['removed_from_meeting'])
    expect(t.transport().closed).toBe(true)
  })

  it('leave sends leave and ends with "left"', async () => {
    const t = setup()
    await started(t)
    const socket = t.socket()
    t.session.leave()
    expect(socket.sent.at(-1)).toEqual({ type: 'leave' })
    expect(t.ended).toEqual(['left'])
  })

  it('shows a reaction on the tile for a few seconds', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice')])
    t.socket().receive({ type: 'reaction', from: 'p-a', emoji: '🎉' })
    t.session.react('👍')
    expect(t.state.reactions.map((r) => [r.participantId, r.emoji])).toEqual([['p-a', '🎉'], ['p-me', '👍']])
    expect(t.socket().sent.at(-1)).toEqual({ type: 'reaction', emoji: '👍' })
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.state.reactions).toEqual([])
  })

  it('follows remote speaking hints for the active speaker', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice')])
    t.socket().receive({ type: 'speaking', from: 'p-a', speaking: true, level: 0.4 })
    expect(t.state.speaking['p-a']).toBe(true)
    expect(t.state.activeSpeaker).toBe('p-a')
  })

  it('uses the SFU transport when the welcome says "sfu" and hands it the sfu.* messages', async () => {
    const t = setup()
    t.session.start()
    await vi.advanceTimersByTimeAsync(0)
    t.socket().receive(welcome('p-me', [person('p-a', 'Alice')], false, 'sfu'))
    expect(t.transport().mode).toBe('sfu')
    expect(t.state.mediaMode).toBe('sfu')
    expect(t.transport().options.canPublish).toBe(true)
    t.socket().receive({ type: 'sfu.offer', offerId: 1, sdp: 'v=0', newConnection: true, streams: [] })
    expect(t.transport().sfu.map((m) => m.type)).toEqual(['sfu.offer'])
    t.socket().receive({ type: 'sfu.unavailable', reason: 'no_janus' })
    expect(t.toasts.map((x) => x.key)).toContain('meeting.errors.sfuUnavailable')
  })

  it('switches P2P → SFU make-before-break: both run, tiles move when the SFU flows, commit closes the mesh', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice')])
    const mesh = t.transport()
    const meshTrack = { kind: 'video' } as MediaStreamTrack
    mesh.options.events.remoteTracks('p-a', { video: meshTrack })
    expect(t.state.remote['p-a']?.video).toBe(meshTrack)

    t.socket().receive({ type: 'media-mode', mode: 'sfu', phase: 'prepare', reason: 'participants' })
    const sfu = t.transport()
    expect(sfu.mode).toBe('sfu')
    expect(sfu.added).toEqual([['p-a', false]])
    expect(t.state.mediaSwitchingTo).toBe('sfu')
    const sfuTrack = { kind: 'video' } as MediaStreamTrack
    sfu.options.events.remoteTracks('p-a', { video: sfuTrack })
    expect(t.state.remote['p-a']?.video).toBe(meshTrack) // not yet: the SFU path is not proven
    // Local changes reach both paths meanwhile.
    await t.session.controls.toggleCamera()
    expect(mesh.tracks.at(-1)).toEqual(['video', null])
    expect(sfu.tracks.at(-1)).toEqual(['video', null])

    sfu.progress.set('p-a', { framesDecoded: 1, audioPackets: 1 })
    await vi.advanceTimersByTimeAsync(250)
    sfu.progress.set('p-a', { framesDecoded: 5, audioPackets: 9 })
    await vi.advanceTimersByTimeAsync(250)
    expect(t.state.mediaMode).toBe('sfu')
    expect(t.state.remote['p-a']?.video).toBe(sfuTrack)
    expect(t.socket().sent.find((m) => m.type === 'media-mode-ready')).toMatchObject({ mode: 'sfu', complete: true })
    expect(mesh.closed).toBe(false)

    t.socket().receive({ type: 'media-mode', mode: 'sfu', phase: 'commit' })
    expect(mesh.closed).toBe(true)
    expect(t.state.mediaSwitchingTo).toBeNull()
  })

  it('joining while the meeting switches to the SFU: straight to the SFU, no mesh, ready at the prepare', async () => {
    const t = setup()
    t.session.start()
    await vi.advanceTimersByTimeAsync(0)
    const switching = welcome('p-me', [person('p-a', 'Alice'), person('p-b', 'Bob')])
    switching.media = { mode: 'p2p', target: 'sfu' }
    t.socket().receive(switching)
    expect(t.transports.map((x) => x.mode)).toEqual(['sfu'])
    expect(t.state.mediaMode).toBe('sfu')
    t.socket().receive({ type: 'media-mode', mode: 'sfu', phase: 'prepare', reason: 'participants' })
    expect(t.socket().sent.filter((m) => m.type === 'media-mode-ready')).toEqual([
      { type: 'media-mode-ready', mode: 'sfu', complete: true, waitedMs: 0 },
    ])
    expect(t.state.mediaSwitchingTo).toBeNull()
    t.socket().receive({ type: 'media-mode', mode: 'sfu', phase: 'commit' })
    expect(t.transports.map((x) => [x.mode, x.closed])).toEqual([['sfu', false]])
  })

  it('joining while the meeting switches to P2P: on the SFU in force, like everyone until the commit', async () => {
    const t = setup()
    t.session.start()
    await vi.advanceTimersByTimeAsync(0)
    const switching = welcome('p-me', [person('p-a', 'Alice')], false, 'sfu')
    switching.media = { mode: 'sfu', target: 'p2p' }
    t.socket().receive(switching)
    expect(t.transports.map((x) => x.mode)).toEqual(['sfu'])
  })

  it('during a switch moves each tile to the SFU once that person flows there; the mesh no longer overrides it', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice'), person('p-b', 'Bob')])
    const mesh = t.transport()
    const meshA = { kind: 'video', id: 'mesh-a' } as MediaStreamTrack
    const meshB = { kind: 'video', id: 'mesh-b' } as MediaStreamTrack
    mesh.options.events.remoteTracks('p-a', { video: meshA })
    mesh.options.events.remoteTracks('p-b', { video: meshB })

    t.socket().receive({ type: 'media-mode', mode: 'sfu', phase: 'prepare', reason: 'participants' })
    const sfu = t.transport()
    const sfuA = { kind: 'video', id: 'sfu-a' } as MediaStreamTrack
    const sfuB = { kind: 'video', id: 'sfu-b' } as MediaStreamTrack
    sfu.options.events.remoteTracks('p-a', { video: sfuA })
    sfu.options.events.remoteTracks('p-b', { video: sfuB })
    sfu.progress.set('p-a', { framesDecoded: 1, audioPackets: 1 })
    await vi.advanceTimersByTimeAsync(250)
    sfu.progress.set('p-a', { framesDecoded: 4, audioPackets: 5 })
    await vi.advanceTimersByTimeAsync(250)
    expect(t.state.remote['p-a']?.video).toBe(sfuA) // Alice flows on the SFU: her tile moved
    expect(t.state.remote['p-b']?.video).toBe(meshB) // Bob does not yet
    expect(t.state.mediaSwitchingTo).toBe('sfu')
    mesh.options.events.remoteTracks('p-a', { video: { kind: 'video', id: 'mesh-a-2' } as MediaStreamTrack })
    expect(t.state.remote['p-a']?.video).toBe(sfuA)
    const sfuA2 = { kind: 'video', id: 'sfu-a-2' } as MediaStreamTrack
    sfu.options.events.remoteTracks('p-a', { video: sfuA2 })
    expect(t.state.remote['p-a']?.video).toBe(sfuA2)

    await vi.advanceTimersByTimeAsync(6000) // Bob never flows: the flow timeout moves everyone
    expect(t.state.remote['p-b']?.video).toBe(sfuB)
    expect(t.socket().sent.find((m) => m.type === 'media-mode-ready')).toMatchObject({ mode: 'sfu', complete: false })
  })

  it('keeps P2P signals that arrive before its own prepare for the mesh it builds', async () => {
    const t = setup()
    t.session.start()
    await vi.advanceTimersByTimeAsync(0)
    t.socket().receive(welcome('p-me', [person('p-a', 'Alice')], false, 'sfu'))
    t.socket().receive({ type: 'offer', from: 'p-a', sdp: 'v=0' })
    t.socket().receive({ type: 'media-mode', mode: 'p2p', phase: 'prepare' })
    expect(t.transport().mode).toBe('p2p')
    expect(t.transport().signals).toEqual([{ type: 'offer', from: 'p-a', sdp: 'v=0' }])
    // In a switch to P2P the smaller id offers: 'p-a' < 'p-me', so Alice does.
    expect(t.transport().added).toEqual([['p-a', false]])
  })

  it('reports a direct link that cannot be repaired (AUTO), once', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice')])
    t.transport().options.events.linkFailing?.('p-a')
    t.transport().options.events.linkFailing?.('p-a')
    expect(t.socket().sent.filter((m) => m.type === 'media-p2p-failed')).toEqual([{ type: 'media-p2p-failed', peer: 'p-a' }])
  })

  it('follows the room\'s media setting from the welcome and from room.settings-changed; AUTO-only reports follow it', async () => {
    const t = setup()
    await started(t, [person('p-a', 'Alice'), person('p-b', 'Bob')])
    expect(t.state.mediaSetting).toBe('AUTO')
    const settings = (mediaMode: unknown) => ({ type: 'room.settings-changed', room: 'abc-defg-hij', sender: 'room-service', target: null,
      id: String(mediaMode), timestamp: 1, payload: { by: 'h', settings: { name: 'Standup', mediaMode } } })
    t.socket().receive(settings('P2P'))
    expect(t.state.mediaSetting).toBe('P2P')
    t.socket().receive(settings('MESH')) // not a setting: ignored
    expect(t.state.mediaSetting).toBe('P2P')
    t.transport().options.events.linkFailing?.('p-a') // fixed to P2P: nothing to report
    expect(t.socket().sent.filter((m) => m.type === 'media-p2p-failed')).toEqual([])
    t.socket().receive(settings('AUTO'))
    t.transport().options.events.linkFailing?.('p-b')
    expect(t.socket().sent.filter((m) => m.type === 'media-p2p-failed')).toEqual([{ type: 'media-p2p-failed', peer: 'p-b' }])
  })
})
