import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import type { LeaveReason, RoomEventEnvelope } from '@/meeting/contract'
import { decideAfterClose, decideAfterTokenFailure, reconnectDelay } from './closePolicy'
import type { ServerMessage, Welcome } from './protocol'
import { SignalingClient, signalingUrl, type SignalingStatus, type SocketLike } from './signalingClient'

/** A WebSocket double: records what the client sends and lets the test play the server. */
class FakeSocket implements SocketLike {
  readyState = 0
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  sent: Record<string, unknown>[] = []
  closedWith: { code?: number; reason?: string } | null = null

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason }
    this.readyState = 3
  }
  // server side
  open(): void {
    this.readyState = 1
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent)
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason } as CloseEvent)
  }
}

function welcome(participantId: string, credential: string, resumed = false): Welcome {
  return {
    type: 'welcome',
    protocol: 1,
    participantId,
    room: 'abc-defg-hij',
    resumed,
    self: {
      participantId, userId: 'u1', name: 'Alice', role: 'host', guest: false, joinedAt: 1,
      mic: false, camera: false, screen: false, hand: false,
    },
    grants: ['publish'],
    participants: [],
    settings: null,
    mediaMode: 'AUTO',
    media: { mode: 'p2p' },
    iceServers: [],
    resume: { credential, graceSeconds: 15 },
  }
}

function setup(options: { renew?: () => Promise<string>; get?: () => Promise<string> } = {}) {
  const sockets: FakeSocket[] = []
  const statuses: SignalingStatus[] = []
  const welcomes: Welcome[] = []
  const messages: ServerMessage[] = []
  const events: RoomEventEnvelope[] = []
  const ended: LeaveReason[] = []
  const tokens = {
    get: vi.fn(options.get ?? (async () => 'token-1')),
    renew: vi.fn(options.renew ?? (async () => 'token-2')),
  }
  const client = new SignalingClient({
    url: 'ws://localhost/ws/rooms/abc-defg-hij',
    tokens,
    createSocket: (url, protocols) => {
      const socket = new FakeSocket(url, protocols)
      sockets.push(socket)
      return socket
    },
    handlers: {
      welcome: (w) => welcomes.push(w),
      message: (m) => messages.push(m),
      event: (e) => events.push(e),
      status: (s) => statuses.push(s),
      ended: (r) => ended.push(r),
    },
    random: () => 0.5,
    now: () => Date.now(),
  })
  const last = () => sockets[sockets.length - 1]!
  return { client, sockets, last, statuses, welcomes, messages, events, ended, tokens }
}

