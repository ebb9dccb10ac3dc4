import { describe, expect, it } from 'vitest'
import { ActiveSpeakerTracker, SpeakingDetector } from './speaking'
import { chooseMainParticipant } from './stage'

function detector() {
  const reports: { at: number; speaking: boolean }[] = []
  let now = 0
  const d = new SpeakingDetector((speaking) => reports.push({ at: now, speaking }))
  /** Feeds `level` every 66 ms (the meter's rate) for `ms`. */
  const feed = (level: number, ms: number) => {
    for (const end = now + ms; now < end; now += 66) d.sample(level, now)
  }
  return { d, reports, feed, now: () => now }
}

describe('SpeakingDetector', () => {
  it('starts speaking after a sustained level and reports it once', () => {
    const t = detector()
    t.feed(0.01, 500)
    t.feed(0.5, 500)
    expect(t.d.isSpeaking).toBe(true)
    expect(t.reports.map((r) => r.speaking)).toEqual([true])
  })

  it('ignores a short blip', () => {
    const t = detector()
    t.feed(0.5, 100)
    t.feed(0.01, 1000)
    expect(t.reports).toEqual([])
  })

  it('keeps speaking through a short pause and stops after a long one', () => {
    const t = detector()
    t.feed(0.5, 400)
    t.feed(0.01, 400)
    expect(t.d.isSpeaking).toBe(true)
    t.feed(0.5, 300)
    t.feed(0.01, 1000)
    expect(t.d.isSpeaking).toBe(false)
    expect(t.reports.map((r) => r.speaking)).toEqual([true, false])
  })

  it('reports at most every 500 ms and then the latest state', () => {
    const reports: boolean[] = []
    const d = new SpeakingDetector((s) => reports.push(s), { startAfterMs: 0, stopAfterMs: 0 })
    d.sample(0.5, 0)
    d.sample(0.0, 100)
    d.sample(0.5, 200)
    d.sample(0.0, 300)
    expect(reports).toEqual([true])
    d.flush(600)
    expect(reports).toEqual([true, false])
    d.sample(0.5, 700)
    d.sample(0.0, 800)
    d.flush(1200)
    // went back to "not speaking" within the quiet period: nothing new to say
    expect(reports).toEqual([true, false])
  })

  it('silence ends speaking (mute)', () => {
    const t = detector()
    t.feed(0.5, 500)
    t.d.silence(t.now() + 600)
    expect(t.reports.map((r) => r.speaking)).toEqual([true, false])
  })
})

describe('ActiveSpeakerTracker', () => {
  it('follows the latest speaker without interrupting a current one', () => {
    const a = new ActiveSpeakerTracker(1500)
    expect(a.update('alice', true, 0)).toBe('alice')
    expect(a.update('bob', true, 100)).toBe('alice')
    expect(a.update('alice', false, 2000)).toBe('alice') // holding
    expect(a.current(3400)).toBe('alice')
    expect(a.current(3500)).toBe('bob')
  })

  it('keeps the last speaker when everybody is quiet', () => {
    const a = new ActiveSpeakerTracker(1500)
    a.update('alice', true, 0)
    a.update('alice', false, 1000)
    expect(a.current(10_000)).toBe('alice')
  })

  it('switches at once after the hold when someone new speaks', () => {
    const a = new ActiveSpeakerTracker(1500)
    a.update('alice', true, 0)
    a.update('alice', false, 1000)
    expect(a.update('carol', true, 5000)).toBe('carol')
  })

  it('forgets a participant who left', () => {
    const a = new ActiveSpeakerTracker(1500)
    a.update('alice', true, 0)
    a.update('bob', true, 10)
    expect(a.remove('alice', 20)).toBe('bob')
    expect(a.remove('bob', 30)).toBeNull()
  })
})

describe('chooseMainParticipant', () => {
  const base = { ids: ['me', 'a', 'b'], selfId: 'me', pinned: null, screenSharers: [], activeSpeaker: null }

  it('prefers the pinned participant', () => {
    expect(chooseMainParticipant({ ...base, pinned: 'b', screenSharers: ['a'], activeSpeaker: 'a' })).toBe('b')
  })
  it('then a remote screen sharer', () => {
    expect(chooseMainParticipant({ ...base, screenSharers: ['me', 'b'], activeSpeaker: 'a' })).toBe('b')
  })
  it('then the active speaker, but not oneself', () => {
    expect(chooseMainParticipant({ ...base, activeSpeaker: 'b' })).toBe('b')
    expect(chooseMainParticipant({ ...base, activeSpeaker: 'me' })).toBe('a')
  })
  it('ignores a pin on someone who left', () => {
    expect(chooseMainParticipant({ ...base, pinned: 'gone' })).toBe('a')
  })
  it('shows oneself only when alone, and one may pin oneself', () => {
    expect(chooseMainParticipant({ ...base, ids: ['me'] })).toBe('me')
    expect(chooseMainParticipant({ ...base, pinned: 'me' })).toBe('me')
    expect(chooseMainParticipant({ ...base, ids: [] })).toBeNull()
  })
})
