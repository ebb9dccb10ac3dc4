import { describe, expect, it } from 'vitest'
import { EMPTY_LOG, applyChatEvent, applyPage, hasGap, mergeMessages } from './messageLog'
import { ALICE, ME, message, page } from './testing/fixtures'
import type { ChatEvent } from './types'

const seqs = (log: { messages: readonly { seq: number }[] }) => log.messages.map((m) => m.seq)

describe('mergeMessages', () => {
  it('keeps one entry per message id, ordered by seq, whichever way and order messages arrive', () => {
    let { log } = mergeMessages(EMPTY_LOG, [message(3), message(1)], ME)
    ;({ log } = mergeMessages(log, [message(2), message(3)], ME))
    ;({ log } = mergeMessages(log, [message(1)], ME))
    expect(seqs(log)).toEqual([1, 2, 3])
  })

  it('reports only messages it did not have as added', () => {
    const first = mergeMessages(EMPTY_LOG, [message(1)], ME)
    const second = mergeMessages(first.log, [message(1), message(2)], ME)
    expect(second.added.map((m) => m.seq)).toEqual([2])
  })

  it('moves caughtUpTo over consecutive seqs only', () => {
    const { log } = mergeMessages(EMPTY_LOG, [message(1), message(2), message(4)], ME)
    expect(log.caughtUpTo).toBe(2)
    expect(hasGap(log)).toBe(true)
    const filled = mergeMessages(log, [message(3)], ME).log
    expect(filled.caughtUpTo).toBe(4)
    expect(hasGap(filled)).toBe(false)
  })

  it('takes the newer state of a message (an edit replaces the text)', () => {
    const { log } = mergeMessages(EMPTY_LOG, [message(1)], ME)
    const edited = message(1, { text: 'fixed typo', editedAt: '2025-01-01T12:05:00Z' })
    const next = mergeMessages(log, [edited], ME).log
    expect(next.messages).toHaveLength(1)
    expect(next.messages[0]).toMatchObject({ text: 'fixed typo', editedAt: '2025-01-01T12:05:00Z' })
  })

  it('never brings a tombstone back (a late edit event after the delete)', () => {
    const tombstone = message(1, { deleted: true, text: null })
    let { log } = mergeMessages(EMPTY_LOG, [message(1)], ME)
    ;({ log } = mergeMessages(log, [tombstone], ME))
    ;({ log } = mergeMessages(log, [message(1, { text: 'late edit' })], ME))
    expect(log.messages[0]).toMatchObject({ deleted: true, text: null })
  })
})

describe('applyPage', () => {
  it('newest page: knows everything up to lastSeq and whether older messages exist', () => {
    const { log } = applyPage(EMPTY_LOG, page([message(51), message(52)], 52, true), 'newest', ME)
    expect(log).toMatchObject({ caughtUpTo: 52, hasOlder: true })
    expect(hasGap(log)).toBe(false)
  })

  it('older page: prepends and updates hasOlder without touching caughtUpTo', () => {
    const newest = applyPage(EMPTY_LOG, page([message(3), message(4)], 4, true), 'newest', ME).log
    const { log, added } = applyPage(newest, page([message(1), message(2)], 4, false), 'older', ME)
    expect(seqs(log)).toEqual([1, 2, 3, 4])
    expect(log).toMatchObject({ caughtUpTo: 4, hasOlder: false })
    expect(added).toHaveLength(2)
  })

  it('after page: covers up to its last message, and the final page up to lastSeq', () => {
    const start = applyPage(EMPTY_LOG, page([message(1)], 1), 'newest', ME).log
    const middle = applyPage(start, page([message(2), message(3)], 9, true), 'after', ME).log
    expect(middle.caughtUpTo).toBe(3)
    // A purge left a hole (seqs 4–7 deleted for good): the final page still closes the gap.
    const done = applyPage(middle, page([message(8), message(9)], 9, false), 'after', ME).log
    expect(done.caughtUpTo).toBe(9)
    expect(hasGap(done)).toBe(false)
  })

  it('an event that arrived before the first page is not duplicated by it', () => {
    const early = mergeMessages(EMPTY_LOG, [message(5)], ME).log
    const { log } = applyPage(early, page([message(4), message(5)], 5), 'newest', ME)
    expect(seqs(log)).toEqual([4, 5])
  })
})

describe('applyChatEvent', () => {
  const base = mergeMessages(EMPTY_LOG, [message(1), message(2)], ME).log

  it('applies created, edited and deleted events as the message state', () => {
    let { log } = applyChatEvent(base, { kind: 'message', message: message(3) }, ME)
    ;({ log } = applyChatEvent(log, { kind: 'message', message: message(2, { text: 'edited', editedAt: 'x' }) }, ME))
    ;({ log } = applyChatEvent(log, { kind: 'message', message: message(1, { deleted: true, text: null }) }, ME))
    expect(log.messages.map((m) => [m.seq, m.text, m.deleted])).toEqual([
      [1, null, true],
      [2, 'edited', false],
      [3, 'message 3', false],
    ])
  })

  it('is idempotent: a repeated event changes nothing and adds nothing', () => {
    const event: ChatEvent = { kind: 'message', message: message(3) }
    const once = applyChatEvent(base, event, ME)
    const twice = applyChatEvent(once.log, event, ME)
    expect(twice.log.messages).toHaveLength(3)
    expect(twice.added).toEqual([])
  })

  it('marks our own reaction as mine and keeps it when others react with the same emoji', () => {
    const ours: ChatEvent = {
      kind: 'reaction',
      message: message(1, { reactions: [{ emoji: '👍', count: 1 }] }),
      emoji: '👍',
      userId: ME,
      added: true,
    }
    let { log } = applyChatEvent(base, ours, ME)
    expect(log.messages[0]!.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }])

    const theirs: ChatEvent = {
      kind: 'reaction',
      message: message(1, { reactions: [{ emoji: '👍', count: 2 }, { emoji: '🎉', count: 1 }] }),
      emoji: '🎉',
      userId: ALICE,
      added: true,
    }
    ;({ log } = applyChatEvent(log, theirs, ME))
    expect(log.messages[0]!.reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: false },
    ])

    const takenBack: ChatEvent = {
      kind: 'reaction',
      message: message(1, { reactions: [{ emoji: '👍', count: 1 }, { emoji: '🎉', count: 1 }] }),
      emoji: '👍',
      userId: ME,
      added: false,
    }
    ;({ log } = applyChatEvent(log, takenBack, ME))
    expect(log.messages[0]!.reactions[0]).toEqual({ emoji: '👍', count: 1, mine: false })
  })

  it('trusts `mine` from a REST answer over what it knew', () => {
    const answer = message(1, { reactions: [{ emoji: '❤️', count: 1, mine: true }] })
    const { log } = mergeMessages(base, [answer], ME)
    expect(log.messages[0]!.reactions[0]!.mine).toBe(true)
  })

  it('purge drops the messages up to lastSeq and keeps those sent since', () => {
    const withNewer = mergeMessages(base, [message(3)], ME).log
    const { log } = applyChatEvent(withNewer, { kind: 'purged', lastSeq: 2 }, ME)
    expect(seqs(log)).toEqual([3])
    expect(log).toMatchObject({ caughtUpTo: 3, hasOlder: false })
  })
})
