import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_MEDIA_PREFERENCES, type MediaPreferences } from '@/meeting/contract'
import { openPreviewMedia } from './previewMedia'

const prefs = (extra: Partial<MediaPreferences> = {}): MediaPreferences => ({ ...DEFAULT_MEDIA_PREFERENCES, ...extra })
const domError = (name: string) => Object.assign(new Error(name), { name })

/** A fake getUserMedia: `decide` says which constraint sets succeed. */
function fakeGum(decide: (c: MediaStreamConstraints) => string | null) {
  const stop = vi.fn()
  const gum = vi.fn(async (c: MediaStreamConstraints) => {
    const failure = decide(c)
    if (failure) throw domError(failure)
    return { getTracks: () => [{ stop }], constraints: c } as unknown as MediaStream
  })
  return { gum, stop }
}

const hasVideo = (c: MediaStreamConstraints) => !!c.video
const hasAudio = (c: MediaStreamConstraints) => !!c.audio

describe('openPreviewMedia', () => {
  it('opens camera and microphone together when both work', async () => {
    const { gum } = fakeGum(() => null)
    const result = await openPreviewMedia(prefs(), gum)
    expect(result.stream).not.toBeNull()
    expect(result.cameraError).toBeUndefined()
    expect(gum).toHaveBeenCalledTimes(1)
    expect(hasAudio(gum.mock.calls[0]![0]) && hasVideo(gum.mock.calls[0]![0])).toBe(true)
  })

  it('with "camera off" asks for the microphone only', async () => {
    const { gum } = fakeGum(() => null)
    await openPreviewMedia(prefs({ startCameraOff: true }), gum)
    expect(gum.mock.calls.map(([c]) => hasVideo(c))).toEqual([false])
  })

  it('falls back to the microphone alone when the camera fails, reporting the camera error', async () => {
    const { gum } = fakeGum((c) => (hasVideo(c) ? 'NotReadableError' : null))
    const result = await openPreviewMedia(prefs(), gum)
    expect(result.stream).not.toBeNull()
    expect(result.cameraError).toMatchObject({ name: 'NotReadableError' })
    expect(result.microphoneError).toBeUndefined()
  })

  it('falls back to the camera alone when there is no microphone', async () => {
    const { gum } = fakeGum((c) => (hasAudio(c) ? 'NotReadableError' : null))
    const result = await openPreviewMedia(prefs(), gum)
    expect(result.stream).not.toBeNull()
    expect(result.microphoneError).toMatchObject({ name: 'NotReadableError' })
  })

  it('reports one error for both when nothing is allowed', async () => {
    const { gum } = fakeGum(() => 'NotAllowedError')
    const result = await openPreviewMedia(prefs(), gum)
    expect(result.stream).toBeNull()
    expect(result.cameraError).toBe(result.microphoneError)
  })

  it('retries with the default devices when a remembered device is gone', async () => {
    const { gum, stop } = fakeGum((c) => {
      const video = c.video as MediaTrackConstraints | undefined
      return video?.deviceId ? 'OverconstrainedError' : null
    })
    const result = await openPreviewMedia(prefs({ videoInputId: 'gone' }), gum)
    expect(result.usedDefaults).toBe(true)
    expect(result.cameraError).toBeUndefined()
    expect(stop).toHaveBeenCalled() // the microphone-only stream of the first attempt was released
  })
})
