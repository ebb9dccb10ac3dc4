import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IceRestartWatchdog } from './iceRestart'
import { PerfectNegotiator, type NegotiablePeerConnection, type NegotiationMessage } from './negotiation'
import { isPolite } from './protocol'

/**
 * A peer connection reduced to its signaling state machine (JSEP): it accepts exactly the
 * transitions a browser accepts and rejects the rest, e.g. a remote offer while it has a
 * local one (no implicit rollback), or a candidate before any remote description.
 */
class FakePeerConnection implements NegotiablePeerConnection {
  signalingState: RTCSignalingState = 'stable'
  localDescription: { type: RTCSdpType; sdp: string } | null = null
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null
  candidates: (RTCIceCandidateInit | undefined)[] = []
  log: string[] = []
  restarts = 0
  private offers = 0

  constructor(readonly name: string) {}

  async setLocalDescription(description?: { type: RTCSdpType; sdp?: string }): Promise<void> {
    await Promise.resolve()
    if (description?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new Error('InvalidStateError: rollback')
      this.signalingState = 'stable'
      this.localDescription = null
      this.log.push('rollback')
      return
    }
    if (this.signalingState === 'stable') {
      this.localDescription = { type: 'offer', sdp: `${this.name}-offer-${++this.offers}` }
      this.signalingState = 'have-local-offer'
      this.log.push('local-offer')
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `${this.name}-answer` }
      this.signalingState = 'stable'
      this.log.push('local-answer')
    } else {
      throw new Error(`InvalidStateError: setLocalDescription in ${this.signalingState}`)
    }
  }

  async setRemoteDescription(description: { type: RTCSdpType; sdp: string }): Promise<void> {
    await Promise.resolve()
    if (description.type === 'offer' && this.signalingState === 'stable') {
      this.signalingState = 'have-remote-offer'
    } else if (description.type === 'answer' && this.signalingState === 'have-local-offer') {
      this.signalingState = 'stable'
    } else {
      throw new Error(`InvalidStateError: remote ${description.type} in ${this.signalingState}`)
    }
    this.remoteDescription = description
    this.log.push(`remote-${description.type}:${description.sdp}`)
  }

  async addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void> {
    await Promise.resolve()
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description')
    this.candidates.push(candidate)
  }

  restartIce(): void {
    this.restarts++
  }
}

function negotiator(pc: FakePeerConnection, polite: boolean) {
  const sent: NegotiationMessage[] = []
  const errors: unknown[] = []
  const n = new PerfectNegotiator(pc, { polite, send: (m) => sent.push(m), onError: (e) => errors.push(e) })
  return { n, sent, errors }
}

describe('isPolite', () => {
  it('makes the larger participantId polite, on both ends', () => {
    expect(isPolite('b', 'a')).toBe(true)
    expect(isPolite('a', 'b')).toBe(false)
    expect(isPolite('5c0e', '9a1b')).toBe(false)
  })
})

