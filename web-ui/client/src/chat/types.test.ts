import { describe, expect, it } from 'vitest'
import { parseChatEvent, parseHistoryPage, parseMessage } from './types'

const wire = {
  id: '4f0c…',
  clientId: 'c-1',
  seq: 7,
  sender: { id: 'u-1', name: 'Alice' },
  text: 'hi',
  createdAt: '2025-01-01T12:00:00Z',
  editedAt: null,
  deleted: false,
  reactions: [{ emoji: '👍', count: 2 }],
  attachment: null,
}

describe('parsing', () => {
  it('reads a message as chat-service sends it (events carry no `mine`)', () => {
    expect(parseMessage(wire)).toEqual({ ...wire, reactions: [{ emoji: '👍', count: 2 }] })
    expect(parseMessage({ ...wire, reactions: [{ emoji: '👍', count: 2, mine: true }] })!.reactions[0]!.mine).toBe(true)
  })

  it('drops malformed messages instead of showing them half-formed', () => {
    expect(parseMessage({ ...wire, seq: 'seven' })).toBeUndefined()
    expect(parseMessage({ ...wire, sender: null })).toBeUndefined()
    expect(parseMessage(null)).toBeUndefined()
    expect(parseHistoryPage({ messages: [wire, { nope: true }], lastSeq: 7, hasMore: false }).messages).toHaveLength(1)
  })

  it('reads file messages', () => {
    const file = { fileId: 'f-1', name: 'a.png', size: 12, contentType: 'image/png', sha256: 'abc' }
    expect(parseMessage({ ...wire, text: null, attachment: file })).toMatchObject({ text: null, attachment: file })
  })

  it('turns chat.* events into changes, ignoring unknown types', () => {
    expect(parseChatEvent('chat.message.deleted', { message: { ...wire, deleted: true, text: null }, by: 'u', byRole: 'host' }))
      .toMatchObject({ kind: 'message', message: { deleted: true } })
    expect(parseChatEvent('chat.reaction.changed', { message: wire, emoji: '👍', userId: 'u-2', added: true }))
      .toMatchObject({ kind: 'reaction', emoji: '👍', userId: 'u-2', added: true })
    expect(parseChatEvent('chat.room.purged', { by: 'admin', lastSeq: 40 })).toEqual({ kind: 'purged', lastSeq: 40 })
    expect(parseChatEvent('chat.something.new', {})).toBeUndefined()
    expect(parseChatEvent('chat.message.created', { message: 'garbage' })).toBeUndefined()
  })
})
