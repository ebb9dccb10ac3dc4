import { notFlowing, type MediaProgress, type SendExpectation } from './flowing'
import type { MediaModeClientMessage, TransportMode } from './sfuMessages'

/**
 * Make-before-break switching between P2P and SFU (AUTO rooms, `media-mode` messages):
 *
 *   steady ──prepare(m)──► preparing: the new transport runs next to the old one, tiles
 *                          still show the old one; every 250 ms: is everyone's media
 *                          arriving on the new path? (or the timeout) A participant whose
 *                          media arrives there already moves to it (`showParticipant`):
 *                          on a busy machine the old path may stall while the new one
 *                          comes up, and waiting for the slowest sender froze the others.
 *   preparing ──flowing──► ready: tiles show the new path, `media-mode-ready` is sent, the
 *                          old path keeps running until…
 *   ready ──commit(m)─────► steady: the old transport is closed.
 *
 * A prepare back to the mode we are leaving drops the new path and keeps the old (it
 * never stopped). A commit without a prepare (we missed it, e.g. while reconnecting)
 * switches at once. If no commit comes, the old path is closed after `commitTimeoutMs`
 * anyway, so we never send everything twice for long.
 */
export interface SwitchableTransport {
  readonly mode: TransportMode
  mediaProgress(): Promise<Map<string, MediaProgress>>
  close(): void
}

export interface ModeSwitchHost<T extends SwitchableTransport> {
  /** Builds (and starts) a transport for `mode`, already told about everyone present. */
  create(mode: TransportMode): T
  /** The tiles now show this transport's tracks. */
  show(transport: T): void
  /** One participant's tile now shows this (preparing) transport's tracks: its media flows there. */
  showParticipant?(transport: T, participantId: string): void
  /** Who should be sending what right now (participants' announced mic/camera/screen). */
  expectedSenders(): Map<string, SendExpectation>
  send(message: MediaModeClientMessage): void
  now(): number
}

export interface ModeSwitchOptions {
  probeIntervalMs?: number
  /** Give up waiting for every stream and switch anyway. */
  flowTimeoutMs?: number
  commitTimeoutMs?: number
}

export type SwitchPhase = 'steady' | 'preparing' | 'ready'

export class ModeSwitch<T extends SwitchableTransport> {
  private shownTransport: T | null = null
  /** preparing: the transport being built; ready: the old one, still running. */
  private other: T | null = null
  private phaseValue: SwitchPhase = 'steady'
  private startedAt = 0
  private previous = new Map<string, MediaProgress>()
  /** Preparing: participants whose tiles already show the new path. */
  private readonly moved = new Set<string>()
  private probeTimer: ReturnType<typeof setInterval> | null = null
  private deadline: ReturnType<typeof setTimeout> | null = null
  private readonly probeIntervalMs: number
  private readonly flowTimeoutMs: number
  private readonly commitTimeoutMs: number

  constructor(
    private readonly host: ModeSwitchHost<T>,
    options: ModeSwitchOptions = {},
  ) {
    this.probeIntervalMs = options.probeIntervalMs ?? 250
    this.flowTimeoutMs = options.flowTimeoutMs ?? 6000
    this.commitTimeoutMs = options.commitTimeoutMs ?? 20_000
  }

  /** The transport the tiles show (null before the first welcome). */
  get shown(): T | null {
    return this.shownTransport
  }

  get phase(): SwitchPhase {
    return this.phaseValue
  }

  /** The mode being switched to while preparing, else null. */
  get target(): TransportMode | null {
    return this.phaseValue === 'preparing' && this.other ? this.other.mode : null
  }

  /** Every running transport (participants, tracks and signals go to all of them). */
  running(): T[] {
    return [this.shownTransport, this.other].filter((t): t is T => t !== null)
  }

  /** The running transport of `mode`, if any (where `sfu.*` or P2P signals belong). */
  find(mode: TransportMode): T | null {
    return this.running().find((t) => t.mode === mode) ?? null
  }

  /** First transport, or a hard switch (a welcome after which we do not know anything else). */
  start(mode: TransportMode): void {
    this.reset()
    const transport = this.host.create(mode)
    this.shownTransport = transport
    this.host.show(transport)
  }

