import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JoinedMeeting, RoomEventEnvelope } from '@/meeting/contract'
import { useChatStore } from './store'
import { ALICE, ME, MemoryStorage, deferred, json, message } from './testing/fixtures'
import type { ChatMessage } from './types'

const SLUG = 'abc-defg-hij'

const meeting: JoinedMeeting = {
  slug: SLUG,
  room: { slug: SLUG, name: 'Standup', mediaMode: 'AUTO' },
  role: 'participant',
  grants: ['publish', 'screen', 'chat', 'files'],
  tokens: { get: async () => 'room-token', renew: async () => 'room-token' },
  prefs: { startMuted: false, startCameraOff: false, resolution: '720p', frameRate: 30 },
  userId: ME,
  displayName: 'Me',
  guest: false,
  accessToken: async () => 'access-token',
}

/**
 * A fake chat-service behind a stubbed fetch: history with after/before paging, and sends
 * de-duplicated by client id. `holdSends` keeps PUT answers back until released, to race
 * them against events.
 */
function fakeChatService(initial: ChatMessage[] = []) {
  const messages = [...initial]
  const requests: string[] = []
  let held: Array<() => void> | undefined
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://convene.test')
    const method = init.method ?? 'GET'
    requests.push(`${method} ${url.pathname}${url.search}`)
    if (method === 'GET') {
      const after = url.searchParams.get('after')
      const before = url.searchParams.get('before')
      const limit = Number(url.searchParams.get('limit') ?? 50)
      const lastSeq = messages.at(-1)?.seq ?? 0
      if (after !== null) {
        const rest = messages.filter((m) => m.seq > Number(after))
        return json(200, { messages: rest.slice(0, limit), lastSeq, hasMore: rest.length > limit })
      }
      const older = before === null ? messages : messages.filter((m) => m.seq < Number(before))
      return json(200, { messages: older.slice(-limit), lastSeq, hasMore: older.length > limit })
    }
    if (method === 'PUT') {
      const clientId = url.pathname.split('/').at(-1)!
      const { text } = JSON.parse(String(init.body)) as { text: string }
      let stored = messages.find((m) => m.clientId === clientId && m.sender.id === ME)
      if (!stored) {
        stored = message((messages.at(-1)?.seq ?? 0) + 1, { clientId, text, sender: { id: ME, name: 'Me' } })
        messages.push(stored)
      }
      if (held) await new Promise<void>((release) => held!.push(release))
      return json(201, stored)
    }
    return json(404, { code: 'not_found', message: 'no route' })
  })
  return {
    messages,
    requests,
    holdSends: () => (held = []),
    releaseSends: () => {
      held?.forEach((release) => release())
      held = undefined
    },
    /** Someone else's message, stored on the server (its event is up to the test). */
    addFromAlice(text: string): ChatMessage {
      const m = message((messages.at(-1)?.seq ?? 0) + 1, { text, sender: { id: ALICE, name: 'Alice' } })
      messages.push(m)
      return m
    },
  }
}

const created = (m: ChatMessage): RoomEventEnvelope => ({
  type: 'chat.message.created',
  room: SLUG,
  sender: 'chat-service',
  target: null,
  id: `event-${m.id}`,
  timestamp: Date.now(),
  payload: { message: m },
})

const texts = (store: ReturnType<typeof useChatStore>) => store.messages.map((m) => m.text)

let storage: MemoryStorage

beforeEach(() => {
  setActivePinia(createPinia())
  storage = new MemoryStorage()
  vi.stubGlobal('sessionStorage', storage)
  vi.useFakeTimers()
})

