import { describe, expect, it } from 'vitest'
import { activeByRid, DemandTracker, PAUSE_AFTER_MS } from './dynacast'

describe('DemandTracker', () => {
  it('encodes every layer until the first demand after publishing', () => {
    const tracker = new DemandTracker()
    expect(tracker.target()).toBe(2)
    expect(tracker.top(0)).toBe(2)
    expect(tracker.top(60_000)).toBe(2)
    expect(tracker.nextChange(0)).toBeNull()
  })

  it('pauses layers above the highest demand only after they were unwanted for the grace period', () => {
    const tracker = new DemandTracker()
    tracker.demand('bob', 1, 1000)
    tracker.demand('carol', 0, 1100)
    expect(tracker.target()).toBe(1)
    expect(tracker.top(1000)).toBe(2)
    expect(tracker.nextChange(1000)).toBe(1000 + PAUSE_AFTER_MS)
    expect(tracker.top(1000 + PAUSE_AFTER_MS - 1)).toBe(2)
    expect(tracker.top(1000 + PAUSE_AFTER_MS)).toBe(1)
    expect(tracker.nextChange(1000 + PAUSE_AFTER_MS)).toBeNull()
  })

  it('resumes a layer at once when a demand for it arrives', () => {
    const tracker = new DemandTracker()
    tracker.demand('bob', 1, 0)
    expect(tracker.top(5000)).toBe(1)
    tracker.demand('carol', 2, 5000)
    expect(tracker.top(5000)).toBe(2)
    expect(tracker.nextChange(5000)).toBeNull()
  })

  it('does not flap while a tile is resized back and forth', () => {
    const tracker = new DemandTracker()
    tracker.demand('bob', 2, 0)
    let now = 0
    for (let i = 0; i < 10; i++) {
      tracker.demand('bob', 1, now)
      now += 500
      expect(tracker.top(now)).toBe(2)
      tracker.demand('bob', 2, now)
      now += 500
      expect(tracker.top(now)).toBe(2)
    }
    // and the grace counts from when the layer last became unwanted, not from the first time
    tracker.demand('bob', 1, now)
    expect(tracker.top(now + PAUSE_AFTER_MS - 1)).toBe(2)
    expect(tracker.top(now + PAUSE_AFTER_MS)).toBe(1)
  })

  it('pauses each layer from when it became unwanted, and never the lowest', () => {
    const tracker = new DemandTracker()
    tracker.demand('bob', 1, 0) // h unwanted since 0
    tracker.demand('bob', 0, 1500) // m unwanted since 1500
    expect(tracker.top(1999)).toBe(2)
    expect(tracker.top(PAUSE_AFTER_MS)).toBe(1)
    expect(tracker.nextChange(PAUSE_AFTER_MS)).toBe(1500 + PAUSE_AFTER_MS)
    expect(tracker.top(1500 + PAUSE_AFTER_MS)).toBe(0)
    expect(tracker.nextChange(1500 + PAUSE_AFTER_MS)).toBeNull()
    expect(tracker.top(1_000_000)).toBe(0)
  })

  it('a drop or a departure removes that subscriber; with nobody left only the lowest layer stays', () => {
    const tracker = new DemandTracker()
    tracker.demand('bob', 2, 0)
    tracker.demand('carol', 1, 0)
    tracker.demand('bob', null, 100)
    expect(tracker.target()).toBe(1)
    tracker.remove('carol', 200)
    expect(tracker.target()).toBe(0)
    expect(tracker.top(200 + PAUSE_AFTER_MS)).toBe(0)
    tracker.remove('nobody', 300) // unknown: no change
    expect(tracker.target()).toBe(0)
  })
})

describe('activeByRid', () => {
  it('keeps every layer up to the top active and the lowest always', () => {
    expect(activeByRid(2)).toEqual({ l: true, m: true, h: true })
    expect(activeByRid(1)).toEqual({ l: true, m: true, h: false })
    expect(activeByRid(0)).toEqual({ l: true, m: false, h: false })
  })
})
