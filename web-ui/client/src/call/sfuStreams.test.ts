import { describe, expect, it } from 'vitest'
import type { SubscribedStream } from './sfuMessages'
import { SubscriberStreams } from './sfuStreams'
import { splitByParticipant } from './sfuStats'

const s = (mid: string, participantId: string, kind: 'audio' | 'video', source: SubscribedStream['source'], active = true): SubscribedStream =>
  ({ mid, participantId, kind, source, active })
/** Tracks are plain strings here: "track-<mid>". */
const trackOf = (mid: string) => `track-${mid}`

describe('SubscriberStreams', () => {
  it('maps every m-line of an offer to its participant and slot', () => {
    const streams = new SubscriberStreams<string>()
    const update = streams.apply([s('0', 'bob', 'audio', 'mic'), s('1', 'bob', 'video', 'camera'), s('2', 'carol', 'audio', 'mic')], trackOf)
    expect(Object.fromEntries(update.changed)).toEqual({
      bob: { audio: 'track-0', video: 'track-1' },
      carol: { audio: 'track-2' },
    })
    expect(update.removed).toEqual([])
    expect(streams.participantOf('1')).toBe('bob')
    expect(streams.cameraMids()).toEqual(new Map([['bob', '1']]))
  })

  it('reports only who changed in a later offer, and who is gone', () => {
    const streams = new SubscriberStreams<string>()
    streams.apply([s('0', 'bob', 'audio', 'mic'), s('1', 'carol', 'audio', 'mic')], trackOf)
    // Carol left (her m-line is kept but inactive), Dan joined: one batched offer.
    const update = streams.apply([s('0', 'bob', 'audio', 'mic'), s('1', 'carol', 'audio', 'mic', false), s('2', 'dan', 'video', 'camera')], trackOf)
    expect([...update.changed.keys()]).toEqual(['dan'])
    expect(update.removed).toEqual(['carol'])
    expect(streams.participantOf('1')).toBeUndefined()
  })

  it('shows a screen share instead of the camera while it is active, and its sound as screenAudio', () => {
    const streams = new SubscriberStreams<string>()
    streams.apply([s('0', 'bob', 'video', 'camera')], trackOf)
    const sharing = streams.apply([s('0', 'bob', 'video', 'camera'), s('1', 'bob', 'video', 'screen'), s('2', 'bob', 'audio', 'screen')], trackOf)
    expect(sharing.changed.get('bob')).toEqual({ video: 'track-1', screenAudio: 'track-2' })
    expect(streams.cameraMids().get('bob')).toBe('0')
    const stopped = streams.apply([s('0', 'bob', 'video', 'camera'), s('1', 'bob', 'video', 'screen', false), s('2', 'bob', 'audio', 'screen', false)], trackOf)
    expect(stopped.changed.get('bob')).toEqual({ video: 'track-0' })
  })

  it('a new connection gives everyone new tracks', () => {
    const streams = new SubscriberStreams<string>()
    streams.apply([s('0', 'bob', 'audio', 'mic')], trackOf)
    const update = streams.apply([s('0', 'bob', 'audio', 'mic')], (mid) => `new-${mid}`)
    expect(update.changed.get('bob')).toEqual({ audio: 'new-0' })
  })
})

describe('splitByParticipant', () => {
  it('groups inbound-rtp by m-line owner and shares the candidate pair', () => {
    const pair = { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.05 }
    const split = splitByParticipant(
      [
        { type: 'inbound-rtp', kind: 'video', mid: '1', framesDecoded: 10 },
        { type: 'inbound-rtp', kind: 'audio', trackIdentifier: 't0', packetsReceived: 5 },
        { type: 'inbound-rtp', kind: 'audio', mid: '9' },
        pair,
      ],
      (e) => (typeof e.mid === 'string' ? e.mid : e.trackIdentifier === 't0' ? '0' : undefined),
      (mid) => ({ '0': 'carol', '1': 'bob' })[mid],
    )
    expect(split.get('bob')).toEqual([{ type: 'inbound-rtp', kind: 'video', mid: '1', framesDecoded: 10 }, pair])
    expect(split.get('carol')?.[0]?.packetsReceived).toBe(5)
    expect(split.size).toBe(2)
  })
})
