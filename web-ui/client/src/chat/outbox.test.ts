import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import { Outbox, isRetryable, retryDelayMs, type OutboxEntry, type OutboxOptions } from './outbox'
import { MemoryStorage, ME, deferred, message } from './testing/fixtures'
import type { ChatMessage } from './types'

const KEY = 'convene.chat.outbox.abc-defg-hij'
const offline = () => new ApiError(0, 'network_error', 'offline')

/**
 * A fake chat-service: records every PUT (client id + text) and answers by the current mode.
 * Like the real one it de-duplicates: the same client id always gets the same message.
 */
function fakeServer() {
  const stored = new Map<string, ChatMessage>()
  const calls: Array<{ clientId: string; text: string }> = []
  let mode: 'up' | 'offline' | 'unavailable' | 'invalid' = 'up'
  const send = vi.fn(async (clientId: string, text: string) => {
    calls.push({ clientId, text })
    if (mode === 'offline') throw offline()
    if (mode === 'unavailable') throw new ApiError(503, 'service_unavailable', 'db down', {}, 2)
    if (mode === 'invalid') throw new ApiError(400, 'validation_failed', 'bad text', { text: 'blank' })
    const existing = stored.get(clientId)
    if (existing) return existing
    const created = message(stored.size + 1, { clientId, text, sender: { id: ME, name: 'Me' } })
    stored.set(clientId, created)
    return created
  })
  return { stored, calls, send, setMode: (m: typeof mode) => (mode = m) }
}