afterEach(() => {
  useChatStore().stop()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('chat store', () => {
  it('loads the newest history on start, oldest first', async () => {
    fakeChatService([message(1), message(2), message(3)])
    const store = useChatStore()
    await store.start(meeting)
    expect(store.messages.map((m) => m.seq)).toEqual([1, 2, 3])
    expect(store.historyLoaded).toBe(true)
  })

  it('shows our message once when its event arrives before the PUT answer', async () => {
    const server = fakeChatService()
    const store = useChatStore()
    await store.start(meeting)
    server.holdSends()
    store.send('hello')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.outbox).toMatchObject([{ text: 'hello', state: 'sending' }])

    store.applyEvent(created(server.messages[0]!))
    expect(texts(store)).toEqual(['hello'])
    expect(store.outbox).toEqual([])

    server.releaseSends()
    await vi.advanceTimersByTimeAsync(0)
    expect(texts(store)).toEqual(['hello'])
  })

  it('shows our message once when its event arrives after the PUT answer', async () => {
    const server = fakeChatService()
    const store = useChatStore()
    await store.start(meeting)
    store.send('hello')
    await vi.advanceTimersByTimeAsync(0)
    expect(texts(store)).toEqual(['hello'])
    store.applyEvent(created(server.messages[0]!))
    store.applyEvent(created(server.messages[0]!)) // a repeated delivery
    expect(texts(store)).toEqual(['hello'])
  })

  it('after a reload, shows what the history has once and re-sends the rest under the same ids', async () => {
    const delivered = message(1, { clientId: 'sent-before-reload', text: 'made it', sender: { id: ME, name: 'Me' } })
    const server = fakeChatService([delivered])
    storage.setItem(
      `convene.chat.outbox.${SLUG}`,
      JSON.stringify([
        { clientId: 'sent-before-reload', text: 'made it', composedAt: 1, state: 'sending' },
        { clientId: 'never-arrived', text: 'typed offline', composedAt: 2, state: 'pending' },
      ]),
    )
    const store = useChatStore()
    await store.start(meeting)
    await vi.advanceTimersByTimeAsync(0)

    expect(server.requests.filter((r) => r.startsWith('PUT'))).toEqual([
      `PUT /api/chat/rooms/${SLUG}/messages/never-arrived`,
    ])
    expect(texts(store)).toEqual(['made it', 'typed offline'])
    expect(store.outbox).toEqual([])
    expect(storage.getItem(`convene.chat.outbox.${SLUG}`)).toBeNull()
  })

  it('resync() catches up with after=<last seq> and flushes the outbox', async () => {
    const server = fakeChatService([message(1)])
    const store = useChatStore()
    await store.start(meeting)
    // While "disconnected": others write, and we type (the send fails, it stays queued).
    for (let i = 0; i < 3; i++) server.addFromAlice(`missed ${i}`)
    const realFetch = globalThis.fetch
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('offline')))
    store.send('typed while offline')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.outbox).toMatchObject([{ state: 'pending' }])

    vi.stubGlobal('fetch', realFetch)
    server.requests.length = 0
    await store.resync()
    expect(server.requests).toContain(`GET /api/chat/rooms/${SLUG}/messages?after=1&limit=200`)
    expect(texts(store)).toEqual(['message 1', 'missed 0', 'missed 1', 'missed 2', 'typed while offline'])
    expect(store.outbox).toEqual([])
  })

  it('fetches a gap that events do not close within the grace period', async () => {
    const server = fakeChatService([message(1)])
    const store = useChatStore()
    await store.start(meeting)
    server.addFromAlice('lost event')
    const third = server.addFromAlice('arrived')
    store.applyEvent(created(third))
    expect(store.messages.map((m) => m.seq)).toEqual([1, 3])

    await vi.advanceTimersByTimeAsync(2000)
    expect(server.requests).toContain(`GET /api/chat/rooms/${SLUG}/messages?after=1&limit=200`)
    expect(store.messages.map((m) => m.seq)).toEqual([1, 2, 3])
  })

  it('counts messages from others while the panel is hidden, and clears the count when it opens', async () => {
    const server = fakeChatService()
    const store = useChatStore()
    await store.start(meeting)
    store.setVisible(false)
    store.applyEvent(created(server.addFromAlice('one')))
    store.applyEvent(created(server.addFromAlice('two')))
    store.send('mine does not count')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.unread).toBe(2)
    store.setVisible(true)
    expect(store.unread).toBe(0)
    store.applyEvent(created(server.addFromAlice('seen at once')))
    expect(store.unread).toBe(0)
  })

  it('pages backwards with before=<oldest seq>', async () => {
    const server = fakeChatService(Array.from({ length: 70 }, (_, i) => message(i + 1)))
    const store = useChatStore()
    await store.start(meeting)
    expect(store.messages[0]!.seq).toBe(21)
    expect(store.hasOlder).toBe(true)
    await store.loadOlder()
    expect(server.requests.at(-1)).toBe(`GET /api/chat/rooms/${SLUG}/messages?before=21&limit=50`)
    expect(store.messages.map((m) => m.seq)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1))
    expect(store.hasOlder).toBe(false)
  })
})
