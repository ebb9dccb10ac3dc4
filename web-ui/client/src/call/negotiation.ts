/**
 * "Perfect negotiation" (W3C WebRTC, example 3 of §10.7) for one peer connection, written
 * against the few RTCPeerConnection members it needs so it can be tested without a browser.
 *
 * - Either side may offer at any time (negotiationneeded, ICE restart).
 * - Glare (both offered at once): the impolite peer (smaller participantId) ignores the
 *   incoming offer; the polite peer rolls its own offer back and answers.
 * - Every incoming description and candidate is handled one after the other, and
 *   candidates that arrive before the remote description are queued, because
 *   addIceCandidate fails without one.
 */

/** The RTCPeerConnection members negotiation uses. */
export interface NegotiablePeerConnection {
  readonly signalingState: RTCSignalingState
  readonly localDescription: { type: RTCSdpType; sdp: string } | null
  readonly remoteDescription: { type: RTCSdpType; sdp: string } | null
  setLocalDescription(description?: { type: RTCSdpType; sdp?: string }): Promise<void>
  setRemoteDescription(description: { type: RTCSdpType; sdp: string }): Promise<void>
  addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void>
  restartIce(): void
}

/** What the negotiator sends to its peer (through signaling). */
export type NegotiationMessage =
  | { type: 'offer'; sdp: string; iceRestart: boolean }
  | { type: 'answer'; sdp: string }
  | { type: 'candidate'; candidate: RTCIceCandidateInit | null }

/** What arrives from the peer. */
export type RemoteNegotiationMessage =
  | { type: 'offer'; sdp: string; iceRestart?: boolean }
  | { type: 'answer'; sdp: string }
  | { type: 'candidate'; candidate: RTCIceCandidateInit | null }

export interface NegotiatorOptions {
  polite: boolean
  send(message: NegotiationMessage): void
  /**
   * Called after a remote offer is applied and before the answer is made: the moment to
   * attach local tracks to the transceivers the offer created, so the answer sends them.
   */
  beforeAnswer?(): void | Promise<void>
  /** Unexpected failures (logged by the caller; negotiation carries on). */
  onError?(error: unknown): void
}

export class PerfectNegotiator {
  private makingOffer = false
  private ignoreOffer = false
  private iceRestartPending = false
  private pendingCandidates: (RTCIceCandidateInit | null)[] = []
  private queue: Promise<void> = Promise.resolve()
  private closed = false

  constructor(
    private readonly pc: NegotiablePeerConnection,
    private readonly options: NegotiatorOptions,
  ) {}

  get polite(): boolean {
    return this.options.polite
  }

  /** Call from the connection's `negotiationneeded` event. */
  async negotiationNeeded(): Promise<void> {
    if (this.closed) return
    try {
      this.makingOffer = true
      await this.pc.setLocalDescription()
      const offer = this.pc.localDescription
      // A remote offer may have been applied meanwhile, turning our call into an answer.
      if (offer?.type === 'offer') {
        this.options.send({ type: 'offer', sdp: offer.sdp, iceRestart: this.iceRestartPending })
        this.iceRestartPending = false
      }
    } catch (error) {
      this.options.onError?.(error)
    } finally {
      this.makingOffer = false
    }
  }

  /** Call from the connection's `icecandidate` event (null = gathering complete). */
  localCandidate(candidate: RTCIceCandidateInit | null): void {
    if (!this.closed) this.options.send({ type: 'candidate', candidate })
  }

  /**
   * Restarts ICE: the browser then fires negotiationneeded, and the resulting offer is
   * flagged `iceRestart` for the peer's benefit.
   */
  restartIce(): void {
    if (this.closed) return
    this.iceRestartPending = true
    this.pc.restartIce()
  }

  /** Handles a message from the peer; resolves when it (and all before it) is applied. */
  receive(message: RemoteNegotiationMessage): Promise<void> {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : this.apply(message)))
      .catch((error: unknown) => this.options.onError?.(error))
    return this.queue
  }

  close(): void {
    this.closed = true
    this.pendingCandidates = []
  }

  private async apply(message: RemoteNegotiationMessage): Promise<void> {
    if (message.type === 'candidate') {
      await this.applyCandidate(message.candidate)
      return
    }
    const offerCollision = message.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable')
    this.ignoreOffer = !this.options.polite && offerCollision
    if (this.ignoreOffer) return
    if (offerCollision) {
      // Polite: give up our own offer and take theirs.
      await this.pc.setLocalDescription({ type: 'rollback' })
    }
    await this.pc.setRemoteDescription({ type: message.type, sdp: message.sdp })
    await this.flushCandidates()
    if (message.type === 'offer') {
      await this.options.beforeAnswer?.()
      await this.pc.setLocalDescription()
      const answer = this.pc.localDescription
      if (answer?.type === 'answer') this.options.send({ type: 'answer', sdp: answer.sdp })
    }
  }

  private async applyCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (!this.pc.remoteDescription) {
      // Candidates of an offer we ignored are useless; others wait for the description.
      if (!this.ignoreOffer) this.pendingCandidates.push(candidate)
      return
    }
    await this.addCandidate(candidate)
  }

  private async flushCandidates(): Promise<void> {
    const queued = this.pendingCandidates
    this.pendingCandidates = []
    for (const candidate of queued) await this.addCandidate(candidate)
  }

  private async addCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    try {
      // No argument = end of candidates.
      await (candidate ? this.pc.addIceCandidate(candidate) : this.pc.addIceCandidate())
    } catch (error) {
      // Candidates belonging to an ignored offer fail by design.
      if (!this.ignoreOffer) this.options.onError?.(error)
    }
  }
}
