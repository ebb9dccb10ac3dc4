import { describe, expect, it, vi } from 'vitest'
import {
  SERVICES,
  interpretResponse,
  parseStatusDocument,
  pendingStatus,
  probeAll,
  probeService,
  summarize,
  type FetchLike,
  type ServiceDefinition,
} from './status'

const auth = SERVICES[0]!

function doc(service: string, status: 'UP' | 'DOWN', checks: Array<[string, 'UP' | 'DOWN']> = []) {
  return JSON.stringify({ service, status, checks: checks.map(([name, s]) => ({ name, status: s })) })
}

function jsonResponse(status: number, body: string, contentType = 'application/json'): Response {
  return new Response(body, { status, headers: { 'Content-Type': contentType } })
}

/** A fake same-origin fetch: one handler per endpoint path. */
type Routes = Record<string, () => Response | Promise<Response>>

function fakeFetch(routes: Routes): FetchLike {
  return vi.fn(async (input: string) => {
    const handler = routes[input]
    if (!handler) throw new TypeError(`unexpected request to ${input}`)
    return handler()
  })
}

const allUpRoutes = (): Routes =>
  Object.fromEntries(
    SERVICES.map((s) => [s.endpoint, () => jsonResponse(200, doc(s.service, 'UP', [['self', 'UP']]))]),
  )

describe('SERVICES', () => {
  it('lists the four services behind the one origin', () => {
    expect(SERVICES.map((s) => s.endpoint)).toEqual([
      '/api/auth/status',
      '/api/rooms/status',
      '/api/chat/status',
      '/ws/status',
    ])
  })
})