describe('PerfectNegotiator', () => {
  it('offers on negotiationneeded and applies the answer', async () => {
    const pc = new FakePeerConnection('A')
    const { n, sent, errors } = negotiator(pc, false)
    await n.negotiationNeeded()
    expect(sent).toEqual([{ type: 'offer', sdp: 'A-offer-1', iceRestart: false }])
    await n.receive({ type: 'answer', sdp: 'B-answer' })
    expect(pc.signalingState).toBe('stable')
    expect(errors).toEqual([])
  })

  it('answers an offer', async () => {
    const pc = new FakePeerConnection('B')
    const { n, sent } = negotiator(pc, true)
    await n.receive({ type: 'offer', sdp: 'A-offer-1' })
    expect(sent).toEqual([{ type: 'answer', sdp: 'B-answer' }])
    expect(pc.signalingState).toBe('stable')
  })

  it('lets the caller attach tracks between the remote offer and the answer', async () => {
    const pc = new FakePeerConnection('B')
    const seen: RTCSignalingState[] = []
    const n = new PerfectNegotiator(pc, { polite: true, send: () => {}, beforeAnswer: () => void seen.push(pc.signalingState) })
    await n.receive({ type: 'offer', sdp: 'A-offer-1' })
    expect(seen).toEqual(['have-remote-offer'])
    expect(pc.signalingState).toBe('stable')
  })

  it('glare: the impolite peer ignores the colliding offer and keeps its own', async () => {
    const pc = new FakePeerConnection('A')
    const { n, sent, errors } = negotiator(pc, false)
    await n.negotiationNeeded()
    await n.receive({ type: 'offer', sdp: 'B-offer-1' })
    expect(pc.signalingState).toBe('have-local-offer')
    expect(pc.log).toEqual(['local-offer'])
    expect(sent.map((m) => m.type)).toEqual(['offer'])
    // candidates of the ignored offer are dropped quietly
    await n.receive({ type: 'candidate', candidate: { candidate: 'candidate:B-1', sdpMid: '0' } })
    expect(errors).toEqual([])
    await n.receive({ type: 'answer', sdp: 'B-answer' })
    expect(pc.signalingState).toBe('stable')
    expect(pc.candidates).toEqual([])
  })

  it('glare: the polite peer rolls back its offer and answers the other one', async () => {
    const pc = new FakePeerConnection('B')
    const { n, sent, errors } = negotiator(pc, true)
    await n.negotiationNeeded()
    await n.receive({ type: 'offer', sdp: 'A-offer-1' })
    expect(pc.log).toEqual(['local-offer', 'rollback', 'remote-offer:A-offer-1', 'local-answer'])
    expect(sent).toEqual([
      { type: 'offer', sdp: 'B-offer-1', iceRestart: false },
      { type: 'answer', sdp: 'B-answer' },
    ])
    expect(pc.signalingState).toBe('stable')
    expect(errors).toEqual([])
  })

  it('glare end to end: two negotiators wired together converge on one offer/answer', async () => {
    const pcA = new FakePeerConnection('A')
    const pcB = new FakePeerConnection('B')
    const a = negotiator(pcA, isPolite('a', 'b'))
    const b = negotiator(pcB, isPolite('b', 'a'))
    // both make offers before either sees the other's
    await Promise.all([a.n.negotiationNeeded(), b.n.negotiationNeeded()])
    const deliver = async (from: typeof a, to: typeof b, count: number) => {
      for (const m of from.sent.splice(0, count)) await to.n.receive(m)
    }
    await deliver(a, b, 1) // A's offer: B (polite) rolls back and answers
    await deliver(b, a, 2) // B's offer (ignored by A) and B's answer
    expect(pcA.signalingState).toBe('stable')
    expect(pcB.signalingState).toBe('stable')
    expect(pcA.remoteDescription?.sdp).toBe('B-answer')
    expect(pcB.remoteDescription?.sdp).toBe('A-offer-1')
    expect([...a.errors, ...b.errors]).toEqual([])
  })

  it('treats an offer that arrives while ours is being made as a collision', async () => {
    const pc = new FakePeerConnection('A')
    const { n, sent } = negotiator(pc, false)
    const making = n.negotiationNeeded() // not awaited: setLocalDescription is in flight
    await n.receive({ type: 'offer', sdp: 'B-offer-1' })
    await making
    expect(pc.log).toEqual(['local-offer'])
    expect(sent).toEqual([{ type: 'offer', sdp: 'A-offer-1', iceRestart: false }])
  })

  it('queues candidates that arrive before the remote description, then adds them in order', async () => {
    const pc = new FakePeerConnection('B')
    const { n, errors } = negotiator(pc, true)
    const c1 = { candidate: 'candidate:1', sdpMid: '0' }
    const c2 = { candidate: 'candidate:2', sdpMid: '1' }
    await n.receive({ type: 'candidate', candidate: c1 })
    await n.receive({ type: 'candidate', candidate: c2 })
    expect(pc.candidates).toEqual([])
    await n.receive({ type: 'offer', sdp: 'A-offer-1' })
    await n.receive({ type: 'candidate', candidate: null })
    expect(pc.candidates).toEqual([c1, c2, undefined])
    expect(errors).toEqual([])
  })

  it('handles messages strictly in arrival order even when not awaited', async () => {
    const pc = new FakePeerConnection('B')
    const { n } = negotiator(pc, true)
    void n.receive({ type: 'offer', sdp: 'A-offer-1' })
    const last = n.receive({ type: 'candidate', candidate: { candidate: 'candidate:1' } })
    await last
    expect(pc.candidates).toHaveLength(1)
  })

  it('flags the offer that follows restartIce as an ICE restart', async () => {
    const pc = new FakePeerConnection('A')
    const { n, sent } = negotiator(pc, false)
    await n.negotiationNeeded()
    await n.receive({ type: 'answer', sdp: 'B-answer' })
    n.restartIce()
    expect(pc.restarts).toBe(1)
    await n.negotiationNeeded() // the browser fires it after restartIce()
    expect(sent.at(-1)).toEqual({ type: 'offer', sdp: 'A-offer-2', iceRestart: true })
    await n.receive({ type: 'answer', sdp: 'B-answer' })
    await n.negotiationNeeded()
    expect(sent.at(-1)).toEqual({ type: 'offer', sdp: 'A-offer-3', iceRestart: false })
  })

  it('reports an answer that matches no offer without breaking later messages', async () => {
    const pc = new FakePeerConnection('A')
    const { n, errors } = negotiator(pc, false)
    await n.receive({ type: 'answer', sdp: 'stray' })
    expect(errors).toHaveLength(1)
    await n.receive({ type: 'offer', sdp: 'B-offer-1' })
    expect(pc.signalingState).toBe('stable')
  })

  it('does nothing after close', async () => {
    const pc = new FakePeerConnection('B')
    const { n, sent } = negotiator(pc, true)
    n.close()
    await n.receive({ type: 'offer', sdp: 'A-offer-1' })
    await n.negotiationNeeded()
    n.localCandidate({ candidate: 'x' })
    expect(sent).toEqual([])
  })
})

