import { computed, onBeforeUnmount, reactive, ref, watch } from 'vue'
import type { CallState } from '@/call/callState'
import type { RecordingSink } from '@/call/callSession'
import {
  applyRecordingError,
  applyRecordingEvent,
  applyRecordingOffer,
  applyRecordingWelcome,
  createServerRecordingState,
  deleteRecording,
  fetchRecordingFile,
  RecordingDownloadError,
  usesServerRecording,
  type ServerRecordingFile,
} from '@/call/serverRecording'
import { saveBlob } from '@/chat/files'
import type { JoinedMeeting } from '@/meeting/contract'
import { useToasts } from '@/stores/toasts'

const REFUSALS = new Set(['forbidden', 'sfu_required', 'recording_active', 'not_recording', 'recording_unavailable'])

/**
 * Server-side recording as the meeting room offers it (docs/recording.md): in SFU mode a
 * host's record button starts/stops it on the server; everyone sees that the meeting is
 * recorded; hosts download the processed files. `sink` goes into the CallSession's options,
 * `bind` receives the session's sender.
 */
export function useServerRecording(meeting: JoinedMeeting, state: CallState) {
  const toasts = useToasts()
  const rec = reactive(createServerRecordingState())
  const now = ref(Date.now())
  let clock: ReturnType<typeof setInterval> | null = null
  let send: ((type: 'recording.start' | 'recording.stop') => void) | null = null

  const isHost = computed(() => state.role === 'host')
  /** The record button drives the server recording (offered for the meeting, host) instead of the local one. */
  const serverMode = computed(() => usesServerRecording(state.mediaMode, rec.offered) && isHost.value)
  const active = computed(() => rec.active !== null)

  watch(active, (on) => {
    if (clock) clearInterval(clock)
    clock = on ? setInterval(() => (now.value = Date.now()), 1000) : null
    now.value = Date.now()
  }, { immediate: true })

  const elapsed = computed(() => {
    const s = rec.active ? Math.max(0, Math.floor((now.value - rec.active.startedAt) / 1000)) : 0
    const two = (n: number) => String(n).padStart(2, '0')
    const time = `${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`
    return s >= 3600 ? `${Math.floor(s / 3600)}:${time}` : time
  })

  const sink: RecordingSink = {
    applyEvent(event) {
      const update = applyRecordingEvent(rec, event)
      if (update?.kind === 'ready' && isHost.value) toasts.success('meeting.serverRecording.ready')
      if (update?.kind === 'failed' && isHost.value) toasts.error('meeting.serverRecording.failed')
    },
    applyWelcome: (welcome) => applyRecordingWelcome(rec, welcome),
    applyOffer: (offered) => applyRecordingOffer(rec, offered),
    applyError(code) {
      applyRecordingError(rec, code)
      toasts.error(REFUSALS.has(code) ? `meeting.serverRecording.errors.${code}` : 'meeting.serverRecording.errors.other')
    },
  }

  function bind(sender: (type: 'recording.start' | 'recording.stop') => void): void {
    send = sender
  }

  function toggle(): void {
    if (!send || rec.pending) return
    rec.pending = rec.active ? 'stop' : 'start'
    // In the mesh the server first moves everyone to the SFU: say why the start takes a moment.
    if (rec.pending === 'start' && state.mediaMode !== 'sfu') toasts.info('meeting.serverRecording.movingToSfu')
    send(rec.active ? 'recording.stop' : 'recording.start')
  }

  /** Runs `call` with the room token; a 401 (it expired meanwhile) renews it and tries once more. */
  async function withRoomToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await meeting.tokens.get())
    } catch (error) {
      if (!(error instanceof RecordingDownloadError) || error.status !== 401) throw error
      return call(await meeting.tokens.renew())
    }
  }

  async function download(recordingId: string, file: ServerRecordingFile): Promise<void> {
    try {
      const blob = await withRoomToken((token) => fetchRecordingFile(meeting.slug, recordingId, file.name, token))
      saveBlob(blob, file.name)
    } catch {
      toasts.error('meeting.serverRecording.errors.download')
    }
  }

  /** Deletes it on the server (everyone's copy is gone: the files, for every host). */
  async function remove(recordingId: string): Promise<void> {
    try {
      await withRoomToken((token) => deleteRecording(meeting.slug, recordingId, token))
      rec.ready = rec.ready.filter((r) => r.recordingId !== recordingId)
      toasts.success('meeting.serverRecording.deleted')
    } catch (error) {
      const busy = error instanceof RecordingDownloadError && error.code === 'recording_processing'
      toasts.error(busy ? 'meeting.serverRecording.errors.recording_processing' : 'meeting.serverRecording.errors.delete')
    }
  }

  function dismiss(recordingId: string): void {
    rec.ready = rec.ready.filter((r) => r.recordingId !== recordingId)
  }

  onBeforeUnmount(() => {
    if (clock) clearInterval(clock)
  })

  return { rec, sink, bind, toggle, download, remove, dismiss, serverMode, active, isHost, elapsed }
}
