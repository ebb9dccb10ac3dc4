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

/** A track that can fire `ended` like a real one (stop() does not, as in browsers). */
class FakeTrack extends EventTarget {
  enabled = true
  readyState = 'live'
  stop = vi.fn()
  constructor(
    readonly kind: string,
    readonly label: string,
  ) {
    super()
  }
  unplug(): void {
    this.readyState = 'ended'
    this.dispatchEvent(new Event('ended'))
  }
}

function stubDevices(...tracks: FakeTrack[]) {
  const queue = [...tracks]
  const getUserMedia = vi.fn(async () => {
    const next = queue.shift()!
    return { getAudioTracks: () => [next], getVideoTracks: () => [next] }
  })
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia } })
  return getUserMedia
}

describe('LocalMedia: a device lost during the call', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reports the current microphone or camera ending, not one it replaced or stopped', async () => {
    const headset = new FakeTrack('audio', 'Headset')
    const builtIn = new FakeTrack('audio', 'Built-in')
    const camera = new FakeTrack('video', 'USB camera')
    stubDevices(headset, builtIn, camera)
    const media = new LocalMedia({ ...DEFAULT_MEDIA_PREFERENCES, audioInputId: 'headset-id' })
    const lost: string[] = []
    media.onDeviceLost = (kind) => lost.push(kind)

    await media.openMicrophone()
    await media.openMicrophone('built-in-id') // a switch: the headset is no longer ours
    headset.unplug()
    expect(lost).toEqual([])
    builtIn.unplug()
    expect(lost).toEqual(['microphone'])

    await media.openCamera('usb-id')
    camera.unplug()
    expect(lost).toEqual(['microphone', 'camera'])
  })

  it('forgets a lost device as the choice, so the next open takes the default', async () => {
    const getUserMedia = stubDevices(new FakeTrack('audio', 'Headset'), new FakeTrack('audio', 'Built-in'))
    const media = new LocalMedia({ ...DEFAULT_MEDIA_PREFERENCES, audioInputId: 'headset-id' })
    await media.openMicrophone()
    media.forgetLostDevice('microphone')
    expect(media.microphone).toBeNull()
    await media.openMicrophone()
    const constraints = getUserMedia.mock.calls.map((call) => (call as unknown as [MediaStreamConstraints])[0].audio as MediaTrackConstraints)
    expect(constraints[0]!.deviceId).toEqual({ exact: 'headset-id' })
    expect(constraints[1]!.deviceId).toBeUndefined()
  })

  it('a handed-over preview track is watched too', async () => {
    stubDevices()
    const previewMic = new FakeTrack('audio', 'Preview mic')
    const media = new LocalMedia(DEFAULT_MEDIA_PREFERENCES, { microphone: previewMic as unknown as MediaStreamTrack })
    const lost: string[] = []
    media.onDeviceLost = (kind) => lost.push(kind)
    await media.startMicrophone()
    previewMic.unplug()
    expect(lost).toEqual(['microphone'])
  })
})