  prepare(mode: TransportMode): void {
    const shown = this.shownTransport
    if (!shown) return
    switch (this.phaseValue) {
      case 'steady':
        if (shown.mode === mode) this.sendReady(mode, true)
        else this.beginPreparing(mode)
        return
      case 'preparing':
        if (this.other!.mode === mode) return
        // Back to where we are: drop the half-built path.
        this.closeOther()
        this.phaseValue = 'steady'
        this.sendReady(mode, true)
        return
      case 'ready':
        if (shown.mode === mode) {
          this.sendReady(mode, true)
          return
        }
        // Back to the old path, which never stopped: show it again.
        this.swap()
        this.closeOther()
        this.phaseValue = 'steady'
        this.sendReady(mode, true)
    }
  }

  commit(mode: TransportMode): void {
    const shown = this.shownTransport
    if (!shown) return
    switch (this.phaseValue) {
      case 'steady':
        if (shown.mode !== mode) this.start(mode)
        return
      case 'preparing':
        if (this.other!.mode === mode) this.swap()
        break
      case 'ready':
        if (shown.mode !== mode) this.swap()
        break
    }
    this.closeOther()
    this.phaseValue = 'steady'
  }

  /** Closes everything (leaving, or a new identity). */
  close(): void {
    this.reset()
  }

  private beginPreparing(mode: TransportMode): void {
    this.other = this.host.create(mode)
    this.phaseValue = 'preparing'
    this.startedAt = this.host.now()
    this.previous = new Map()
    this.probeTimer = setInterval(() => void this.probe(), this.probeIntervalMs)
    this.deadline = setTimeout(() => this.becomeReady(false), this.flowTimeoutMs)
  }

  private async probe(): Promise<void> {
    const candidate = this.other
    if (this.phaseValue !== 'preparing' || !candidate) return
    let now: Map<string, MediaProgress>
    try {
      now = await candidate.mediaProgress()
    } catch {
      return
    }
    if (candidate !== this.other || this.phaseValue !== 'preparing') return
    const expected = this.host.expectedSenders()
    const waitingFor = notFlowing(expected, this.previous, now)
    this.previous = now
    if (waitingFor.length === 0) {
      this.becomeReady(true)
      return
    }
    for (const id of expected.keys()) {
      if (waitingFor.includes(id) || this.moved.has(id) || !now.has(id)) continue
      this.moved.add(id)
      this.host.showParticipant?.(candidate, id)
    }
  }

  private becomeReady(complete: boolean): void {
    if (this.phaseValue !== 'preparing') return
    this.stopTimers()
    // 'ready' before the swap: the host reads `target` while showing the new path, and in
    // 'preparing' it would name the *old* transport (now `other`) — the badge said
    // "switching to p2p" from the moment the tiles showed the SFU until the commit.
    this.phaseValue = 'ready'
    this.swap()
    this.sendReady(this.shownTransport!.mode, complete)
    this.deadline = setTimeout(() => {
      if (this.phaseValue !== 'ready') return
      this.closeOther()
      this.phaseValue = 'steady'
    }, this.commitTimeoutMs)
  }

  private sendReady(mode: TransportMode, complete: boolean): void {
    const waitedMs = this.phaseValue === 'steady' ? 0 : Math.max(0, this.host.now() - this.startedAt)
    this.host.send({ type: 'media-mode-ready', mode, complete, waitedMs })
  }

  /** The other transport becomes the shown one and vice versa. */
  private swap(): void {
    this.moved.clear() // everyone follows the transport shown now
    const next = this.other!
    this.other = this.shownTransport
    this.shownTransport = next
    this.host.show(next)
  }

  private closeOther(): void {
    this.stopTimers()
    this.other?.close()
    this.other = null
    // Tiles moved one by one to a path that is now gone go back to the one that stays.
    if (this.moved.size) {
      this.moved.clear()
      if (this.shownTransport) this.host.show(this.shownTransport)
    }
  }

  private stopTimers(): void {
    if (this.probeTimer) clearInterval(this.probeTimer)
    if (this.deadline) clearTimeout(this.deadline)
    this.probeTimer = null
    this.deadline = null
  }

  private reset(): void {
    this.moved.clear()
    this.closeOther()
    this.shownTransport?.close()
    this.shownTransport = null
    this.phaseValue = 'steady'
  }
}
