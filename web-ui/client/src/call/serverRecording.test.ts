import { describe, expect, it, vi } from 'vitest'
import type { RoomEventEnvelope } from '@/meeting/contract'
import {
  applyRecordingError,
  applyRecordingEvent,
  applyRecordingOffer,
  applyRecordingWelcome,
  createServerRecordingState,
  deleteRecording,
  fetchRecordingFile,
  formatSize,
  isRecordingEventType,
  RecordingDownloadError,
  recordingPaths,
  usesServerRecording,
} from './serverRecording'

const event = (type: string, payload: Record<string, unknown>): RoomEventEnvelope => ({
  type,
  room: 'abc-defg-hij',
  sender: 'p1',
  target: null,
  id: crypto.randomUUID(),
  timestamp: 1,
  payload,
})

describe('server recording state', () => {
  it('follows started, stopped, ready', () => {
    const state = createServerRecordingState()
    state.pending = 'start'
    expect(applyRecordingEvent(state, event('recording.started', { recordingId: 'r1', by: 'u1', byName: 'Hana', startedAt: 1000 })))
      .toEqual({ kind: 'started', recording: { recordingId: 'r1', by: 'u1', byName: 'Hana', startedAt: 1000 } })
    expect(state.active?.recordingId).toBe('r1')
    expect(state.pending).toBeNull()

    state.pending = 'stop'
    applyRecordingEvent(state, event('recording.stopped', { recordingId: 'r1' }))
    expect(state.active).toBeNull()
    expect(state.pending).toBeNull()
    expect(state.processing).toEqual(['r1'])

    const files = [{ name: 'p1.webm', size: 1234, contentType: 'video/webm', participantId: 'p1' }, { nope: true }]
    const update = applyRecordingEvent(state, event('recording.ready', { recordingId: 'r1', files }))
    expect(update).toEqual({ kind: 'ready', recording: { recordingId: 'r1', incomplete: false, files: [files[0]] } })
    expect(state.processing).toEqual([])
    expect(state.ready.map((r) => r.recordingId)).toEqual(['r1'])
  })

  it('reports failures and refusals, ignores what it does not know', () => {
    const state = createServerRecordingState()
    applyRecordingEvent(state, event('recording.stopped', { recordingId: 'r2' }))
    expect(applyRecordingEvent(state, event('recording.failed', { recordingId: 'r2', code: 'no_media' })))
      .toEqual({ kind: 'failed', recordingId: 'r2', code: 'no_media' })
    expect(state.processing).toEqual([])
    expect(applyRecordingEvent(state, event('recording.started', {}))).toBeNull()
    expect(applyRecordingEvent(state, event('recording.paused', { recordingId: 'r3' }))).toBeNull()
    state.pending = 'start'
    expect(applyRecordingError(state, 'sfu_required')).toEqual({ kind: 'refused', code: 'sfu_required' })
    expect(state.pending).toBeNull()
  })

  it('a joiner learns a running recording from the welcome', () => {
    const state = createServerRecordingState()
    applyRecordingWelcome(state, { recording: { recordingId: 'r4', by: 'u1', startedAt: 5 } })
    expect(state.active).toEqual({ recordingId: 'r4', by: 'u1', byName: undefined, startedAt: 5 })
    applyRecordingWelcome(state, {})
    expect(state.active?.recordingId).toBe('r4') // a server without the field: unchanged
    applyRecordingWelcome(state, { recording: null })
    expect(state.active).toBeNull()
  })

  it('records on the server where the welcome offers it, in the mesh too; recording.* are its events', () => {
    const state = createServerRecordingState()
    applyRecordingWelcome(state, { recording: null, serverRecording: true }) // an AUTO meeting
    expect(state.offered).toBe(true)
    expect(usesServerRecording('p2p', state.offered)).toBe(true)
    applyRecordingWelcome(state, { recording: null, serverRecording: false }) // fixed to P2P, or not set up
    expect(usesServerRecording('sfu', state.offered)).toBe(false)
    applyRecordingWelcome(state, { recording: null }) // a resume's welcome from a server that does not say
    expect(state.offered).toBe(false)
    // a server that never says: on the server in SFU mode only
    expect(usesServerRecording('sfu')).toBe(true)
    expect(usesServerRecording('p2p')).toBe(false)
    expect(usesServerRecording(null)).toBe(false)
    expect(isRecordingEventType('recording.ready')).toBe(true)
    expect(isRecordingEventType('room.locked')).toBe(false)
  })

  it('follows a changed media setting (server-recording) and ignores a malformed one', () => {
    const state = createServerRecordingState()
    applyRecordingWelcome(state, { recording: null, serverRecording: true }) // AUTO
    applyRecordingOffer(state, false) // the host fixed the room to P2P: the browser records
    expect(usesServerRecording('p2p', state.offered)).toBe(false)
    applyRecordingOffer(state, 'yes')
    expect(state.offered).toBe(false)
    applyRecordingOffer(state, true) // back to AUTO
    expect(usesServerRecording('p2p', state.offered)).toBe(true)
  })
})