describe('aggregation', () => {
  it('is all UP when every service answers 200 UP', async () => {
    const fetchImpl = fakeFetch(allUpRoutes())
    const statuses = await probeAll(fetchImpl)

    expect(statuses.map((s) => s.state)).toEqual(['up', 'up', 'up', 'up'])
    expect(statuses.map((s) => s.id)).toEqual(['auth', 'rooms', 'chat', 'signaling'])
    expect(statuses[0]!.checks).toEqual([{ name: 'self', status: 'UP' }])
    expect(summarize(statuses)).toEqual({
      total: 4, up: 4, down: 0, unreachable: 0, invalid: 0, pending: 0, allUp: true,
    })
    expect(fetchImpl).toHaveBeenCalledTimes(4)
    expect(fetchImpl).toHaveBeenCalledWith('/api/auth/status', expect.objectContaining({ method: 'GET' }))
  })

  it('is not all UP when one service answers 503 DOWN, and names the failing check', async () => {
    const routes = allUpRoutes()
    routes['/api/chat/status'] = () =>
      jsonResponse(503, doc('chat-service', 'DOWN', [['database', 'UP'], ['redis', 'DOWN']]))
    const statuses = await probeAll(fakeFetch(routes))

    const chat = statuses.find((s) => s.id === 'chat')!
    expect(chat.state).toBe('down')
    expect(chat.httpStatus).toBe(503)
    expect(chat.detail).toContain('redis')
    expect(chat.checks).toHaveLength(2)
    const summary = summarize(statuses)
    expect(summary.allUp).toBe(false)
    expect(summary).toMatchObject({ up: 3, down: 1, unreachable: 0 })
  })

  it('treats the proxy 502 JSON as unreachable', async () => {
    const routes = allUpRoutes()
    routes['/ws/status'] = () =>
      jsonResponse(502, JSON.stringify({ code: 'upstream_unavailable', message: 'signaling-service is not reachable' }))
    const statuses = await probeAll(fakeFetch(routes))

    const signaling = statuses.find((s) => s.id === 'signaling')!
    expect(signaling.state).toBe('unreachable')
    expect(signaling.detail).toBe('HTTP 502 (upstream_unavailable)')
    expect(summarize(statuses)).toMatchObject({ up: 3, unreachable: 1, allUp: false })
  })

  it('treats an Ingress 503 HTML page and network errors as unreachable', async () => {
    const routes = allUpRoutes()
    routes['/api/rooms/status'] = () => jsonResponse(503, '<html>Service Unavailable</html>', 'text/html')
    routes['/api/auth/status'] = () => Promise.reject(new TypeError('Failed to fetch'))
    const statuses = await probeAll(fakeFetch(routes))

    expect(statuses.find((s) => s.id === 'rooms')!.state).toBe('unreachable')
    const authStatus = statuses.find((s) => s.id === 'auth')!
    expect(authStatus.state).toBe('unreachable')
    expect(authStatus.detail).toContain('Failed to fetch')
    expect(summarize(statuses)).toMatchObject({ up: 2, unreachable: 2, allUp: false })
  })

  it('treats malformed JSON as invalid, never as UP', async () => {
    const routes = allUpRoutes()
    routes['/api/auth/status'] = () => jsonResponse(200, '{"service":"auth-service","status":"UP"')
    const statuses = await probeAll(fakeFetch(routes))

    const authStatus = statuses.find((s) => s.id === 'auth')!
    expect(authStatus.state).toBe('invalid')
    expect(authStatus.detail).toContain('not JSON')
    expect(summarize(statuses)).toMatchObject({ up: 3, invalid: 1, allUp: false })
  })

  it('treats well-formed JSON of the wrong shape (e.g. an SPA page or other API) as invalid', () => {
    expect(interpretResponse(auth, 200, '{"status":"ok"}').state).toBe('invalid')
    expect(interpretResponse(auth, 200, '[]').state).toBe('invalid')
    expect(interpretResponse(auth, 200, '{"service":"auth-service","status":"up"}').state).toBe('invalid')
    expect(interpretResponse(auth, 404, '<!doctype html><div id="app"></div>').state).toBe('invalid')
    expect(
      interpretResponse(auth, 200, '{"service":"auth-service","status":"UP","checks":[{"name":1}]}').state,
    ).toBe('invalid')
  })

  it('does not call a service UP when HTTP status and document disagree', () => {
    const upWith503 = interpretResponse(auth, 503, doc('auth-service', 'UP'))
    expect(upWith503.state).toBe('down')
    const downWith200 = interpretResponse(auth, 200, doc('auth-service', 'DOWN'))
    expect(downWith200.state).toBe('down')
    const upWithDownCheck = interpretResponse(auth, 200, doc('auth-service', 'UP', [['db', 'DOWN']]))
    expect(upWithDownCheck.state).toBe('down')
  })

  it('accepts a document without checks', () => {
    const s = interpretResponse(auth, 200, '{"service":"auth-service","status":"UP"}')
    expect(s.state).toBe('up')
    expect(s.checks).toEqual([])
  })

  it('is not all UP while nothing has been probed', () => {
    expect(summarize(SERVICES.map(pendingStatus))).toMatchObject({ pending: 4, allUp: false })
    expect(summarize([]).allUp).toBe(false)
  })
})

describe('probeService', () => {
  it('gives up after the timeout and reports unreachable', async () => {
    vi.useFakeTimers()
    try {
      const def: ServiceDefinition = { id: 'chat', service: 'chat-service', endpoint: '/api/chat/status' }
      const hanging: FetchLike = (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        })
      const pending = probeService(def, hanging, { timeoutMs: 1000 })
      await vi.advanceTimersByTimeAsync(1000)
      const result = await pending
      expect(result.state).toBe('unreachable')
      expect(result.detail).toBe('no answer within 1000 ms')
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('parseStatusDocument', () => {
  it('keeps only name and status of each check', () => {
    expect(
      parseStatusDocument({ service: 's', status: 'UP', checks: [{ name: 'db', status: 'UP', data: { x: 1 } }] }),
    ).toEqual({ service: 's', status: 'UP', checks: [{ name: 'db', status: 'UP' }] })
  })
  it('rejects null and primitives', () => {
    expect(parseStatusDocument(null)).toBeUndefined()
    expect(parseStatusDocument('UP')).toBeUndefined()
  })
})