describe('IceRestartWatchdog', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function watchdog() {
    const restart = vi.fn()
    const onGiveUp = vi.fn()
    const w = new IceRestartWatchdog({ restart, onGiveUp, disconnectedGraceMs: 3000, retryMs: 10_000, maxAttempts: 3 })
    return { w, restart, onGiveUp }
  }

  it('restarts at once when the connection fails', () => {
    const { w, restart } = watchdog()
    w.connectionStateChanged('connected')
    w.connectionStateChanged('failed')
    expect(restart).toHaveBeenCalledTimes(1)
  })

  it('gives a disconnected connection a grace period before restarting', () => {
    const { w, restart } = watchdog()
    w.connectionStateChanged('connected')
    w.connectionStateChanged('disconnected')
    vi.advanceTimersByTime(2999)
    expect(restart).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(restart).toHaveBeenCalledTimes(1)
  })

  it('does not restart when the connection heals within the grace', () => {
    const { w, restart } = watchdog()
    w.connectionStateChanged('disconnected')
    vi.advanceTimersByTime(2000)
    w.connectionStateChanged('connected')
    vi.advanceTimersByTime(60_000)
    expect(restart).not.toHaveBeenCalled()
  })

  it('retries a restart that did not help, then gives up', () => {
    const { w, restart, onGiveUp } = watchdog()
    w.connectionStateChanged('failed')
    vi.advanceTimersByTime(10_000)
    vi.advanceTimersByTime(10_000)
    expect(restart).toHaveBeenCalledTimes(3)
    expect(onGiveUp).not.toHaveBeenCalled()
    vi.advanceTimersByTime(10_000)
    expect(onGiveUp).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(60_000)
    expect(restart).toHaveBeenCalledTimes(3)
  })

  it('starts counting afresh after a successful reconnect', () => {
    const { w, restart } = watchdog()
    w.connectionStateChanged('failed')
    w.connectionStateChanged('connected')
    w.connectionStateChanged('failed')
    w.connectionStateChanged('connected')
    w.connectionStateChanged('failed')
    w.connectionStateChanged('connected')
    w.connectionStateChanged('failed')
    expect(restart).toHaveBeenCalledTimes(4)
  })

  it('restarts a broken connection when signaling comes back, but leaves a healthy one alone', () => {
    const healthy = watchdog()
    healthy.w.connectionStateChanged('connected')
    healthy.w.signalingRestored()
    expect(healthy.restart).not.toHaveBeenCalled()

    const broken = watchdog()
    broken.w.connectionStateChanged('disconnected')
    broken.w.signalingRestored()
    expect(broken.restart).toHaveBeenCalledTimes(1)
  })

  it('stops after dispose', () => {
    const { w, restart } = watchdog()
    w.connectionStateChanged('disconnected')
    w.dispose()
    vi.advanceTimersByTime(60_000)
    expect(restart).not.toHaveBeenCalled()
  })
})
