import type { FrameRate, MediaPreferences, Resolution } from '@/meeting/contract'

/**
 * Local camera/microphone access shared by the device preview (pre-join) and the call.
 * Browsers only reveal device labels after a permission grant, so list devices after
 * the first getUserMedia.
 */

export interface DeviceLists {
  audioInputs: MediaDeviceInfo[]
  videoInputs: MediaDeviceInfo[]
  audioOutputs: MediaDeviceInfo[]
}

export const RESOLUTIONS: Record<Resolution, { width: number; height: number }> = {
  '360p': { width: 640, height: 360 },
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
}

export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices()
  return {
    audioInputs: all.filter((d) => d.kind === 'audioinput'),
    videoInputs: all.filter((d) => d.kind === 'videoinput'),
    audioOutputs: all.filter((d) => d.kind === 'audiooutput'),
  }
}

/** Microphone constraints: echo cancellation and noise suppression always on. */
export function audioConstraints(deviceId?: string): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  }
}

/**
 * Camera constraints. `ideal` sizes so a camera that cannot do 1080p still opens;
 * `facingMode` picks front ('user') or back ('environment') camera on phones.
 */
export function videoConstraints(
  resolution: Resolution,
  frameRate: FrameRate,
  deviceId?: string,
  facingMode?: 'user' | 'environment',
): MediaTrackConstraints {
  const size = RESOLUTIONS[resolution]
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : facingMode ? { facingMode } : {}),
    width: { ideal: size.width },
    height: { ideal: size.height },
    frameRate: { ideal: frameRate, max: frameRate },
  }
}

/**
 * Opens microphone and camera per the preferences. Both tracks are always requested
 * (muting disables a track instead of stopping it, so unmuting needs no new prompt);
 * if the camera fails (denied, busy, absent) the microphone alone is tried, and the
 * camera error is reported through `cameraError`.
 */
export async function openLocalMedia(prefs: MediaPreferences): Promise<{ stream: MediaStream; cameraError?: unknown }> {
  const audio = audioConstraints(prefs.audioInputId)
  const video = videoConstraints(prefs.resolution, prefs.frameRate, prefs.videoInputId)
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio, video }) }
  } catch (cameraError) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio })
    return { stream, cameraError }
  }
}

/** i18n key for a getUserMedia/getDisplayMedia failure (the media.errors keys of the errors locale files). */
export function mediaErrorKey(error: unknown): string {
  switch ((error as DOMException | undefined)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'media.errors.denied'
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'media.errors.notFound'
    case 'NotReadableError':
    case 'AbortError':
      return 'media.errors.busy'
    default:
      return 'media.errors.unknown'
  }
}

/**
 * Calls `onLevel` with the input level (0…1, RMS) about 15 times a second until the
 * returned function is called. Used by the pre-join meter and the speaking indicator.
 */
export function createLevelMeter(stream: MediaStream, onLevel: (level: number) => void): () => void {
  // A meter plays nothing: where the browser allows it (Chromium ≥ 110), the context renders
  // without an audio output device, so no device thread wakes every few milliseconds for it.
  const context = new AudioContext(silentSinkSupported() ? ({ sinkId: { type: 'none' } } as AudioContextOptions) : undefined)
  // Autoplay policy: a context made before any user gesture starts suspended (meter at 0).
  void context.resume().catch(() => undefined)
  const source = context.createMediaStreamSource(stream)
  const analyser = context.createAnalyser()
  analyser.fftSize = 512
  source.connect(analyser)
  const samples = new Float32Array(analyser.fftSize)
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples)
    onLevel(rmsLevel(samples))
  }, 66)
  return () => {
    clearInterval(timer)
    source.disconnect()
    void context.close()
  }
}

function silentSinkSupported(): boolean {
  return typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype
}

/** Root-mean-square of the samples, scaled so normal speech reaches ~0.5–1. */
export function rmsLevel(samples: Float32Array): number {
  let sum = 0
  for (const s of samples) sum += s * s
  const rms = Math.sqrt(sum / Math.max(1, samples.length))
  return Math.min(1, rms * 4)
}

/** Whether the browser can choose the speaker a media element plays on (setSinkId). */
export function supportsAudioOutputSelection(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype
}

/** Whether the browser can share a screen (desktop browsers; most phones cannot). */
export function supportsScreenShare(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function'
}
