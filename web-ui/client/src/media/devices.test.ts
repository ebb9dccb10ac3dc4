import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLevelMeter, rmsLevel } from './devices'

/** Just enough Web Audio for the level meter: records how the context was made and closed. */
class FakeAudioContext {
  static made: FakeAudioContext[] = []
  closed = false
  samples = new Float32Array(512)
  constructor(readonly options?: AudioContextOptions) {
    FakeAudioContext.made.push(this)
  }
  resume() {
    return Promise.resolve()
  }
  close() {
    this.closed = true
    return Promise.resolve()
  }
  createMediaStreamSource() {
    return { connect: () => undefined, disconnect: () => undefined }
  }
  createAnalyser() {
    return {
      fftSize: 0,
      getFloatTimeDomainData: (into: Float32Array) => into.set(this.samples.subarray(0, into.length)),
    }
  }
}

describe('createLevelMeter', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeAudioContext.made = []
    vi.stubGlobal('AudioContext', FakeAudioContext)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('meters in a context with playback-sized buffers (nothing is played) about 15 times a second', () => {
    const levels: number[] = []
    const stop = createLevelMeter({} as MediaStream, (level) => levels.push(level))
    const context = FakeAudioContext.made[0]!
    expect(context.options).toEqual({ latencyHint: 'playback' })
    context.samples.fill(0.1)
    vi.advanceTimersByTime(1000)
    expect(levels.length).toBeGreaterThanOrEqual(14)
    expect(levels.at(-1)).toBeCloseTo(rmsLevel(new Float32Array(512).fill(0.1)))
    stop()
    expect(context.closed).toBe(true)
    const count = levels.length
    vi.advanceTimersByTime(1000)
    expect(levels).toHaveLength(count)
  })
})
