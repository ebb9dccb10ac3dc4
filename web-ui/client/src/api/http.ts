/**
 * The one place the client talks HTTP to the services. Every service answers errors as
 * JSON `{code, message, fields?, incident?}` (service-common); this turns them into
 * {@link ApiError}s so views can pick a translated message by `code`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable machine code, e.g. `wrong_passcode`; `network_error` when no answer came. */
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Seconds from a `Retry-After` header, if any. */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface RequestOptions {
  body?: unknown
  /** Bearer token (access token for auth/rooms, room token for chat). */
  token?: string
  signal?: AbortSignal
  headers?: Record<string, string>
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Performs a JSON request and returns the parsed body (undefined for 204). */
export async function requestJson<T>(method: HttpMethod, url: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, url, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** Like {@link requestJson} but also returns the status (e.g. 200 joined vs 202 waiting). */
export async function requestWithStatus<T>(
  method: HttpMethod,
  url: string,
  options: RequestOptions = {},
): Promise<{ status: number; body: T }> {
  const response = await send(method, url, options)
  const text = response.status === 204 ? '' : await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T }
}

async function send(method: HttpMethod, url: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  let response: Response
  try {
    response = await globalThis.fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    throw new ApiError(0, 'network_error', (e as Error)?.message ?? 'network error')
  }
  if (!response.ok) throw await toApiError(response)
  return response
}

/** Reads a failed response's JSON error body; tolerates non-JSON bodies (proxies, 502s). */
export async function toApiError(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('Retry-After')
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined
  let code = `http_${response.status}`
  let message = response.statusText || code
  let fields: Record<string, string> = {}
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown; fields?: unknown }
    if (typeof body?.code === 'string') code = body.code
    if (typeof body?.message === 'string') message = body.message
    if (body?.fields && typeof body.fields === 'object') fields = body.fields as Record<string, string>
  } catch {
    // not JSON: keep the generic code
  }
  return new ApiError(response.status, code, message, fields, retryAfter)
}
