import type { FrameRate, MediaPreferences, Resolution } from '@/meeting/contract'
import { mediaErrorKey } from '@/media/devices'
import type { LocalMedia } from '@/media/localMedia'
import { can, type CallState } from './callState'
import type { MediaState } from './protocol'
import type { SendSlot } from './transport'

/** How the call reports to the user: translated toasts (stores/toasts.ts has this shape). */
export interface Notifier {
  error(key: string, params?: Record<string, unknown>): void
  info(key: string, params?: Record<string, unknown>): void
}

export interface LocalControlsContext {
  state: CallState
  media: LocalMedia
  /** Sends a track to everyone (the session forwards to the current transport, if any). */
  send(slot: SendSlot, track: MediaStreamTrack | null, isScreen?: boolean): Promise<void>
  /** Tells the others (`state` message). */
  announce(change: Partial<MediaState>): void
  notify: Notifier
  /** The microphone track changed (the speaking detector listens to it). */
  microphoneChanged(track: MediaStreamTrack | null): void
}

/**
 * The user's own media: microphone, camera, screen share, raised hand and device
 * choices. Each action changes the local tracks, what the transport sends, the state the
 * UI shows, and what the others are told — in that order, so nobody is told "camera on"
 * before the picture can arrive.
 */
export class LocalControls {
  /** After stop(): a device that finishes opening late is closed at once (no camera light left on). */
  private stopped = false

  constructor(private readonly ctx: LocalControlsContext) {
    ctx.media.onDeviceLost = (kind) => void this.deviceLost(kind)
  }

  private get state(): CallState {
    return this.ctx.state
  }

  /** The tracks to send right now, per slot (for a transport that starts later). */
  currentTracks(): Record<SendSlot, MediaStreamTrack | null> {
    const { media } = this.ctx
    return {
      audio: media.microphone,
      video: this.videoToSend(),
      screenAudio: media.screen?.audio ?? null,
    }
  }

  /** Opens what the pre-join choices ask for. Failures become toasts; the call goes on without. */
  async start(prefs: MediaPreferences): Promise<void> {
    if (!can(this.state, 'publish')) {
      this.ctx.media.dropHandedOver()
      return
    }
    // The preview's tracks when it handed them over (no second getUserMedia on the join path).
    const [mic, camera] = await Promise.allSettled([
      this.ctx.media.startMicrophone(),
      prefs.startCameraOff ? Promise.resolve(null) : this.ctx.media.startCamera(),
    ])
    this.ctx.media.dropHandedOver()
    if (this.releasedAfterStop()) return
    if (mic.status === 'fulfilled') {
      mic.value.enabled = !prefs.startMuted
      this.state.localAudio = mic.value
      this.state.self.mic = !prefs.startMuted
      this.ctx.microphoneChanged(mic.value)
      await this.ctx.send('audio', mic.value)
    } else {
      this.ctx.notify.error(mediaErrorKey(mic.reason))
    }
    if (camera.status === 'fulfilled' && camera.value) {
      this.state.self.camera = true
      await this.showAndSendVideo()
    } else if (camera.status === 'rejected') {
      this.ctx.notify.error(mediaErrorKey(camera.reason))
    }
    this.ctx.announce({ mic: this.state.self.mic, camera: this.state.self.camera })
  }

  async toggleMic(): Promise<void> {
    if (!can(this.state, 'publish')) return
    const { media } = this.ctx
    if (!media.microphone) {
      // It failed at the start (denied, absent): the click is the moment to ask again.
      try {
        const track = await media.openMicrophone()
        if (this.releasedAfterStop()) return
        this.state.localAudio = track
        this.ctx.microphoneChanged(track)
        await this.ctx.send('audio', track)
      } catch (error) {
        this.ctx.notify.error(mediaErrorKey(error))
        return
      }
    }
    this.setMic(!this.state.self.mic)
  }

  /** A host asked us to mute. Returns whether anything changed. */
  muteOnRequest(): boolean {
    if (!this.state.self.mic) return false
    this.setMic(false)
    return true
  }

  async toggleCamera(): Promise<void> {
    if (!can(this.state, 'publish') || this.state.busy.camera) return
    this.state.busy.camera = true
    try {
      if (this.state.self.camera) {
        this.ctx.media.stopCamera()
        this.state.self.camera = false
        await this.showAndSendVideo()
      } else {
        await this.ctx.media.openCamera()
        if (this.releasedAfterStop()) return
        this.state.self.camera = true
        await this.showAndSendVideo()
      }
      this.ctx.announce({ camera: this.state.self.camera })
    } catch (error) {
      this.ctx.notify.error(mediaErrorKey(error))
    } finally {
      this.state.busy.camera = false
    }
  }

  async toggleScreenShare(): Promise<void> {
    if (this.state.busy.screen) return
    if (this.state.self.screen) {
      await this.stopScreenShare()
      return
    }
    if (!can(this.state, 'screen')) return
    this.state.busy.screen = true
    try {
      const capture = await this.ctx.media.startScreenShare(() => void this.stopScreenShare())
      if (this.releasedAfterStop()) return
      this.state.self.screen = true
      await this.showAndSendVideo()
      this.state.localScreenAudio = capture.audio
      await this.ctx.send('screenAudio', capture.audio)
      this.ctx.announce({ screen: true })
    } catch (error) {
      // Closing the browser's picker is a choice, not an error.
      if ((error as DOMException)?.name !== 'NotAllowedError') this.ctx.notify.error('meeting.errors.screenShareFailed')
    } finally {
      this.state.busy.screen = false
    }
  }

