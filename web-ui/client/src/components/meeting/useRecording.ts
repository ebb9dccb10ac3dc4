import { computed, onBeforeUnmount, ref, type ComputedRef } from 'vue'
import type { CallState } from '@/call/callState'
import { GridRecorder, isRecordingSupported, recordingFileName } from '@/call/recording'
import type { TileModel } from '@/call/tiles'
import { useToasts } from '@/stores/toasts'

export interface RecordingFile {
  url: string
  fileName: string
  downloaded: boolean
}

/**
 * Recording as the meeting room offers it: only with the `record` grant and a browser
 * that can do it; a running clock for the indicator; a download link afterwards. A
 * recording is never lost by leaving: `saveBeforeLeaving` stops it and downloads it.
 */
export function useRecording(slug: string, state: CallState, tiles: ComputedRef<TileModel[]>) {
  const toasts = useToasts()
  const supported = isRecordingSupported()
  const canRecord = computed(() => supported && state.grants.includes('record'))
  const recording = ref(false)
  const elapsedSeconds = ref(0)
  const file = ref<RecordingFile | null>(null)
  let recorder: GridRecorder | null = null
  let startedAt = new Date()
  let clock: ReturnType<typeof setInterval> | null = null

  function audioTracks(): MediaStreamTrack[] {
    const tracks = [state.localAudio, state.localScreenAudio]
    for (const remote of Object.values(state.remote)) tracks.push(remote.audio ?? null, remote.screenAudio ?? null)
    return tracks.filter((t): t is MediaStreamTrack => t !== null)
  }

  function start(): void {
    if (recording.value || !canRecord.value) return
    try {
      recorder = new GridRecorder({
        tiles: () => tiles.value.map((t) => ({ id: t.id, name: t.name, video: t.video, mirrored: t.mirrored })),
        audio: audioTracks,
      })
      recorder.start()
    } catch {
      recorder = null
      toasts.error('meeting.recording.failed')
      return
    }
    startedAt = new Date()
    elapsedSeconds.value = 0
    recording.value = true
    clock = setInterval(() => (elapsedSeconds.value = Math.floor((Date.now() - startedAt.getTime()) / 1000)), 1000)
  }

  async function stop(): Promise<void> {
    const current = recorder
    if (!current) return
    recorder = null
    recording.value = false
    if (clock) clearInterval(clock)
    clock = null
    const blob = await current.stop()
    discard()
    file.value = {
      url: URL.createObjectURL(blob),
      fileName: recordingFileName(slug, startedAt, current.mimeType),
      downloaded: false,
    }
  }

  function toggle(): void {
    if (recording.value) void stop()
    else start()
  }

  function markDownloaded(): void {
    if (file.value) file.value.downloaded = true
  }

  function discard(): void {
    if (file.value) URL.revokeObjectURL(file.value.url)
    file.value = null
  }

  /** Leaving: finish a running recording and download what was not downloaded yet. */
  async function saveBeforeLeaving(): Promise<void> {
    await stop()
    const pending = file.value
    if (!pending || pending.downloaded) return
    const link = document.createElement('a')
    link.href = pending.url
    link.download = pending.fileName
    link.click()
    pending.downloaded = true
    toasts.info('meeting.recording.savedOnLeave')
  }

  const elapsed = computed(() => {
    const s = elapsedSeconds.value
    const two = (n: number) => String(n).padStart(2, '0')
    const time = `${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`
    return s >= 3600 ? `${Math.floor(s / 3600)}:${time}` : time
  })

  onBeforeUnmount(() => {
    if (clock) clearInterval(clock)
    // Unmounted without leaving first (e.g. navigation): nothing can be saved any more.
    void recorder?.stop()
    // Revoke later: a download started by saveBeforeLeaving may still be reading the blob.
    const url = file.value?.url
    if (url) setTimeout(() => URL.revokeObjectURL(url), 60_000)
  })

  return { canRecord, recording, elapsed, file, toggle, markDownloaded, discard, saveBeforeLeaving }
}
