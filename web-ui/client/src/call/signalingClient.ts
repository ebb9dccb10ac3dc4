import type { LeaveReason, RoomEventEnvelope, RoomTokenSource } from '@/meeting/contract'
import { decideAfterClose, decideAfterTokenFailure, reconnectDelay, type CloseDecision } from './closePolicy'
import { parseFrame, type ClientMessage, type ServerMessage, type Welcome } from './protocol'

/**
 * The meeting WebSocket with everything that keeps it alive: room token as subprotocol,
 * application heartbeat, reconnect with backoff and the `resume.` credential, token
 * renewal on 4401 token_expired, and the close codes that end the meeting
 * (docs/signaling-protocol.md). It knows nothing about media.
 */

/** The part of the browser WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike

/** `connecting`: never welcomed yet; `reconnecting`: lost after a welcome; `closed`: for good. */
export type SignalingStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed'

export interface SignalingHandlers {
  /** Every welcome: the first one and each after a reconnect (`resumed` tells which kind). */
  welcome(welcome: Welcome): void
  /** Protocol messages other than welcome and pong. */
  message(message: ServerMessage): void
  /** Room events of other services (dotted types), verbatim. */
  event(event: RoomEventEnvelope): void
  status(status: SignalingStatus): void
  /** The server or room-service ended this participant's meeting; no reconnect follows. */
  ended(reason: LeaveReason): void
}

export interface SignalingOptions {
  url: string
  tokens: RoomTokenSource
  createSocket: SocketFactory
  handlers: SignalingHandlers
  /** Application `ping` interval (the server's idle timeout is 60 s). */
  pingIntervalMs?: number
  /** A ping without `pong` for this long means the connection is dead. */
  pongTimeoutMs?: number
  /** Stop trying (and end with `connection_failed`) after this long without a welcome. */
  giveUpAfterMs?: number
  random?: () => number
  now?: () => number
}

const OPEN = 1
/** Our own close code for a socket we abandon (private-use range). */
const CLIENT_ABANDONED = 4000

