import { describe, expect, it } from 'vitest'
import { classifyQuality, receiveSample, sendSample, worstQuality, type StatsEntry } from './quality'

describe('classifyQuality', () => {
  it('is unknown without any measurement', () => {
    expect(classifyQuality({})).toBe('unknown')
  })
  it('is good on a clean, fast path', () => {
    expect(classifyQuality({ lossFraction: 0, rttMs: 40, jitterMs: 5 })).toBe('good')
    expect(classifyQuality({ rttMs: 249 })).toBe('good')
  })
  it('is fair when any of loss, RTT or jitter is noticeable', () => {
    expect(classifyQuality({ lossFraction: 0.03, rttMs: 40, jitterMs: 5 })).toBe('fair')
    expect(classifyQuality({ lossFraction: 0, rttMs: 300, jitterMs: 5 })).toBe('fair')
    expect(classifyQuality({ lossFraction: 0, rttMs: 40, jitterMs: 50 })).toBe('fair')
  })
  it('is poor when any of them is bad', () => {
    expect(classifyQuality({ lossFraction: 0.1, rttMs: 40, jitterMs: 5 })).toBe('poor')
    expect(classifyQuality({ lossFraction: 0, rttMs: 800 })).toBe('poor')
    expect(classifyQuality({ jitterMs: 150 })).toBe('poor')
  })
})

describe('worstQuality', () => {
  it('picks the worst known quality', () => {
    expect(worstQuality(['good', 'poor', 'fair'])).toBe('poor')
    expect(worstQuality(['unknown', 'good'])).toBe('good')
    expect(worstQuality([])).toBe('unknown')
  })
})

const inbound = (kind: string, packetsReceived: number, packetsLost: number, jitter: number): StatsEntry => ({
  type: 'inbound-rtp', kind, packetsReceived, packetsLost, jitter,
})

describe('receiveSample', () => {
  it('sums inbound streams, takes the worst jitter and the nominated pair RTT', () => {
    const stats: StatsEntry[] = [
      inbound('audio', 900, 10, 0.004),
      inbound('video', 1090, 0, 0.012),
      { type: 'candidate-pair', state: 'succeeded', nominated: false, currentRoundTripTime: 0.5 },
      { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.08 },
      { type: 'candidate-pair', state: 'failed', nominated: false },
    ]
    const { sample, counters } = receiveSample(stats)
    expect(counters).toEqual({ packetsReceived: 1990, packetsLost: 10 })
    expect(sample.lossFraction).toBeCloseTo(0.005)
    expect(sample.jitterMs).toBeCloseTo(12)
    expect(sample.rttMs).toBeCloseTo(80)
  })

  it('computes loss over the interval since the previous sample', () => {
    const first = receiveSample([inbound('video', 1000, 0, 0.01)])
    const second = receiveSample([inbound('video', 1090, 10, 0.01)], first.counters)
    expect(second.sample.lossFraction).toBeCloseTo(0.1)
    expect(classifyQuality(second.sample)).toBe('poor')
  })

  it('starts over when the counters went backwards (new streams)', () => {
    const second = receiveSample([inbound('video', 10, 0, 0.01)], { packetsReceived: 5000, packetsLost: 3 })
    expect(second.sample.lossFraction).toBeUndefined()
  })

  it('has no loss figure before any inbound stream exists', () => {
    const { sample } = receiveSample([{ type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.02 }])
    expect(sample).toEqual({ rttMs: 20, jitterMs: undefined })
  })
})

describe('sendSample', () => {
  it('takes the worst of the remote-inbound reports', () => {
    const sample = sendSample([
      { type: 'remote-inbound-rtp', kind: 'audio', fractionLost: 0.01, roundTripTime: 0.05, jitter: 0.002 },
      { type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.04, roundTripTime: 0.06, jitter: 0.001 },
      { type: 'outbound-rtp', kind: 'video' },
    ])
    expect(sample.lossFraction).toBeCloseTo(0.04)
    expect(sample.rttMs).toBeCloseTo(60)
    expect(sample.jitterMs).toBeCloseTo(2)
    expect(classifyQuality(sample)).toBe('fair')
  })
})