/** Starts the client and completes the first join. */
async function joined(t: ReturnType<typeof setup>, id = 'p1', credential = 'cred-1') {
  t.client.start()
  await vi.advanceTimersByTimeAsync(0)
  t.last().open()
  t.last().receive(welcome(id, credential))
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('signalingUrl', () => {
  it('uses wss on https pages and ws on http pages', () => {
    expect(signalingUrl({ protocol: 'https:', host: 'meet.example' }, 'abc')).toBe('wss://meet.example/ws/rooms/abc')
    expect(signalingUrl({ protocol: 'http:', host: 'localhost:8080' }, 'abc')).toBe('ws://localhost:8080/ws/rooms/abc')
  })
})

describe('SignalingClient', () => {
  it('offers convene.v1 and the room token as subprotocols, and reports the welcome', async () => {
    const t = setup()
    await joined(t)
    expect(t.sockets).toHaveLength(1)
    expect(t.last().protocols).toEqual(['convene.v1', 'access_token.token-1'])
    expect(t.welcomes.map((w) => w.participantId)).toEqual(['p1'])
    expect(t.statuses).toEqual(['connecting', 'connected'])
  })

  it('separates protocol messages from room events and ignores junk', async () => {
    const t = setup()
    await joined(t)
    t.last().receive({ type: 'participant-left', participantId: 'p2', reason: 'left' })
    t.last().receive({ type: 'room.locked', room: 'abc', id: 'e1', timestamp: 1, payload: {} })
    t.last().onmessage?.({ data: 'not json' } as MessageEvent)
    t.last().receive({ no: 'type' })
    expect(t.messages.map((m) => m.type)).toEqual(['participant-left'])
    expect(t.events.map((e) => e.type)).toEqual(['room.locked'])
  })

  it('does not send before the welcome and sends JSON after it', async () => {
    const t = setup()
    t.client.start()
    await vi.advanceTimersByTimeAsync(0)
    t.last().open()
    expect(t.client.send({ type: 'state', mic: true })).toBe(false)
    t.last().receive(welcome('p1', 'c1'))
    expect(t.client.send({ type: 'state', mic: true })).toBe(true)
    expect(t.last().sent).toEqual([{ type: 'state', mic: true }])
  })

  it('reconnects with the resume credential after a network loss (1006)', async () => {
    const t = setup()
    await joined(t, 'p1', 'cred-1')
    t.last().serverClose(1006)
    expect(t.statuses.at(-1)).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.sockets).toHaveLength(2)
    expect(t.last().protocols).toEqual(['convene.v1', 'access_token.token-1', 'resume.cred-1'])
    t.last().open()
    t.last().receive(welcome('p1', 'cred-2', true))
    expect(t.welcomes.at(-1)?.resumed).toBe(true)
    expect(t.statuses.at(-1)).toBe('connected')
  })

  it.each([1001, 1009, 1011, 4408])('resumes after close %i', async (code) => {
    const t = setup()
    await joined(t)
    t.last().serverClose(code)
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.last().protocols).toContain('resume.cred-1')
    expect(t.ended).toEqual([])
  })

  it('joins afresh (no resume) after being dropped for rate limiting (1008)', async () => {
    const t = setup()
    await joined(t)
    t.last().serverClose(1008, 'rate_limited')
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.sockets).toHaveLength(2)
    expect(t.last().protocols).toEqual(['convene.v1', 'access_token.token-1'])
  })

  it.each([
    [4410, 'removed_from_meeting', 'removed_from_meeting'],
    [4411, 'room_ended', 'room_ended'],
    [4409, 'room_full', 'room_full'],
    [4403, 'wrong_room', 'token_invalid'],
    [4401, 'invalid_token', 'token_invalid'],
    [4401, 'missing_token', 'token_invalid'],
    [4412, 'session_resumed', 'connection_failed'],
  ])('stops for good on close %i %s', async (code, reason, leaveReason) => {
    const t = setup()
    await joined(t)
    t.last().serverClose(code, reason)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(t.sockets).toHaveLength(1)
    expect(t.ended).toEqual([leaveReason])
    expect(t.statuses.at(-1)).toBe('closed')
  })

  it('renews the token after 4401 token_expired and reconnects with it', async () => {
    const t = setup()
    await joined(t)
    t.last().serverClose(4401, 'token_expired')
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.tokens.renew).toHaveBeenCalledTimes(1)
    expect(t.last().protocols).toEqual(['convene.v1', 'access_token.token-2', 'resume.cred-1'])
  })

  it('gives up when a freshly renewed token is refused as expired again', async () => {
    const t = setup()
    await joined(t)
    t.last().serverClose(4401, 'token_expired')
    await vi.advanceTimersByTimeAsync(1000)
    t.last().serverClose(4401, 'token_expired')
    expect(t.ended).toEqual(['token_invalid'])
  })

  it('ends the meeting when room-service refuses the renewal because the user was removed', async () => {
    const t = setup({
      renew: async () => {
        throw new ApiError(403, 'removed_from_meeting', 'removed')
      },
    })
    await joined(t)
    t.last().serverClose(4401, 'token_expired')
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.ended).toEqual(['removed_from_meeting'])
  })

  it('keeps retrying while room-service is unreachable, then gives up after the deadline', async () => {
    let fail = false
    const t = setup({
      get: async () => {
        if (fail) throw new ApiError(0, 'network_error', 'down')
        return 'token-1'
      },
    })
    await joined(t)
    fail = true
    t.last().serverClose(1006)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(t.ended).toEqual([])
    expect(t.tokens.get.mock.calls.length).toBeGreaterThan(5)
    await vi.advanceTimersByTimeAsync(70_000)
    expect(t.ended).toEqual(['connection_failed'])
  })

  it('pings every 15 s and reconnects when no pong comes within 10 s', async () => {
    const t = setup()
    await joined(t)
    await vi.advanceTimersByTimeAsync(15_000)
    expect(t.last().sent).toEqual([{ type: 'ping', seq: 1 }])
    t.last().receive({ type: 'pong', seq: 1, serverTime: 1 })
    await vi.advanceTimersByTimeAsync(15_000)
    expect(t.sockets).toHaveLength(1)
    // second ping is never answered
    const dead = t.last()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(dead.closedWith?.code).toBe(4000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(t.sockets).toHaveLength(2)
    expect(t.last().protocols).toContain('resume.cred-1')
    // a late close of the abandoned socket changes nothing
    dead.onclose?.({ code: 4412, reason: 'session_resumed' } as CloseEvent)
    expect(t.ended).toEqual([])
  })

  it('ignores the 4412 of the old socket once a resumed one is current', async () => {
    const t = setup()
    await joined(t)
    const old = t.last()
    old.serverClose(1006)
    await vi.advanceTimersByTimeAsync(1000)
    t.last().open()
    t.last().receive(welcome('p1', 'cred-2', true))
    old.serverClose(4412, 'session_resumed')
    expect(t.ended).toEqual([])
    expect(t.statuses.at(-1)).toBe('connected')
  })

  it('leave sends leave, closes, and never reconnects', async () => {
    const t = setup()
    await joined(t)
    const socket = t.last()
    t.client.leave()
    expect(socket.sent).toEqual([{ type: 'leave' }])
    expect(socket.closedWith?.code).toBe(1000)
    socket.serverClose(1000, 'left')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(t.sockets).toHaveLength(1)
    expect(t.ended).toEqual([])
    expect(t.statuses.at(-1)).toBe('closed')
  })
})

describe('close policy', () => {
  it('resumes on unknown codes', () => {
    expect(decideAfterClose(1006, '')).toEqual({ action: 'reconnect', resume: true, renewToken: false })
    expect(decideAfterClose(4999, 'future')).toEqual({ action: 'reconnect', resume: true, renewToken: false })
  })
  it('maps token failures', () => {
    expect(decideAfterTokenFailure(new ApiError(409, 'room_closed', ''))).toEqual({ action: 'stop', reason: 'room_ended' })
    expect(decideAfterTokenFailure(new ApiError(401, 'unauthorized', ''))).toEqual({ action: 'stop', reason: 'token_invalid' })
    expect(decideAfterTokenFailure(new ApiError(503, 'http_503', '')).action).toBe('reconnect')
    expect(decideAfterTokenFailure(new TypeError('offline')).action).toBe('reconnect')
  })
  it('backs off exponentially up to a cap', () => {
    const half = () => 0.5
    expect(reconnectDelay(0, half)).toBe(125)
    expect(reconnectDelay(1, half)).toBe(1000)
    expect(reconnectDelay(2, half)).toBe(2000)
    expect(reconnectDelay(10, half)).toBe(8000)
  })
})