export function signalingUrl(location: { protocol: string; host: string }, slug: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws/rooms/${encodeURIComponent(slug)}`
}

export class SignalingClient {
  private socket: SocketLike | null = null
  private welcomed = false
  private everWelcomed = false
  private stopped = false
  private resumeCredential: string | null = null
  /** Offer the resume credential on the next connect (false after a 1008: we are gone). */
  private useResume = true
  /** Ask room-service for a new token (not just a cached one) before the next connect. */
  private renewToken = false
  /** A renewal happened and no welcome since: a second token_expired means the renewal is useless. */
  private renewedSinceWelcome = false
  private attempt = 0
  private disconnectedSince: number | null = null
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private pongTimer: ReturnType<typeof setTimeout> | null = null
  private pingSeq = 0
  /** Bumped on every connect attempt so a slow token fetch of an older attempt is dropped. */
  private generation = 0

  private readonly pingIntervalMs: number
  private readonly pongTimeoutMs: number
  private readonly giveUpAfterMs: number
  private readonly random: () => number
  private readonly now: () => number

  constructor(private readonly options: SignalingOptions) {
    this.pingIntervalMs = options.pingIntervalMs ?? 15_000
    this.pongTimeoutMs = options.pongTimeoutMs ?? 10_000
    this.giveUpAfterMs = options.giveUpAfterMs ?? 120_000
    this.random = options.random ?? Math.random
    this.now = options.now ?? Date.now
  }

  start(): void {
    this.options.handlers.status('connecting')
    void this.connect()
  }

  get connected(): boolean {
    return this.welcomed && this.socket?.readyState === OPEN
  }

  /** Sends when connected; returns false (message dropped) otherwise. */
  send(message: ClientMessage): boolean {
    if (!this.connected || !this.socket) return false
    this.socket.send(JSON.stringify(message))
    return true
  }

  /** While waiting to reconnect (e.g. the browser came back online): try now. */
  reconnectNow(): void {
    if (this.stopped || !this.reconnectTimer) return
    clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    void this.connect()
  }

  /** Leaves the meeting (others see us go at once) and stops for good. */
  leave(): void {
    if (this.stopped) return
    this.send({ type: 'leave' })
    this.shutDown()
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation
    let token: string
    try {
      token = this.renewToken ? await this.options.tokens.renew() : await this.options.tokens.get()
    } catch (error) {
      if (this.stopped || generation !== this.generation) return
      this.follow(decideAfterTokenFailure(error), true)
      return
    }
    if (this.stopped || generation !== this.generation) return
    if (this.renewToken) {
      this.renewToken = false
      this.renewedSinceWelcome = true
    }
    const protocols = ['convene.v1', `access_token.${token}`]
    if (this.useResume && this.resumeCredential) protocols.push(`resume.${this.resumeCredential}`)
    const socket = this.options.createSocket(this.options.url, protocols)
    this.socket = socket
    this.welcomed = false
    socket.onmessage = (event) => {
      if (socket === this.socket && typeof event.data === 'string') this.onFrame(event.data)
    }
    socket.onclose = (event) => {
      if (socket === this.socket) this.onClosed(event.code, event.reason)
    }
    // A failed connection always also fires `close`, which is where it is handled.
    socket.onerror = () => {}
  }

  private onFrame(text: string): void {
    const frame = parseFrame(text)
    if (!frame) return
    if (frame.kind === 'event') {
      if (this.welcomed) this.options.handlers.event(frame.event)
      return
    }
    const message = frame.message
    if (message.type === 'welcome') {
      this.onWelcome(message)
      return
    }
    if (!this.welcomed) return
    if (message.type === 'pong') {
      this.clearPongTimer()
      return
    }
    this.options.handlers.message(message)
  }

  private onWelcome(welcome: Welcome): void {
    this.welcomed = true
    this.everWelcomed = true
    this.attempt = 0
    this.disconnectedSince = null
    this.useResume = true
    this.renewedSinceWelcome = false
    this.resumeCredential = welcome.resume?.credential ?? null
    this.startHeartbeat()
    this.options.handlers.status('connected')
    this.options.handlers.welcome(welcome)
  }

  private onClosed(code: number, reason: string): void {
    this.detachSocket()
    if (this.stopped) return
    const decision = decideAfterClose(code, reason)
    if (decision.action === 'reconnect' && decision.renewToken && this.renewedSinceWelcome) {
      // A fresh token was refused as expired again: renewing cannot help.
      this.finish('token_invalid')
      return
    }
    this.follow(decision, false)
  }

  private follow(decision: CloseDecision, afterTokenFailure: boolean): void {
    if (decision.action === 'stop') {
      this.finish(decision.reason)
      return
    }
    if (!afterTokenFailure) {
      this.useResume = decision.resume
      this.renewToken = decision.renewToken
    }
    this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    const now = this.now()
    this.disconnectedSince ??= now
    if (now - this.disconnectedSince >= this.giveUpAfterMs) {
      this.finish('connection_failed')
      return
    }
    this.options.handlers.status(this.everWelcomed ? 'reconnecting' : 'connecting')
    const delay = reconnectDelay(this.attempt++, this.random)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      void this.connect()
    }, delay)
  }

  private startHeartbeat(): void {
    this.stopHeartbeat()
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping', seq: ++this.pingSeq })) return
      // One outstanding deadline: it is cleared by any pong.
      this.pongTimer ??= setTimeout(() => this.onPongTimeout(), this.pongTimeoutMs)
    }, this.pingIntervalMs)
  }

  private onPongTimeout(): void {
    this.pongTimer = null
    // The socket may look open while the path is dead (e.g. a laptop woke up on another
    // network): drop it ourselves and resume on a new one.
    const socket = this.socket
    this.detachSocket()
    socket?.close(CLIENT_ABANDONED, 'heartbeat_timeout')
    this.follow({ action: 'reconnect', resume: true, renewToken: false }, false)
  }

  private clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer)
    this.pongTimer = null
  }

  private stopHeartbeat(): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.pingTimer = null
    this.clearPongTimer()
  }

  /** Forgets the current socket: its late events (e.g. a 4412 after we resumed elsewhere) are ignored. */
  private detachSocket(): void {
    this.stopHeartbeat()
    const socket = this.socket
    this.socket = null
    this.welcomed = false
    if (socket) {
      socket.onmessage = null
      socket.onclose = null
      socket.onerror = null
    }
  }

  private finish(reason: LeaveReason): void {
    this.shutDown()
    this.options.handlers.ended(reason)
  }

  private shutDown(): void {
    this.stopped = true
    this.generation++
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    const socket = this.socket
    this.detachSocket()
    socket?.close(1000, 'left')
    this.options.handlers.status('closed')
  }
}
