/**
 * Decides when a peer connection needs an ICE restart. `disconnected` often heals by
 * itself within a second or two (a Wi-Fi hiccup), so it is given `disconnectedGraceMs`;
 * `failed` never heals, so it restarts at once. A restart that has not reconnected after
 * `retryMs` is tried again, up to `maxAttempts`, then `onGiveUp` is called.
 */
export interface IceRestartOptions {
  restart(): void
  onGiveUp?(): void
  /** Called with the number of each restart as it starts (1 = the first). */
  onAttempt?(attempt: number): void
  disconnectedGraceMs?: number
  retryMs?: number
  maxAttempts?: number
}

export class IceRestartWatchdog {
  private state: RTCPeerConnectionState = 'new'
  private timer: ReturnType<typeof setTimeout> | null = null
  private attempts = 0
  private readonly disconnectedGraceMs: number
  private readonly retryMs: number
  private readonly maxAttempts: number

  constructor(private readonly options: IceRestartOptions) {
    this.disconnectedGraceMs = options.disconnectedGraceMs ?? 3000
    this.retryMs = options.retryMs ?? 10_000
    this.maxAttempts = options.maxAttempts ?? 5
  }

  /** Feed every `connectionstatechange`. */
  connectionStateChanged(state: RTCPeerConnectionState): void {
    this.state = state
    switch (state) {
      case 'connected':
        this.attempts = 0
        this.clear()
        break
      case 'disconnected':
        if (!this.timer) this.timer = setTimeout(() => this.trigger(), this.disconnectedGraceMs)
        break
      case 'failed':
        this.clear()
        this.trigger()
        break
      case 'closed':
        this.clear()
        break
    }
  }

  /**
   * Signaling came back after an outage: a connection that broke meanwhile could not
   * restart (its offer had no way through), so restart it now.
   */
  signalingRestored(): void {
    if (this.state === 'failed' || this.state === 'disconnected') {
      this.clear()
      this.attempts = 0
      this.trigger()
    }
  }

  dispose(): void {
    this.clear()
    this.state = 'closed'
  }

  private trigger(): void {
    this.timer = null
    if (this.attempts >= this.maxAttempts) {
      this.options.onGiveUp?.()
      return
    }
    this.attempts++
    this.options.onAttempt?.(this.attempts)
    this.options.restart()
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.state !== 'connected' && this.state !== 'closed') this.trigger()
    }, this.retryMs)
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