describe('recording downloads', () => {
  it('fetch the file with the room token in the header, never in the URL', async () => {
    const fetchImpl = vi.fn(async () => new Response(new Blob(['webm']), { status: 200 }))
    const blob = await fetchRecordingFile('abc-defg-hij', 'r1', 'p 1.webm', 'tok', fetchImpl as unknown as typeof fetch)
    expect(await blob.text()).toBe('webm')
    expect(fetchImpl).toHaveBeenCalledWith('/ws/rooms/abc-defg-hij/recordings/r1/p%201.webm', { method: 'GET', headers: { Authorization: 'Bearer tok' } })
    expect(recordingPaths.list('abc-defg-hij')).toBe('/ws/rooms/abc-defg-hij/recordings')
  })

  it('turn errors into their stable codes', async () => {
    const forbidden = vi.fn(async () => new Response(JSON.stringify({ code: 'forbidden', message: 'no' }), { status: 403 }))
    await expect(fetchRecordingFile('s', 'r', 'f.webm', 't', forbidden as unknown as typeof fetch)).rejects.toEqual(
      new RecordingDownloadError(403, 'forbidden'),
    )
    const offline = vi.fn(async () => {
      throw new TypeError('failed to fetch')
    })
    await expect(fetchRecordingFile('s', 'r', 'f.webm', 't', offline as unknown as typeof fetch)).rejects.toMatchObject({ status: 0, code: 'network_error' })
  })

  it('delete a recording with the room token; refusals keep their code', async () => {
    const ok = vi.fn(async () => new Response(null, { status: 204 }))
    await deleteRecording('abc-defg-hij', 'r 1', 'tok', ok as unknown as typeof fetch)
    expect(ok).toHaveBeenCalledWith('/ws/rooms/abc-defg-hij/recordings/r%201', { method: 'DELETE', headers: { Authorization: 'Bearer tok' } })
    const busy = vi.fn(async () => new Response(JSON.stringify({ code: 'recording_processing', message: 'wait' }), { status: 409 }))
    await expect(deleteRecording('s', 'r', 't', busy as unknown as typeof fetch)).rejects.toEqual(new RecordingDownloadError(409, 'recording_processing'))
  })

  it('a deleted recording leaves the list of every host', () => {
    const state = createServerRecordingState()
    applyRecordingEvent(state, event('recording.ready', { recordingId: 'r1', files: [] }))
    applyRecordingEvent(state, event('recording.ready', { recordingId: 'r2', files: [] }))
    expect(applyRecordingEvent(state, event('recording.deleted', { recordingId: 'r1', by: 'u1' }))).toEqual({ kind: 'deleted', recordingId: 'r1' })
    expect(state.ready.map((r) => r.recordingId)).toEqual(['r2'])
  })

  it('formats sizes', () => {
    expect(formatSize(999)).toBe('999 B')
    expect(formatSize(2048)).toBe('2 KB')
    expect(formatSize(3 * 1024 * 1024 + 200_000)).toBe('3.2 MB')
  })
})
