import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_MEDIA_PREFERENCES, type JoinedMeeting, type MediaPreferences } from '@/meeting/contract'
import type { LocalMedia, ScreenCapture } from '@/media/localMedia'
import { createCallState } from './callState'
import { LocalControls } from './localControls'
import type { MediaState } from './protocol'
import type { SendSlot } from './transport'

/** Tracks as plain objects: the controls only read `enabled`/`kind` and call `stop`. */
const track = (kind: string, label = kind) => ({ kind, label, enabled: true, stop: vi.fn() }) as unknown as MediaStreamTrack

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function fakeMedia() {
  const media = {
    microphone: null as MediaStreamTrack | null,
    camera: null as MediaStreamTrack | null,
    screen: null as ScreenCapture | null,
    videoInputId: undefined as string | undefined,
    facingMode: 'user',
    openMicrophone: vi.fn(async () => (media.microphone = track('audio'))),
    openCamera: vi.fn(async () => (media.camera = track('video', 'camera'))),
    startMicrophone: vi.fn(async () => media.openMicrophone()),
    startCamera: vi.fn(async () => media.openCamera()),
    dropHandedOver: vi.fn(),
    stopCamera: vi.fn(() => (media.camera = null)),
    startScreenShare: vi.fn(async (onEnded: () => void) => {
      media.endShare = onEnded
      return (media.screen = { video: track('video', 'screen'), audio: track('audio', 'screen audio') })
    }),
    stopScreenShare: vi.fn(() => (media.screen = null)),
    stopAll: vi.fn(),
    endShare: (() => {}) as () => void,
    onDeviceLost: null as ((kind: 'microphone' | 'camera') => void) | null,
    forgetLostDevice: vi.fn((kind: 'microphone' | 'camera') => {
      if (kind === 'microphone') media.microphone = null
      else media.camera = null
    }),
  }
  return media
}

function setup(prefs: Partial<MediaPreferences> = {}, grants: JoinedMeeting['grants'] = ['publish', 'screen']) {
  const meeting = {
    slug: 's', room: { slug: 's', name: 'Room', mediaMode: 'AUTO' }, role: 'participant', grants,
    prefs: { ...DEFAULT_MEDIA_PREFERENCES, ...prefs },
  } as unknown as JoinedMeeting
  const state = createCallState(meeting)
  const media = fakeMedia()
  const sent: [SendSlot, string | null][] = []
  const announced: Partial<MediaState>[] = []
  const toasts: string[] = []
  const controls = new LocalControls({
    state,
    media: media as unknown as LocalMedia,
    send: async (slot, t) => void sent.push([slot, t ? t.label : null]),
    announce: (change) => void announced.push(change),
    notify: { error: (key) => void toasts.push(key), info: (key) => void toasts.push(key) },
    microphoneChanged: () => {},
  })
  return { controls, state, media, sent, announced, toasts, prefs: meeting.prefs }
}

