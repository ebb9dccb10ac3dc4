/**
 * System status: probing the four back-end services through the one origin and
 * aggregating the answers. Pure TypeScript with an injectable `fetch`, so it is
 * unit-tested without a browser and reused by any view.
 *
 * Contract of each endpoint (see docs): `GET <prefix>/status` answers
 * `{"service":"auth-service","status":"UP"|"DOWN","checks":[{"name":"...","status":"UP"|"DOWN"}]}`
 * with HTTP 200 when UP and 503 when DOWN. When the service cannot be reached, the
 * local web-ui proxy answers 502 `{"code":"upstream_unavailable","message":"..."}`
 * (an Ingress answers 502/503/504 with a body of its own).
 */

export type ServiceId = 'auth' | 'rooms' | 'chat' | 'signaling'

export interface ServiceDefinition {
  id: ServiceId
  /** The name the service reports in its status document, e.g. `auth-service`. */
  service: string
  /** Same-origin path of the status endpoint. */
  endpoint: string
}

/** The services the client depends on, in display order. */
export const SERVICES: readonly ServiceDefinition[] = Object.freeze([
  { id: 'auth', service: 'auth-service', endpoint: '/api/auth/status' },
  { id: 'rooms', service: 'room-service', endpoint: '/api/rooms/status' },
  { id: 'chat', service: 'chat-service', endpoint: '/api/chat/status' },
  { id: 'signaling', service: 'signaling-service', endpoint: '/ws/status' },
])

/**
 * - `up`: the service answered 200 with status UP.
 * - `down`: the service answered and says it (or one of its checks) is DOWN.
 * - `unreachable`: no answer from the service (network error, timeout, proxy/Ingress 502/503/504).
 * - `invalid`: something answered, but not with a status document (misrouting, bug).
 * - `pending`: not probed yet.
 */
export type ServiceState = 'up' | 'down' | 'unreachable' | 'invalid' | 'pending'

export type CheckState = 'UP' | 'DOWN'

export interface CheckStatus {
  name: string
  status: CheckState
}

export interface ServiceStatus {
  id: ServiceId
  service: string
  endpoint: string
  state: ServiceState
  /** HTTP status code of the answer, if there was one. */
  httpStatus?: number
  /** The individual checks the service reported (empty if none or unknown). */
  checks: CheckStatus[]
  /** A short technical explanation for states other than `up` (not translated). */
  detail?: string
}

export interface StatusSummary {
  total: number
  up: number
  down: number
  unreachable: number
  invalid: number
  pending: number
  /** True only when every service is `up`. */
  allUp: boolean
}

/** The subset of the Fetch API this module needs (injectable for tests). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export function pendingStatus(def: ServiceDefinition): ServiceStatus {
  return { id: def.id, service: def.service, endpoint: def.endpoint, state: 'pending', checks: [] }
}

interface StatusDocument {
  service: string
  status: CheckState
  checks: CheckStatus[]
}

function isCheckState(value: unknown): value is CheckState {
  return value === 'UP' || value === 'DOWN'
}

/** Validates the shape of a status document; returns undefined for anything else. */
export function parseStatusDocument(body: unknown): StatusDocument | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  const doc = body as Record<string, unknown>
  if (typeof doc.service !== 'string' || !isCheckState(doc.status)) return undefined
  const checks: CheckStatus[] = []
  if (doc.checks !== undefined) {
    if (!Array.isArray(doc.checks)) return undefined
    for (const c of doc.checks) {
      if (typeof c !== 'object' || c === null) return undefined
      const check = c as Record<string, unknown>
      if (typeof check.name !== 'string' || !isCheckState(check.status)) return undefined
      checks.push({ name: check.name, status: check.status })
    }
  }
  return { service: doc.service, status: doc.status, checks }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const GATEWAY_STATUSES = new Set([502, 503, 504])

/**
 * Turns one HTTP answer into a service status. Pure: `bodyText` is the raw body.
 */
export function interpretResponse(
  def: ServiceDefinition,
  httpStatus: number,
  bodyText: string,
): ServiceStatus {
  const base = { id: def.id, service: def.service, endpoint: def.endpoint, httpStatus }
  const json = parseJson(bodyText)
  const doc = parseStatusDocument(json)

  if (doc) {
    const up = doc.status === 'UP' && httpStatus === 200 && doc.checks.every((c) => c.status === 'UP')
    if (up) return { ...base, state: 'up', checks: doc.checks }
    const failing = doc.checks.filter((c) => c.status === 'DOWN').map((c) => c.name)
    const detail =
      failing.length > 0
        ? `failing checks: ${failing.join(', ')}`
        : doc.status === 'UP'
          ? `reported UP with HTTP ${httpStatus}`
          : 'reported DOWN'
    return { ...base, state: 'down', checks: doc.checks, detail }
  }

  if (GATEWAY_STATUSES.has(httpStatus)) {
    const code =
      typeof json === 'object' && json !== null && typeof (json as { code?: unknown }).code === 'string'
        ? (json as { code: string }).code
        : undefined
    return {
      ...base,
      state: 'unreachable',
      checks: [],
      detail: code ? `HTTP ${httpStatus} (${code})` : `HTTP ${httpStatus}`,
    }
  }

  return {
    ...base,
    state: 'invalid',
    checks: [],
    detail: json === undefined ? `HTTP ${httpStatus}, body is not JSON` : `HTTP ${httpStatus}, not a status document`,
  }
}

export interface ProbeOptions {
  /** Abort a probe that takes longer than this (ms). */
  timeoutMs?: number
}

/** Probes one service. Never rejects: every failure becomes a state. */
export async function probeService(
  def: ServiceDefinition,
  fetchImpl: FetchLike,
  options: ProbeOptions = {},
): Promise<ServiceStatus> {
  const timeoutMs = options.timeoutMs ?? 4000
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetchImpl(def.endpoint, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
      signal: controller.signal,
    })
    const text = await response.text()
    return interpretResponse(def, response.status, text)
  } catch (err) {
    const aborted = controller.signal.aborted
    return {
      ...pendingStatus(def),
      state: 'unreachable',
      detail: aborted ? `no answer within ${timeoutMs} ms` : `network error: ${describe(err)}`,
    }
  } finally {
    clearTimeout(timer)
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Probes all services concurrently; results keep the order of `services`. */
export function probeAll(
  fetchImpl: FetchLike,
  services: readonly ServiceDefinition[] = SERVICES,
  options: ProbeOptions = {},
): Promise<ServiceStatus[]> {
  return Promise.all(services.map((def) => probeService(def, fetchImpl, options)))
}

export function summarize(statuses: readonly ServiceStatus[]): StatusSummary {
  const count = (state: ServiceState) => statuses.filter((s) => s.state === state).length
  const up = count('up')
  return {
    total: statuses.length,
    up,
    down: count('down'),
    unreachable: count('unreachable'),
    invalid: count('invalid'),
    pending: count('pending'),
    allUp: statuses.length > 0 && up === statuses.length,
  }
}