function createOutbox(overrides: Partial<OutboxOptions> & Pick<OutboxOptions, 'send'>, storage = new MemoryStorage()) {
  let ids = 0
  const delivered: ChatMessage[] = []
  const rejected: OutboxEntry[] = []
  const outbox = new Outbox({
    storageKey: KEY,
    storage,
    onDelivered: (m) => delivered.push(m),
    onRejected: (entry) => rejected.push(entry),
    onChange: () => {},
    newClientId: () => `id-${++ids}`,
    now: () => 1000 + ids,
    ...overrides,
  })
  return { outbox, delivered, rejected, storage }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('Outbox', () => {
  it('sends a composed message under a fresh client id and delivers the answer', async () => {
    const server = fakeServer()
    const { outbox, delivered } = createOutbox({ send: server.send })
    const entry = outbox.compose('hello')
    expect(entry).toMatchObject({ clientId: 'id-1', text: 'hello' })
    await outbox.flush()
    expect(server.calls).toEqual([{ clientId: 'id-1', text: 'hello' }])
    expect(delivered.map((m) => m.text)).toEqual(['hello'])
    expect(outbox.list()).toEqual([])
  })

  it('keeps a message pending on a network error and retries with the same client id', async () => {
    const server = fakeServer()
    server.setMode('offline')
    const { outbox, delivered } = createOutbox({ send: server.send })
    outbox.compose('are you there?')
    await vi.advanceTimersByTimeAsync(0)
    expect(outbox.list()).toMatchObject([{ clientId: 'id-1', state: 'pending' }])

    await vi.advanceTimersByTimeAsync(1000) // first back-off: another attempt, still offline
    expect(server.calls).toHaveLength(2)
    server.setMode('up')
    await vi.advanceTimersByTimeAsync(2000) // second back-off doubles
    expect(server.calls.map((c) => c.clientId)).toEqual(['id-1', 'id-1', 'id-1'])
    expect(delivered).toHaveLength(1)
    expect(outbox.list()).toEqual([])
  })

  it('treats 503 as retryable and waits as long as Retry-After says', async () => {
    const server = fakeServer()
    server.setMode('unavailable')
    const { outbox } = createOutbox({ send: server.send })
    outbox.compose('hi')
    await vi.advanceTimersByTimeAsync(0)
    server.setMode('up')
    await vi.advanceTimersByTimeAsync(1999)
    expect(server.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(server.calls).toHaveLength(2)
    expect(outbox.list()).toEqual([])
  })

  it('flush() retries at once (after a reconnect), without waiting for the back-off', async () => {
    const server = fakeServer()
    server.setMode('offline')
    const { outbox } = createOutbox({ send: server.send })
    outbox.compose('one')
    await vi.advanceTimersByTimeAsync(0)
    server.setMode('up')
    await outbox.flush()
    expect(server.calls).toHaveLength(2)
    expect(outbox.list()).toEqual([])
    await vi.advanceTimersByTimeAsync(60_000) // the cancelled back-off does not send again
    expect(server.calls).toHaveLength(2)
  })

  it('queues messages typed while offline and sends them once each, in the order typed', async () => {
    const server = fakeServer()
    server.setMode('offline')
    const { outbox, delivered } = createOutbox({ send: server.send })
    outbox.compose('first')
    outbox.compose('second')
    outbox.compose('third')
    await vi.advanceTimersByTimeAsync(5000)
    // While offline only the head of the queue is tried: later messages wait behind it.
    expect(new Set(server.calls.map((c) => c.text))).toEqual(new Set(['first']))

    server.setMode('up')
    await outbox.flush()
    expect(delivered.map((m) => m.text)).toEqual(['first', 'second', 'third'])
    expect(delivered.map((m) => m.seq)).toEqual([1, 2, 3])
    expect(server.stored.size).toBe(3)
  })

  it('a lost answer is retried under the same id and the server keeps one message', async () => {
    const server = fakeServer()
    let loseNextAnswer = true
    const send = async (clientId: string, text: string) => {
      const answer = await server.send(clientId, text) // stored on the server…
      if (loseNextAnswer) {
        loseNextAnswer = false
        throw offline() // …but the answer never reached us
      }
      return answer
    }
    const { outbox, delivered } = createOutbox({ send })
    outbox.compose('once only')
    await vi.advanceTimersByTimeAsync(1000)
    expect(server.stored.size).toBe(1)
    expect(delivered).toHaveLength(1)
    expect(server.calls.map((c) => c.clientId)).toEqual(['id-1', 'id-1'])
  })

  it('marks a refused message failed, reports it, and lets the user retry or discard it', async () => {
    const server = fakeServer()
    server.setMode('invalid')
    const { outbox, rejected } = createOutbox({ send: server.send })
    outbox.compose('bad')
    outbox.compose('good too?')
    await vi.advanceTimersByTimeAsync(0)
    // The refusal does not block the queue: the next message was tried as well.
    expect(rejected.map((e) => [e.text, e.errorCode])).toEqual([
      ['bad', 'validation_failed'],
      ['good too?', 'validation_failed'],
    ])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.calls).toHaveLength(2) // failed messages are not retried by themselves

    server.setMode('up')
    outbox.retry('id-1')
    await vi.advanceTimersByTimeAsync(0)
    expect(server.calls.at(-1)).toEqual({ clientId: 'id-1', text: 'bad' })
    outbox.discard('id-2')
    expect(outbox.list()).toEqual([])
  })

  it('acknowledge(): the event arrived before the answer — the entry goes, the answer is still delivered', async () => {
    const answer = deferred<ChatMessage>()
    const { outbox, delivered } = createOutbox({ send: () => answer.promise })
    const entry = outbox.compose('race')
    await vi.advanceTimersByTimeAsync(0)
    expect(outbox.list()).toMatchObject([{ state: 'sending' }])

    outbox.acknowledge(entry.clientId)
    expect(outbox.list()).toEqual([])
    answer.resolve(message(7, { clientId: entry.clientId }))
    await vi.advanceTimersByTimeAsync(0)
    expect(delivered.map((m) => m.seq)).toEqual([7])
    expect(outbox.list()).toEqual([])
  })

  it('cannot discard a message whose request is in flight (it may still land)', async () => {
    const answer = deferred<ChatMessage>()
    const { outbox } = createOutbox({ send: () => answer.promise })
    const entry = outbox.compose('in flight')
    await vi.advanceTimersByTimeAsync(0)
    outbox.discard(entry.clientId)
    expect(outbox.list()).toHaveLength(1)
  })

  it('survives a reload: saved entries come back pending and go out under their original ids', async () => {
    const server = fakeServer()
    server.setMode('offline')
    const storage = new MemoryStorage()
    const before = createOutbox({ send: server.send }, storage)
    before.outbox.compose('typed before the reload')
    before.outbox.compose('me too')
    await vi.advanceTimersByTimeAsync(0)
    before.outbox.dispose()
    expect(JSON.parse(storage.getItem(KEY)!)).toHaveLength(2)

    server.setMode('up')
    const after = createOutbox({ send: server.send }, storage)
    expect(after.outbox.list().map((e) => [e.clientId, e.text, e.state])).toEqual([
      ['id-1', 'typed before the reload', 'pending'],
      ['id-2', 'me too', 'pending'],
    ])
    await after.outbox.flush()
    expect(server.calls.slice(-2).map((c) => c.clientId)).toEqual(['id-1', 'id-2'])
    expect(server.stored.size).toBe(2)
    expect(storage.getItem(KEY)).toBeNull() // nothing left to save
  })

  it('keeps failed entries (with their code) across a reload, and ignores garbage in storage', () => {
    const storage = new MemoryStorage()
    storage.setItem(
      KEY,
      JSON.stringify([
        { clientId: 'a', text: 'refused', composedAt: 1, state: 'failed', errorCode: 'validation_failed' },
        { clientId: 'b', text: 'was in flight', composedAt: 2, state: 'sending' },
        { text: 'no id' },
        null,
      ]),
    )
    const { outbox } = createOutbox({ send: vi.fn() }, storage)
    expect(outbox.list()).toEqual([
      { clientId: 'a', text: 'refused', composedAt: 1, state: 'failed', errorCode: 'validation_failed' },
      { clientId: 'b', text: 'was in flight', composedAt: 2, state: 'pending' },
    ])
    storage.setItem(KEY, '{not json')
    expect(createOutbox({ send: vi.fn() }, storage).outbox.list()).toEqual([])
  })
})

describe('retry rules', () => {
  it('retries network errors, timeouts, throttling and server errors only', () => {
    expect(isRetryable(offline())).toBe(true)
    for (const status of [408, 429, 500, 502, 503]) expect(isRetryable(new ApiError(status, 'x', 'x'))).toBe(true)
    for (const status of [400, 403, 404, 409, 413]) expect(isRetryable(new ApiError(status, 'x', 'x'))).toBe(false)
    expect(isRetryable(new Error('bug'))).toBe(false)
  })

  it('backs off exponentially up to 30 s, unless the server says Retry-After', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, offline()))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ])
    expect(retryDelayMs(5, new ApiError(503, 'service_unavailable', 'x', {}, 2))).toBe(2000)
  })
})