  /** Back to the camera (also when the browser's own "Stop sharing" was used). */
  async stopScreenShare(): Promise<void> {
    if (!this.state.self.screen) return
    this.ctx.media.stopScreenShare()
    this.state.self.screen = false
    await this.showAndSendVideo()
    this.state.localScreenAudio = null
    await this.ctx.send('screenAudio', null)
    this.ctx.announce({ screen: false })
  }

  toggleHand(): void {
    this.state.self.hand = !this.state.self.hand
    this.ctx.announce({ hand: this.state.self.hand })
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    try {
      const track = await this.ctx.media.openMicrophone(deviceId)
      if (this.releasedAfterStop()) return
      this.state.devices.audioInputId = deviceId
      this.state.localAudio = track
      this.ctx.microphoneChanged(track)
      await this.ctx.send('audio', track)
    } catch (error) {
      this.ctx.notify.error(mediaErrorKey(error))
    }
  }

  async selectCamera(deviceId: string): Promise<void> {
    this.state.devices.videoInputId = deviceId
    if (!this.state.self.camera) {
      // Used the next time the camera is turned on.
      this.ctx.media.videoInputId = deviceId
      return
    }
    await this.reopenCamera(() => this.ctx.media.openCamera(deviceId))
  }

  async flipCamera(): Promise<void> {
    if (!this.state.self.camera) return
    await this.reopenCamera(() => this.ctx.media.flipCamera())
    this.state.devices.facingMode = this.ctx.media.facingMode
    this.state.devices.videoInputId = this.ctx.media.videoInputId
  }

  async setVideoQuality(resolution: Resolution, frameRate: FrameRate): Promise<void> {
    this.state.devices.resolution = resolution
    this.state.devices.frameRate = frameRate
    try {
      await this.ctx.media.setVideoQuality(resolution, frameRate)
    } catch {
      // The camera keeps its current mode; the choice applies when it is next opened.
      this.ctx.notify.info('meeting.errors.videoQualityUnavailable')
    }
  }

  selectSpeaker(deviceId: string): void {
    this.state.devices.audioOutputId = deviceId
  }

  /**
   * The microphone or camera in use went away (unplugged, taken by the system). The call carries
   * on with the system's default device of that kind if there is one, saying so; otherwise
   * without it: the microphone shows muted, the camera off, and the others are told.
   */
  async deviceLost(kind: 'microphone' | 'camera'): Promise<void> {
    if (this.stopped) return
    const { media } = this.ctx
    media.forgetLostDevice(kind)
    if (kind === 'microphone') {
      this.state.devices.audioInputId = undefined
      try {
        const track = await media.openMicrophone()
        if (this.releasedAfterStop()) return
        track.enabled = this.state.self.mic // muted stays muted
        this.state.localAudio = track
        this.ctx.microphoneChanged(track)
        await this.ctx.send('audio', track)
        this.ctx.notify.info('meeting.devices.microphoneReplaced', { name: track.label })
      } catch {
        this.state.localAudio = null
        this.ctx.microphoneChanged(null)
        await this.ctx.send('audio', null)
        if (this.state.self.mic) this.setMic(false)
        this.ctx.notify.error('meeting.devices.microphoneLost')
      }
      return
    }
    this.state.devices.videoInputId = undefined
    if (!this.state.self.camera) return // it was off: the next "camera on" opens the default
    this.state.busy.camera = true
    try {
      const track = await media.openCamera()
      if (this.releasedAfterStop()) return
      this.ctx.notify.info('meeting.devices.cameraReplaced', { name: track.label })
    } catch {
      this.state.self.camera = false
      this.ctx.announce({ camera: false })
      this.ctx.notify.error('meeting.devices.cameraLost')
    } finally {
      this.state.busy.camera = false
    }
    await this.showAndSendVideo()
  }

  stop(): void {
    this.stopped = true
    this.ctx.media.stopAll()
    this.state.localVideo = null
    this.state.localAudio = null
    this.state.localScreenAudio = null
    this.ctx.microphoneChanged(null)
  }

  private releasedAfterStop(): boolean {
    if (this.stopped) this.ctx.media.stopAll()
    return this.stopped
  }

  private setMic(on: boolean): void {
    const track = this.ctx.media.microphone
    if (track) track.enabled = on
    this.state.self.mic = on && !!track
    this.ctx.announce({ mic: this.state.self.mic })
  }

  private async reopenCamera(open: () => Promise<MediaStreamTrack>): Promise<void> {
    if (this.state.busy.camera) return
    this.state.busy.camera = true
    try {
      await open()
      if (this.releasedAfterStop()) return
    } catch (error) {
      this.ctx.notify.error(mediaErrorKey(error))
      // The old camera may be gone (flip stops it first): show what is left.
      if (!this.ctx.media.camera) {
        this.state.self.camera = false
        this.ctx.announce({ camera: false })
      }
    } finally {
      this.state.busy.camera = false
    }
    await this.showAndSendVideo()
  }

  /** The video slot carries the screen while sharing, else the camera if it is on. */
  private videoToSend(): MediaStreamTrack | null {
    const { media } = this.ctx
    return media.screen?.video ?? (this.state.self.camera ? media.camera : null)
  }

  private async showAndSendVideo(): Promise<void> {
    const track = this.videoToSend()
    this.state.localVideo = track
    await this.ctx.send('video', track, this.ctx.media.screen?.video === track && track !== null)
  }
}
