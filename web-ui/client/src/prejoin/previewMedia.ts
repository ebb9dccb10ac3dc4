import { audioConstraints, videoConstraints } from '@/media/devices'
import type { MediaPreferences } from '@/meeting/contract'

/**
 * Opens the camera and microphone for the device preview, getting as much as the browser
 * allows: both, else the microphone alone (camera denied, absent or busy), else the camera
 * alone. With "camera off" only the microphone is opened, so the camera light stays off.
 * A remembered device that is gone fails with OverconstrainedError/NotFoundError: then the
 * default devices are tried and `usedDefaults` tells the page to forget the old choice.
 */
export interface PreviewMedia {
  stream: MediaStream | null
  cameraError?: unknown
  microphoneError?: unknown
  usedDefaults: boolean
}

type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>

export async function openPreviewMedia(prefs: MediaPreferences, getUserMedia: GetUserMedia = defaultGetUserMedia): Promise<PreviewMedia> {
  const first = await openBest(prefs, getUserMedia)
  const namedDevice = prefs.audioInputId || prefs.videoInputId
  if (namedDevice && (isMissingDevice(first.cameraError) || isMissingDevice(first.microphoneError))) {
    first.stream?.getTracks().forEach((track) => track.stop())
    const defaults = { ...prefs, audioInputId: undefined, videoInputId: undefined }
    return { ...(await openBest(defaults, getUserMedia)), usedDefaults: true }
  }
  return first
}

async function openBest(prefs: MediaPreferences, getUserMedia: GetUserMedia): Promise<PreviewMedia> {
  const audio = audioConstraints(prefs.audioInputId)
  if (prefs.startCameraOff) {
    try {
      return { stream: await getUserMedia({ audio }), usedDefaults: false }
    } catch (microphoneError) {
      return { stream: null, microphoneError, usedDefaults: false }
    }
  }
  const video = videoConstraints(prefs.resolution, prefs.frameRate, prefs.videoInputId)
  let bothError: unknown
  try {
    return { stream: await getUserMedia({ audio, video }), usedDefaults: false }
  } catch (error) {
    bothError = error
  }
  try {
    return { stream: await getUserMedia({ audio }), cameraError: bothError, usedDefaults: false }
  } catch {
    // no microphone either: try the camera alone
  }
  try {
    return { stream: await getUserMedia({ video }), microphoneError: bothError, usedDefaults: false }
  } catch {
    // Nothing works; report one error for both (typically "permission denied").
    return { stream: null, cameraError: bothError, microphoneError: bothError, usedDefaults: false }
  }
}

function isMissingDevice(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name
  return name === 'OverconstrainedError' || name === 'NotFoundError'
}

function defaultGetUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia(constraints)
}