describe('LocalControls', () => {
  it('starts with the pre-join choices: muted microphone, camera on', async () => {
    const t = setup({ startMuted: true })
    await t.controls.start(t.prefs)
    expect(t.media.microphone?.enabled).toBe(false)
    expect(t.state.self).toMatchObject({ mic: false, camera: true })
    expect(t.sent).toEqual([['audio', 'audio'], ['video', 'camera']])
    expect(t.announced).toEqual([{ mic: false, camera: true }])
  })

  it('does not open the camera when joining with it off', async () => {
    const t = setup({ startCameraOff: true })
    await t.controls.start(t.prefs)
    expect(t.media.openCamera).not.toHaveBeenCalled()
    expect(t.state.self).toMatchObject({ mic: true, camera: false })
    // a camera the preview handed over is not needed then
    expect(t.media.dropHandedOver).toHaveBeenCalled()
  })

  it('joins without media (and says why) when the camera is denied', async () => {
    const t = setup()
    t.media.openCamera.mockRejectedValueOnce(Object.assign(new Error('denied'), { name: 'NotAllowedError' }))
    await t.controls.start(t.prefs)
    expect(t.toasts).toEqual(['media.errors.denied'])
    expect(t.state.self).toMatchObject({ mic: true, camera: false })
  })

  it('opens nothing without the publish grant', async () => {
    const t = setup({}, ['chat'])
    await t.controls.start(t.prefs)
    await t.controls.toggleMic()
    expect(t.media.openMicrophone).not.toHaveBeenCalled()
    expect(t.announced).toEqual([])
    // the preview's tracks, if it handed any over, are released
    expect(t.media.dropHandedOver).toHaveBeenCalled()
  })

  it('mutes by disabling the track and tells the others', async () => {
    const t = setup()
    await t.controls.start(t.prefs)
    await t.controls.toggleMic()
    expect(t.media.microphone?.enabled).toBe(false)
    expect(t.announced.at(-1)).toEqual({ mic: false })
    expect(t.controls.muteOnRequest()).toBe(false)
  })

  it('turning the camera off stops it and sends nothing in the video slot', async () => {
    const t = setup()
    await t.controls.start(t.prefs)
    await t.controls.toggleCamera()
    expect(t.media.stopCamera).toHaveBeenCalled()
    expect(t.sent.at(-1)).toEqual(['video', null])
    expect(t.state.localVideo).toBeNull()
    expect(t.announced.at(-1)).toEqual({ camera: false })
  })

  it('a screen share replaces the camera in the video slot and gives it back afterwards', async () => {
    const t = setup()
    await t.controls.start(t.prefs)
    await t.controls.toggleScreenShare()
    expect(t.sent.slice(-2)).toEqual([['video', 'screen'], ['screenAudio', 'screen audio']])
    expect(t.announced.at(-1)).toEqual({ screen: true })
    // the browser's own "Stop sharing"
    t.media.endShare()
    await vi.waitFor(() => expect(t.announced.at(-1)).toEqual({ screen: false }))
    expect(t.sent.slice(-2)).toEqual([['video', 'camera'], ['screenAudio', null]])
  })

  it('closing the share picker is not an error', async () => {
    const t = setup()
    t.media.startScreenShare.mockRejectedValueOnce(Object.assign(new Error('cancelled'), { name: 'NotAllowedError' }))
    await t.controls.toggleScreenShare()
    expect(t.toasts).toEqual([])
    expect(t.state.self.screen).toBe(false)
  })

  it('releases a device that finished opening after the call ended', async () => {
    const t = setup()
    const camera = deferred<MediaStreamTrack>()
    t.media.openCamera.mockReturnValueOnce(camera.promise)
    const starting = t.controls.start(t.prefs)
    t.controls.stop()
    t.media.stopAll.mockClear()
    camera.resolve(track('video'))
    await starting
    expect(t.media.stopAll).toHaveBeenCalled()
    expect(t.announced).toEqual([])
  })

  it('a lost microphone is replaced by the default one; muted stays muted', async () => {
    const { controls, state, media, sent, toasts, prefs } = setup({ startMuted: true })
    await controls.start(prefs)
    const lost = media.microphone
    media.openMicrophone.mockImplementationOnce(async () => (media.microphone = track('audio', 'Built-in Microphone')))
    media.onDeviceLost!('microphone')
    await vi.waitFor(() => expect(toasts).toContain('meeting.devices.microphoneReplaced'))
    expect(media.forgetLostDevice).toHaveBeenCalledWith('microphone')
    expect(state.localAudio).not.toBe(lost)
    expect(state.localAudio?.label).toBe('Built-in Microphone')
    expect(state.localAudio?.enabled).toBe(false)
    expect(state.self.mic).toBe(false)
    expect(sent.at(-1)).toEqual(['audio', 'Built-in Microphone'])
  })

  it('with no other microphone the call goes on muted, and the others are told', async () => {
    const { controls, state, media, sent, announced, toasts, prefs } = setup({ startMuted: false })
    await controls.start(prefs)
    expect(state.self.mic).toBe(true)
    media.openMicrophone.mockRejectedValueOnce(new DOMException('none', 'NotFoundError'))
    media.onDeviceLost!('microphone')
    await vi.waitFor(() => expect(toasts).toContain('meeting.devices.microphoneLost'))
    expect(state.self.mic).toBe(false)
    expect(state.localAudio).toBeNull()
    expect(announced.at(-1)).toEqual({ mic: false })
    expect(sent.at(-1)).toEqual(['audio', null])
  })

  it('a lost camera is replaced by the default one, or turned off when there is none', async () => {
    const { controls, state, media, sent, announced, toasts, prefs } = setup({ startCameraOff: false })
    await controls.start(prefs)
    expect(state.self.camera).toBe(true)
    media.openCamera.mockImplementationOnce(async () => (media.camera = track('video', 'Integrated Camera')))
    media.onDeviceLost!('camera')
    await vi.waitFor(() => expect(toasts).toContain('meeting.devices.cameraReplaced'))
    expect(sent.at(-1)).toEqual(['video', 'Integrated Camera'])
    expect(state.self.camera).toBe(true)

    media.openCamera.mockRejectedValueOnce(new DOMException('none', 'NotFoundError'))
    media.onDeviceLost!('camera')
    await vi.waitFor(() => expect(toasts).toContain('meeting.devices.cameraLost'))
    expect(state.self.camera).toBe(false)
    expect(announced.at(-1)).toEqual({ camera: false })
    expect(sent.at(-1)).toEqual(['video', null])
    expect(state.busy.camera).toBe(false)
  })

  it('a camera lost while turned off only forgets the choice; nothing is lost after the call', async () => {
    const { controls, state, media, toasts, prefs } = setup({ startCameraOff: true })
    await controls.start(prefs)
    state.devices.videoInputId = 'usb-cam'
    media.onDeviceLost!('camera')
    await Promise.resolve()
    expect(state.devices.videoInputId).toBeUndefined()
    expect(media.openCamera).not.toHaveBeenCalled()
    controls.stop()
    media.onDeviceLost!('microphone')
    await Promise.resolve()
    expect(toasts).toEqual([])
  })
})
