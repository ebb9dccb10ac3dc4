import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseFrame, type ClientMessage } from './protocol'
import { SfuTransport } from './sfuTransport'
import type { RemoteTracks } from './transport'

/**
 * A peer connection just real enough for the SFU transport: transceivers get mids when an
 * offer is made (publisher) or applied (subscriber), descriptions are echoed.
 */
/** A received track: muted until its first packets arrive (`unmute`). */
class FakeTrack {
  readonly id = `recv-${Math.random()}`
  muted = true
  private readonly listeners: (() => void)[] = []
  constructor(readonly kind: string) {}
  addEventListener(type: string, listener: () => void) {
    if (type === 'unmute') this.listeners.push(listener)
  }
  unmute() {
    this.muted = false
    this.listeners.forEach((l) => l())
  }
}

class FakeTransceiver {
  mid: string | null = null
  /** What the sender encodes (RTCRtpSender.getParameters/setParameters: copies, like the browser's). */
  encodings: RTCRtpEncodingParameters[]
  sender = {
    track: null as unknown,
    replaceTrack: vi.fn(async (t: unknown) => void (this.sender.track = t)),
    getParameters: () => ({ encodings: this.encodings.map((e) => ({ ...e })) }),
    setParameters: vi.fn(async (p: { encodings: RTCRtpEncodingParameters[] }) => void (this.encodings = p.encodings.map((e) => ({ ...e })))),
  }
  receiver: { track: FakeTrack }
  codecs: unknown[] | null = null
  constructor(readonly kind: string, public direction: string, readonly init: Record<string, unknown> = {}) {
    this.receiver = { track: new FakeTrack(kind) }
    this.encodings = ((init.sendEncodings as RTCRtpEncodingParameters[] | undefined) ?? [{}]).map((e) => ({ ...e }))
  }
  setCodecPreferences(codecs: unknown[]) {
    this.codecs = codecs
  }
}

class FakePc {
  static all: FakePc[] = []
  transceivers: FakeTransceiver[] = []
  signalingState = 'stable'
  connectionState: RTCPeerConnectionState = 'new'
  localDescription: { type: string; sdp: string } | null = null
  onicecandidate: ((e: { candidate: { toJSON(): unknown } | null }) => void) | null = null
  onconnectionstatechange: (() => void) | null = null
  closed = false
  constructor() {
    FakePc.all.push(this)
  }
  addTransceiver(trackOrKind: string | { kind: string }, init: Record<string, unknown>) {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind
    const t = new FakeTransceiver(kind, init.direction as string, init)
    if (typeof trackOrKind !== 'string') t.sender.track = trackOrKind
    this.transceivers.push(t)
    return t
  }
  getTransceivers() {
    return this.transceivers
  }
  async createOffer() {
    this.transceivers.forEach((t, i) => (t.mid ??= String(i)))
    return { type: 'offer', sdp: `offer with ${this.transceivers.length} m-lines` }
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'answer' }
  }
  async setLocalDescription(d: { type: string; sdp: string }) {
    this.localDescription = d
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable'
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    if (d.type === 'offer') {
      // The subscriber: Janus' offer has one m-line per mid listed in the test's sdp.
      for (const mid of d.sdp.split(',')) {
        if (!this.transceivers.some((t) => t.mid === mid)) {
          const t = new FakeTransceiver(mid.startsWith('a') ? 'audio' : 'video', 'recvonly')
          t.mid = mid
          this.transceivers.push(t)
        }
      }
      this.signalingState = 'have-remote-offer'
    } else this.signalingState = 'stable'
  }
  async getStats() {
    return new Map()
  }
  close() {
    this.closed = true
  }
  setState(state: RTCPeerConnectionState) {
    this.connectionState = state
    this.onconnectionstatechange?.()
  }
}

const track = (kind: string) => ({ kind, id: `${kind}-local` }) as unknown as MediaStreamTrack

