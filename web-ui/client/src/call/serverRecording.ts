import type { RoomEventEnvelope } from '@/meeting/contract'

/**
 * Server-side recording in SFU mode (docs/recording.md): a host starts and stops it over the
 * meeting WebSocket (`recording.start` / `recording.stop`); everyone learns that the meeting is
 * recorded (`recording.started` / `recording.stopped` room events, and `welcome.recording` for
 * a joiner); hosts get `recording.ready` with the files, downloaded with the room token.
 * The welcome's `serverRecording` says whether the server offers it for this meeting: AUTO
 * meetings in P2P move to the SFU when a host starts it. Where it does not (a room fixed to P2P,
 * no recording configured), the local, in-browser recording stays (recording.ts).
 */

export interface ActiveServerRecording {
  recordingId: string
  /** User id of the host who started it. */
  by?: string
  byName?: string
  /** Epoch ms. */
  startedAt: number
}

export interface ServerRecordingFile {
  name: string
  size: number
  contentType: string
  participantId?: string
}

export interface ReadyServerRecording {
  recordingId: string
  files: ServerRecordingFile[]
  incomplete?: boolean
}

export interface ServerRecordingState {
  active: ActiveServerRecording | null
  /** A start or stop we sent and the server has not confirmed yet. */
  pending: 'start' | 'stop' | null
  /** The welcome's `serverRecording`; null: the server did not say. */
  offered: boolean | null
  /** Stopped, files being processed on the server. */
  processing: string[]
  ready: ReadyServerRecording[]
}

export type RecordingUpdate =
  | { kind: 'started'; recording: ActiveServerRecording }
  | { kind: 'stopped'; recordingId: string }
  | { kind: 'ready'; recording: ReadyServerRecording }
  | { kind: 'failed'; recordingId: string; code: string }
  | { kind: 'deleted'; recordingId: string }
  | { kind: 'refused'; code: string }

export function createServerRecordingState(): ServerRecordingState {
  return { active: null, pending: null, processing: [], ready: [], offered: null }
}

/**
 * A host records on the server where the server offers it for the meeting (also in an AUTO
 * meeting's P2P phase: it moves to the SFU), else the browser records locally. A server that
 * does not say: on the server in SFU mode only.
 */
export function usesServerRecording(transportMode: string | null | undefined, offered: boolean | null = null): boolean {
  return offered ?? transportMode === 'sfu'
}

export const isRecordingEventType = (type: string): boolean => type.startsWith('recording.')

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

function parseActive(value: unknown): ActiveServerRecording | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  const recordingId = str(v.recordingId)
  if (!recordingId) return null
  return { recordingId, by: str(v.by), byName: str(v.byName), startedAt: num(v.startedAt) ?? Date.now() }
}

function parseFiles(value: unknown): ServerRecordingFile[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((f) => {
    if (!f || typeof f !== 'object') return []
    const o = f as Record<string, unknown>
    const name = str(o.name)
    if (!name) return []
    return [{ name, size: num(o.size) ?? 0, contentType: str(o.contentType) ?? 'application/octet-stream', participantId: str(o.participantId) }]
  })
}

/** Applies a `recording.*` room event; returns what happened (null: not ours or malformed). */
export function applyRecordingEvent(state: ServerRecordingState, event: RoomEventEnvelope): RecordingUpdate | null {
  const payload = event.payload ?? {}
  const recordingId = str(payload.recordingId)
  if (!recordingId) return null
  switch (event.type) {
    case 'recording.started': {
      const recording = parseActive(payload)!
      state.active = recording
      state.pending = null
      return { kind: 'started', recording }
    }
    case 'recording.stopped':
      if (state.active?.recordingId === recordingId) state.active = null
      if (state.pending === 'stop') state.pending = null
      if (!state.processing.includes(recordingId)) state.processing.push(recordingId)
      return { kind: 'stopped', recordingId }
    case 'recording.ready': {
      const recording: ReadyServerRecording = { recordingId, files: parseFiles(payload.files), incomplete: payload.incomplete === true }
      state.processing = state.processing.filter((id) => id !== recordingId)
      state.ready = [recording, ...state.ready.filter((r) => r.recordingId !== recordingId)]
      return { kind: 'ready', recording }
    }
    case 'recording.failed':
      state.processing = state.processing.filter((id) => id !== recordingId)
      return { kind: 'failed', recordingId, code: str(payload.code) ?? 'processing_failed' }
    case 'recording.deleted': // by a host, this one or another
      state.ready = state.ready.filter((r) => r.recordingId !== recordingId)
      return { kind: 'deleted', recordingId }
    default:
      return null
  }
}

/**
 * The welcome says whether a recording runs now (`recording`: object or null). A server that
 * does not send the field leaves what we know as it is (a resume must not clear it).
 */
export function applyRecordingWelcome(state: ServerRecordingState, welcome: { recording?: unknown; serverRecording?: unknown }): void {
  if (typeof welcome.serverRecording === 'boolean') state.offered = welcome.serverRecording
  if (!('recording' in welcome)) return
  state.active = parseActive(welcome.recording)
  state.pending = null
}

/** `server-recording` (the room's media setting changed): the welcome's offer, anew. Else ignored. */
export function applyRecordingOffer(state: ServerRecordingState, offered: unknown): void {
  if (typeof offered === 'boolean') state.offered = offered
}

/** An `error` whose `ref` is `recording.start` / `recording.stop`. */
export function applyRecordingError(state: ServerRecordingState, code: string): RecordingUpdate {
  state.pending = null
  return { kind: 'refused', code }
}

const enc = encodeURIComponent

export const recordingPaths = {
  list: (slug: string) => `/ws/rooms/${enc(slug)}/recordings`,
  file: (slug: string, recordingId: string, name: string) => `/ws/rooms/${enc(slug)}/recordings/${enc(recordingId)}/${enc(name)}`,
  recording: (slug: string, recordingId: string) => `/ws/rooms/${enc(slug)}/recordings/${enc(recordingId)}`,
}

export class RecordingDownloadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`)
  }
}

/** A processed file's bytes, fetched with the room token (tokens never go into URLs). */
export async function fetchRecordingFile(
  slug: string,
  recordingId: string,
  name: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<Blob> {
  const response = await recordingRequest(recordingPaths.file(slug, recordingId, name), 'GET', token, fetchImpl, 'download_failed')
  return response.blob()
}

/** Deletes a recording and its files on the server (hosts; 409 `recording_processing` while it is made). */
export async function deleteRecording(slug: string, recordingId: string, token: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await recordingRequest(recordingPaths.recording(slug, recordingId), 'DELETE', token, fetchImpl, 'delete_failed')
}

async function recordingRequest(url: string, method: 'GET' | 'DELETE', token: string, fetchImpl: typeof fetch, fallback: string) {
  let response: Response
  try {
    response = await fetchImpl(url, { method, headers: { Authorization: `Bearer ${token}` } })
  } catch {
    throw new RecordingDownloadError(0, 'network_error')
  }
  if (!response.ok) {
    let code = fallback
    try {
      const body = (await response.json()) as { code?: unknown }
      if (typeof body.code === 'string') code = body.code
    } catch {
      // not JSON
    }
    throw new RecordingDownloadError(response.status, code)
  }
  return response
}

/** "1.4 MB" */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
