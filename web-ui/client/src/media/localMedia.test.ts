import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_MEDIA_PREFERENCES } from '@/meeting/contract'
import { LocalMedia } from './localMedia'

/** A track as LocalMedia sees it: kind, readyState and stop(). */
function fakeTrack(kind: 'audio' | 'video', readyState: MediaStreamTrackState = 'live') {
  const track = { kind, readyState, enabled: true, stop: vi.fn(() => (track.readyState = 'ended')) }
  return track as unknown as MediaStreamTrack & { stop: ReturnType<typeof vi.fn> }
}

describe('LocalMedia: tracks handed over by the device preview', () => {
  const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => ({
    getAudioTracks: () => (constraints.audio ? [fakeTrack('audio')] : []),
    getVideoTracks: () => (constraints.video ? [fakeTrack('video')] : []),
  }))

  beforeEach(() => {
    getUserMedia.mockClear()
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('starts the call with the live preview tracks, without opening the devices again', async () => {
    const microphone = fakeTrack('audio')
    const camera = fakeTrack('video')
    const media = new LocalMedia(DEFAULT_MEDIA_PREFERENCES, { microphone, camera })
    expect(await media.startMicrophone()).toBe(microphone)
    expect(await media.startCamera()).toBe(camera)
    expect(media.microphone).toBe(microphone)
    expect(media.camera).toBe(camera)
    expect(getUserMedia).not.toHaveBeenCalled()
    // taken: dropping what is left stops nothing the call uses
    media.dropHandedOver()
    expect(microphone.stop).not.toHaveBeenCalled()
    expect(camera.stop).not.toHaveBeenCalled()
  })

  it('opens a device whose handed-over track has ended (unplugged meanwhile) or was not handed over', async () => {
    const ended = fakeTrack('audio', 'ended')
    const media = new LocalMedia(DEFAULT_MEDIA_PREFERENCES, { microphone: ended })
    const microphone = await media.startMicrophone()
    const camera = await media.startCamera()
    expect(microphone).not.toBe(ended)
    expect(microphone.readyState).toBe('live')
    expect(camera.kind).toBe('video')
    expect(getUserMedia).toHaveBeenCalledTimes(2)
  })

  it('a handed-over track is taken once: starting the camera again opens it', async () => {
    const camera = fakeTrack('video')
    const media = new LocalMedia(DEFAULT_MEDIA_PREFERENCES, { camera })
    await media.startCamera()
    media.stopCamera()
    expect(camera.stop).toHaveBeenCalled()
    const reopened = await media.startCamera()
    expect(reopened).not.toBe(camera)
    expect(getUserMedia).toHaveBeenCalledTimes(1)
  })

  it('stops handed-over tracks the call does not take (camera off, leaving before the start)', async () => {
    const microphone = fakeTrack('audio')
    const camera = fakeTrack('video')
    const media = new LocalMedia(DEFAULT_MEDIA_PREFERENCES, { microphone, camera })
    await media.startMicrophone()
    media.dropHandedOver()
    expect(camera.stop).toHaveBeenCalled()
    expect(microphone.stop).not.toHaveBeenCalled()

    const other = fakeTrack('video')
    new LocalMedia(DEFAULT_MEDIA_PREFERENCES, { camera: other }).stopAll()
    expect(other.stop).toHaveBeenCalled()
  })
})