function setup(canPublish = true) {
  FakePc.all = []
  const sent: ClientMessage[] = []
  const remote: Record<string, RemoteTracks> = {}
  const links: Record<string, string> = {}
  const transport = new SfuTransport({
    selfId: 'me',
    rtcConfig: {},
    send: (m) => sent.push(m),
    events: {
      remoteTracks: (id, tracks) => (remote[id] = tracks),
      linkState: (id, state) => (links[id] = state),
      linkLost: () => {},
      error: (e) => {
        throw e
      },
    },
    initialTracks: { audio: track('audio'), video: track('video') },
    canPublish,
    createPeerConnection: () => new FakePc() as unknown as RTCPeerConnection,
    videoCodecs: () => [{ mimeType: 'video/H264', clockRate: 90000 }, { mimeType: 'video/VP8', clockRate: 90000 }],
    layerDebounceMs: 0,
  })
  const publisher = () => FakePc.all[0]!
  return { transport, sent, remote, links, publisher, types: () => sent.map((m) => m.type) }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('SfuTransport', () => {
  it('joins and sends its offer right behind the join, without waiting for sfu.joined', async () => {
    const t = setup()
    await vi.advanceTimersByTimeAsync(0)
    expect(t.types()).toEqual(['sfu.join', 'sfu.publish'])
    expect(t.sent[1]).toEqual({
      type: 'sfu.publish',
      sdp: 'offer with 2 m-lines',
      streams: [{ mid: '0', source: 'mic' }, { mid: '1', source: 'camera' }],
    })
    const [mic, camera] = t.publisher().transceivers
    expect(mic!.direction).toBe('sendonly')
    expect((camera!.init.sendEncodings as RTCRtpEncodingParameters[]).map((e) => e.rid)).toEqual(['h', 'm', 'l'])
    expect((camera!.codecs as { mimeType: string }[])[0]!.mimeType).toBe('video/VP8')
    // Candidates name their connection.
    t.publisher().onicecandidate?.({ candidate: { toJSON: () => ({ candidate: 'c1', sdpMid: '0' }) } })
    expect(t.sent.at(-1)).toEqual({ type: 'sfu.candidate', pc: 'publisher', candidate: { candidate: 'c1', sdpMid: '0' } })
  })

  it('answers subscriber offers with their offerId and gives each participant their tracks', async () => {
    const t = setup(false)
    t.transport.addParticipant('bob')
    t.transport.handleSfuMessage({ type: 'sfu.joined' })
    t.transport.handleSfuMessage({
      type: 'sfu.offer', offerId: 7, sdp: 'a0,v1', newConnection: true,
      streams: [
        { mid: 'a0', participantId: 'bob', kind: 'audio', source: 'mic', active: true },
        { mid: 'v1', participantId: 'bob', kind: 'video', source: 'camera', active: true },
      ],
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(t.sent).toContainEqual({ type: 'sfu.answer', offerId: 7, sdp: 'answer' })
    expect(t.remote.bob?.audio?.kind).toBe('audio')
    expect(t.remote.bob?.video?.kind).toBe('video')
    // Receive-only (no publish grant): no publisher connection at all.
    expect(t.types()).not.toContain('sfu.publish')

    t.transport.setVideoViews([{ participantId: 'bob', width: 150, height: 84, prominent: false }])
    await vi.advanceTimersByTimeAsync(1000)
    // Nothing asked before bob's camera delivers media: Janus then forwards from its first keyframe.
    expect(t.types()).not.toContain('sfu.layers')
    const camera = FakePc.all[0]!.transceivers.find((tr) => tr.mid === 'v1')!
    camera.receiver.track.unmute()
    // …and at once (no debounce) when it does.
    expect(t.sent.at(-1)).toEqual({ type: 'sfu.layers', layers: [{ mid: 'v1', substream: 0 }] })
  })

  it('adds the screen as a new m-line by renegotiation, and makes it inactive when sharing stops', async () => {
    const t = setup()
    t.transport.handleSfuMessage({ type: 'sfu.joined' })
    await vi.advanceTimersByTimeAsync(0)
    t.transport.handleSfuMessage({ type: 'sfu.published', sdp: 'answer' })
    await vi.advanceTimersByTimeAsync(0)
    await t.transport.setTrack('video', track('video'), true)
    await t.transport.setTrack('screenAudio', track('audio'))
    await vi.advanceTimersByTimeAsync(60)
    const publishes = t.sent.filter((m) => m.type === 'sfu.publish')
    expect(publishes).toHaveLength(2)
    expect(publishes[1]).toMatchObject({ streams: [{ source: 'mic' }, { source: 'camera' }, { mid: '2', source: 'screen' }, { mid: '3', source: 'screen' }] })
    const [, camera, screen] = t.publisher().transceivers
    expect(camera!.sender.track).toBeNull()
    expect((screen!.init.sendEncodings as unknown[]).length).toBe(1)

    t.transport.handleSfuMessage({ type: 'sfu.published', sdp: 'answer 2' })
    await vi.advanceTimersByTimeAsync(0)
    await t.transport.setTrack('video', track('video'), false)
    await vi.advanceTimersByTimeAsync(60)
    expect(screen!.direction).toBe('inactive')
    expect(t.sent.filter((m) => m.type === 'sfu.publish')).toHaveLength(3)
  })

  it('on sfu.restart rebuilds both connections and publishes again', async () => {
    const t = setup()
    t.transport.handleSfuMessage({ type: 'sfu.joined' })
    await vi.advanceTimersByTimeAsync(0)
    const first = t.publisher()
    t.transport.handleSfuMessage({ type: 'sfu.restart', reason: 'janus_lost' })
    await vi.advanceTimersByTimeAsync(0)
    expect(first.closed).toBe(true)
    expect(t.sent.filter((m) => m.type === 'sfu.publish')).toHaveLength(2)
    expect(t.types()).not.toContain('sfu.leave')
  })

  it('a failed connection is rebuilt by leaving and joining again', async () => {
    const t = setup()
    t.transport.addParticipant('bob')
    t.transport.handleSfuMessage({ type: 'sfu.joined' })
    await vi.advanceTimersByTimeAsync(0)
    t.publisher().setState('failed')
    expect(t.links.bob).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(2000)
    expect(t.types().slice(-3)).toEqual(['sfu.leave', 'sfu.join', 'sfu.publish'])
  })

  it('asks again every few seconds while no Janus can take the meeting', async () => {
    const t = setup()
    await vi.advanceTimersByTimeAsync(0)
    t.transport.handleSfuError('sfu.join', 'sfu_unavailable')
    // the publish that went out behind the join is refused too: no extra, earlier rebuild
    t.transport.handleSfuError('sfu.publish', 'sfu_not_joined')
    await vi.advanceTimersByTimeAsync(4000)
    expect(t.types()).toEqual(['sfu.join', 'sfu.publish'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.types()).toEqual(['sfu.join', 'sfu.publish', 'sfu.leave', 'sfu.join', 'sfu.publish'])
    t.transport.handleSfuMessage({ type: 'sfu.unavailable', reason: 'no_janus' })
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.types().slice(-3)).toEqual(['sfu.leave', 'sfu.join', 'sfu.publish'])
    expect(t.types().filter((type) => type === 'sfu.join')).toHaveLength(3)
  })

  it('a publish refused because the join was refused does not start a rebuild loop', async () => {
    const t = setup()
    await vi.advanceTimersByTimeAsync(0)
    t.transport.handleSfuError('sfu.join', 'sfu_not_allowed')
    t.transport.handleSfuError('sfu.publish', 'sfu_not_joined')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(t.types()).toEqual(['sfu.join', 'sfu.publish'])
  })

  it('a publish refused as not joined after a successful join rebuilds (leave, join, publish)', async () => {
    const t = setup()
    await vi.advanceTimersByTimeAsync(0)
    t.transport.handleSfuMessage({ type: 'sfu.joined' })
    t.transport.handleSfuError('sfu.publish', 'sfu_not_joined')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(t.types()).toEqual(['sfu.join', 'sfu.publish', 'sfu.leave', 'sfu.join', 'sfu.publish'])
  })

  it('dynacast: encodes the camera layers up to the highest demand, pausing others after 2 s and resuming at once', async () => {
    const t = setup()
    t.transport.addParticipant('bob')
    t.transport.addParticipant('carol')
    t.transport.handleSfuMessage({ type: 'sfu.joined' })
    await vi.advanceTimersByTimeAsync(0)
    t.transport.handleSfuMessage({ type: 'sfu.published', sdp: 'answer' })
    await vi.advanceTimersByTimeAsync(0)
    const [, camera] = t.publisher().transceivers
    const active = () => camera!.encodings.map((e) => `${e.rid}:${e.active ? 'on' : 'off'}`).join(' ')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(active()).toBe('h:on m:on l:on') // no demand yet: everything

    t.transport.handleSfuMessage({ type: 'sfu.demand', from: 'bob', layer: 2 })
    t.transport.handleSfuMessage({ type: 'sfu.demand', from: 'carol', layer: 1 })
    t.transport.handleSfuMessage({ type: 'sfu.demand', from: 'bob', layer: 1 })
    await vi.advanceTimersByTimeAsync(1999)
    expect(active()).toBe('h:on m:on l:on')
    await vi.advanceTimersByTimeAsync(1)
    expect(active()).toBe('h:off m:on l:on')

    // a tile grows: at once
    t.transport.handleSfuMessage({ type: 'sfu.demand', from: 'carol', layer: 2 })
    await vi.advanceTimersByTimeAsync(0)
    expect(active()).toBe('h:on m:on l:on')
    // carol leaves: bob's demand is what counts
    t.transport.removeParticipant('carol')
    await vi.advanceTimersByTimeAsync(2000)
    expect(active()).toBe('h:off m:on l:on')
    // bob drops our feed: only the lowest layer is left
    t.transport.handleSfuMessage({ type: 'sfu.demand', from: 'bob', layer: null })
    await vi.advanceTimersByTimeAsync(2000)
    expect(active()).toBe('h:off m:off l:on')
    // malformed demands are ignored
    t.transport.handleSfuMessage({ type: 'sfu.demand', from: 'bob', layer: 7 } as never)
    t.transport.handleSfuMessage({ type: 'sfu.demand', layer: 2 } as never)
    await vi.advanceTimersByTimeAsync(0)
    expect(active()).toBe('h:off m:off l:on')
    expect(camera!.sender.setParameters).toHaveBeenCalledTimes(4)

    // a new publisher connection (restart) starts over: everything until its first demand
    t.transport.handleSfuMessage({ type: 'sfu.restart', reason: 'janus_lost' })
    await vi.advanceTimersByTimeAsync(0)
    const fresh = FakePc.all.at(-1)!.transceivers[1]!
    t.transport.handleSfuMessage({ type: 'sfu.published', sdp: 'answer' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fresh.encodings.every((e) => e.active)).toBe(true)
  })

  it('close leaves the SFU', () => {
    const t = setup()
    t.transport.close()
    expect(t.sent.at(-1)).toEqual({ type: 'sfu.leave' })
  })
})

describe('parseFrame', () => {
  it('treats sfu.* as protocol messages, other dotted types as room events', () => {
    expect(parseFrame('{"type":"sfu.offer","offerId":1}')?.kind).toBe('message')
    expect(parseFrame('{"type":"room.locked"}')?.kind).toBe('event')
    expect(parseFrame('{"type":"media-mode","mode":"sfu","phase":"prepare"}')?.kind).toBe('message')
  })
})
