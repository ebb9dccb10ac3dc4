import type { FrameRate, MediaPreferences, PreviewTracks, Resolution } from '@/meeting/contract'
import { audioConstraints, RESOLUTIONS, videoConstraints } from './devices'

export type FacingMode = 'user' | 'environment'

/** A shared screen: its video and, where the browser offers it, its audio. */
export interface ScreenCapture {
  video: MediaStreamTrack
  audio: MediaStreamTrack | null
}

/**
 * The local tracks of a call: microphone, camera and shared screen, each opened on its
 * own so that one failing (camera busy) or being switched (another microphone) leaves
 * the others alone. Every method that opens a device throws the getUserMedia /
 * getDisplayMedia error (see devices.mediaErrorKey for its message).
 *
 * The microphone stays open while muted (`enabled = false`: unmuting is instant); the
 * camera is stopped when turned off so its light goes out, and reopened when turned on.
 *
 * A microphone or camera that ends by itself (unplugged, taken away by the system or a
 * revoked permission: `stop()` never fires `ended`) is reported through `onDeviceLost`.
 */
export class LocalMedia {
  microphone: MediaStreamTrack | null = null
  camera: MediaStreamTrack | null = null
  screen: ScreenCapture | null = null
  audioInputId: string | undefined
  videoInputId: string | undefined
  resolution: Resolution
  frameRate: FrameRate
  facingMode: FacingMode = 'user'

  /** The open microphone or camera ended without us stopping it (set by the call's controls). */
  onDeviceLost: ((kind: 'microphone' | 'camera') => void) | null = null

  /** What the device preview handed over and the call has not taken yet. */
  private handedOver: PreviewTracks

  constructor(prefs: MediaPreferences, handedOver: PreviewTracks = {}) {
    this.audioInputId = prefs.audioInputId
    this.videoInputId = prefs.videoInputId
    this.resolution = prefs.resolution
    this.frameRate = prefs.frameRate
    this.handedOver = { ...handedOver }
  }

  /** The microphone to start the call with: the preview's if it handed over a live one, else opened now. */
  async startMicrophone(): Promise<MediaStreamTrack> {
    const track = this.take('microphone')
    if (!track) return this.openMicrophone()
    this.microphone = this.watched(track, 'microphone')
    return track
  }

  /** The camera to start the call with: the preview's if it handed over a live one, else opened now. */
  async startCamera(): Promise<MediaStreamTrack> {
    const track = this.take('camera')
    if (!track) return this.openCamera()
    this.camera = this.watched(track, 'camera')
    return track
  }

  /** Stops the handed-over tracks the call did not take (camera off, no right to publish). */
  dropHandedOver(): void {
    this.take('microphone')?.stop()
    this.take('camera')?.stop()
  }

  private take(kind: keyof PreviewTracks): MediaStreamTrack | undefined {
    const track = this.handedOver[kind]
    delete this.handedOver[kind]
    if (track?.readyState === 'live') return track
    track?.stop() // ended meanwhile (device unplugged): open anew
    return undefined
  }

  /** Opens the microphone (the chosen one, or `deviceId`), replacing and stopping any open one. */
  async openMicrophone(deviceId = this.audioInputId): Promise<MediaStreamTrack> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: audioConstraints(deviceId) })
    const track = stream.getAudioTracks()[0]!
    const previous = this.microphone
    // A switch keeps the mute state.
    if (previous) track.enabled = previous.enabled
    previous?.stop()
    this.microphone = this.watched(track, 'microphone')
    this.audioInputId = deviceId
    return track
  }

  /**
   * Opens the camera: `deviceId` when given (a choice from the device list), else the
   * current one, or the current facing mode when a flip chose by direction.
   */
  async openCamera(deviceId = this.videoInputId): Promise<MediaStreamTrack> {
    const constraints = videoConstraints(this.resolution, this.frameRate, deviceId, deviceId ? undefined : this.facingMode)
    const stream = await navigator.mediaDevices.getUserMedia({ video: constraints })
    const track = stream.getVideoTracks()[0]!
    this.camera?.stop()
    this.camera = this.watched(track, 'camera')
    this.videoInputId = deviceId
    return track
  }

  /**
   * The device that was just lost is forgotten as the choice, so that the next open takes the
   * system's default (e.g. the laptop's own microphone once the headset is unplugged).
   */
  forgetLostDevice(kind: 'microphone' | 'camera'): void {
    if (kind === 'microphone') {
      this.microphone = null
      this.audioInputId = undefined
    } else {
      this.camera = null
      this.videoInputId = undefined
    }
  }

  /** Reports `track` through onDeviceLost if it ends while it is still the current one. */
  private watched(track: MediaStreamTrack, kind: 'microphone' | 'camera'): MediaStreamTrack {
    track.addEventListener?.('ended', () => {
      if ((kind === 'microphone' ? this.microphone : this.camera) === track) this.onDeviceLost?.(kind)
    })
    return track
  }

  stopCamera(): void {
    this.camera?.stop()
    this.camera = null
  }

  /** Front ↔ back camera (phones): reopens by facing mode instead of a device id. */
  async flipCamera(): Promise<MediaStreamTrack> {
    const previous = { facingMode: this.facingMode, videoInputId: this.videoInputId }
    this.facingMode = previous.facingMode === 'user' ? 'environment' : 'user'
    // Choose by direction from now on, not by the device picked before.
    this.videoInputId = undefined
    // Some phones cannot open a second camera while one is open.
    this.stopCamera()
    try {
      return await this.openCamera(undefined)
    } catch (error) {
      Object.assign(this, previous)
      throw error
    }
  }

  /** Changes resolution and frame rate of the running camera without reopening it. */
  async setVideoQuality(resolution: Resolution, frameRate: FrameRate): Promise<void> {
    this.resolution = resolution
    this.frameRate = frameRate
    if (!this.camera) return
    const size = RESOLUTIONS[resolution]
    await this.camera.applyConstraints({
      width: { ideal: size.width },
      height: { ideal: size.height },
      frameRate: { ideal: frameRate, max: frameRate },
    })
  }

  /**
   * Asks the user for a screen, window or tab. `onEnded` runs when the browser's own
   * "Stop sharing" ends it (not when stopScreenShare is called).
   */
  async startScreenShare(onEnded: () => void): Promise<ScreenCapture> {
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 15, max: 30 } },
      // Tab or system audio where the browser offers it (Chromium); ignored elsewhere.
      audio: true,
    })
    const video = stream.getVideoTracks()[0]!
    // Text on slides and code must stay sharp: prefer resolution over frame rate.
    if ('contentHint' in video) video.contentHint = 'detail'
    const capture: ScreenCapture = { video, audio: stream.getAudioTracks()[0] ?? null }
    video.addEventListener('ended', () => {
      if (this.screen === capture) onEnded()
    })
    this.stopScreenShare()
    this.screen = capture
    return capture
  }

  stopScreenShare(): void {
    const capture = this.screen
    this.screen = null
    capture?.video.stop()
    capture?.audio?.stop()
  }

  stopAll(): void {
    this.dropHandedOver()
    this.microphone?.stop()
    this.microphone = null
    this.stopCamera()
    this.stopScreenShare()
  }
}
