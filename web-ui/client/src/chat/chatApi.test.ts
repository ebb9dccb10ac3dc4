import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import { CATCH_UP_PAGE_SIZE, catchUpAfter } from './catchUp'
import { createChatApi } from './chatApi'
import { EMPTY_LOG, applyPage } from './messageLog'
import { ME, json, message } from './testing/fixtures'
import type { HistoryPage } from './types'

const SLUG = 'abc-defg-hij'

function tokenSource() {
  let current = 'token-1'
  return {
    get: vi.fn(async () => current),
    renew: vi.fn(async () => (current = 'token-2')),
  }
}

/** Stubs fetch with a handler; records each request's method, URL and token. */
function stubFetch(handler: (url: URL, init: RequestInit) => Response | Promise<Response>) {
  const requests: Array<{ method: string; path: string; token: string | undefined; body: unknown }> = []
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://convene.test')
    const headers = init.headers as Record<string, string>
    requests.push({
      method: init.method ?? 'GET',
      path: url.pathname + url.search,
      token: headers.Authorization?.replace('Bearer ', ''),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    })
    return handler(url, init)
  })
  return requests
}

afterEach(() => vi.unstubAllGlobals())

describe('createChatApi', () => {
  it('sends with PUT to the client id, with the room token', async () => {
    const requests = stubFetch(() => json(201, message(1, { clientId: 'c-1', text: 'hi' })))
    const sent = await createChatApi(SLUG, tokenSource()).send('c-1', 'hi')
    expect(sent).toMatchObject({ seq: 1, text: 'hi' })
    expect(requests).toEqual([
      { method: 'PUT', path: `/api/chat/rooms/${SLUG}/messages/c-1`, token: 'token-1', body: { text: 'hi' } },
    ])
  })

  it('renews the room token after a 401 and repeats the call once', async () => {
    const tokens = tokenSource()
    const requests = stubFetch((_url, init) =>
      (init.headers as Record<string, string>).Authorization === 'Bearer token-1'
        ? json(401, { code: 'unauthorized', message: 'expired' })
        : json(200, message(1)),
    )
    await createChatApi(SLUG, tokens).send('c-1', 'hi')
    expect(tokens.renew).toHaveBeenCalledTimes(1)
    expect(requests.map((r) => r.token)).toEqual(['token-1', 'token-2'])
  })

  it('passes other errors on as ApiErrors', async () => {
    stubFetch(() => json(403, { code: 'missing_grant', message: 'no chat' }))
    await expect(createChatApi(SLUG, tokenSource()).send('c-1', 'hi')).rejects.toMatchObject({
      status: 403,
      code: 'missing_grant',
    })
  })

  it('percent-encodes the emoji of a reaction and picks PUT to add, DELETE to remove', async () => {
    const requests = stubFetch(() => json(200, message(1)))
    const api = createChatApi(SLUG, tokenSource())
    await api.setReaction('msg-1', '👩‍💻', true)
    await api.setReaction('msg-1', '👍🏽', false)
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /api/chat/rooms/${SLUG}/messages/msg-1/reactions/%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB`,
      `DELETE /api/chat/rooms/${SLUG}/messages/msg-1/reactions/%F0%9F%91%8D%F0%9F%8F%BD`,
    ])
  })

  it('rejects an answer that is not a message', async () => {
    stubFetch(() => json(200, { hello: 'world' }))
    await expect(createChatApi(SLUG, tokenSource()).edit('msg-1', 'x')).rejects.toBeInstanceOf(ApiError)
  })
})

describe('catch-up', () => {
  /** A room with `total` messages; GET …/messages?after=N&limit=L like chat-service. */
  function roomWith(total: number) {
    const all = Array.from({ length: total }, (_, i) => message(i + 1))
    return stubFetch((url) => {
      const after = Number(url.searchParams.get('after') ?? 0)
      const limit = Number(url.searchParams.get('limit') ?? 50)
      const rest = all.filter((m) => m.seq > after)
      return json(200, { messages: rest.slice(0, limit), lastSeq: total, hasMore: rest.length > limit })
    })
  }

  it('asks after=N page by page until hasMore is false, and sees every message exactly once', async () => {
    const requests = roomWith(450)
    const api = createChatApi(SLUG, tokenSource())
    let log = applyPage(EMPTY_LOG, { messages: [message(1), message(2)], lastSeq: 2, hasMore: false }, 'newest', ME).log

    await catchUpAfter(api.history, log.caughtUpTo, (page) => {
      log = applyPage(log, page, 'after', ME).log
    })

    expect(requests.map((r) => r.path)).toEqual([
      `/api/chat/rooms/${SLUG}/messages?after=2&limit=${CATCH_UP_PAGE_SIZE}`,
      `/api/chat/rooms/${SLUG}/messages?after=202&limit=${CATCH_UP_PAGE_SIZE}`,
      `/api/chat/rooms/${SLUG}/messages?after=402&limit=${CATCH_UP_PAGE_SIZE}`,
    ])
    expect(log.messages.map((m) => m.seq)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1))
    expect(log.caughtUpTo).toBe(450)
  })

  it('makes one request when nothing was missed', async () => {
    const requests = roomWith(2)
    const pages: HistoryPage[] = []
    await catchUpAfter(createChatApi(SLUG, tokenSource()).history, 2, (p) => pages.push(p))
    expect(requests).toHaveLength(1)
    expect(pages).toEqual([{ messages: [], lastSeq: 2, hasMore: false }])
  })

  it('stops on an empty page that claims more, instead of looping', async () => {
    const history = vi.fn(async () => ({ messages: [], lastSeq: 9, hasMore: true }))
    await catchUpAfter(history, 3, () => {})
    expect(history).toHaveBeenCalledTimes(1)
  })
})
