import { DEFAULT_MEDIA_PREFERENCES, type FrameRate, type MediaPreferences, type Resolution } from '@/meeting/contract'

/**
 * The device preview's choices are remembered in localStorage, so the next meeting starts
 * with the same camera, microphone and quality. Anything unreadable falls back to the defaults.
 */

const STORAGE_KEY = 'convene.mediaPreferences'

export const RESOLUTION_CHOICES: readonly Resolution[] = ['360p', '720p', '1080p']
export const FRAME_RATE_CHOICES: readonly FrameRate[] = [15, 30]

export function parsePreferences(raw: string | null | undefined): MediaPreferences {
  const prefs: MediaPreferences = { ...DEFAULT_MEDIA_PREFERENCES }
  if (!raw) return prefs
  let value: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(raw)
    if (!parsed || typeof parsed !== 'object') return prefs
    value = parsed as Record<string, unknown>
  } catch {
    return prefs
  }
  for (const key of ['audioInputId', 'videoInputId', 'audioOutputId'] as const) {
    const id = value[key]
    if (typeof id === 'string' && id) prefs[key] = id
  }
  if (typeof value.startMuted === 'boolean') prefs.startMuted = value.startMuted
  if (typeof value.startCameraOff === 'boolean') prefs.startCameraOff = value.startCameraOff
  if (RESOLUTION_CHOICES.includes(value.resolution as Resolution)) prefs.resolution = value.resolution as Resolution
  if (FRAME_RATE_CHOICES.includes(value.frameRate as FrameRate)) prefs.frameRate = value.frameRate as FrameRate
  return prefs
}

export function loadPreferences(storage: Pick<Storage, 'getItem'> | undefined = localStorageOrNone()): MediaPreferences {
  try {
    return parsePreferences(storage?.getItem(STORAGE_KEY))
  } catch {
    return { ...DEFAULT_MEDIA_PREFERENCES }
  }
}

export function savePreferences(
  prefs: MediaPreferences,
  storage: Pick<Storage, 'setItem'> | undefined = localStorageOrNone(),
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(prefs))
  } catch {
    // storage full or disabled: the choices last for this page only
  }
}

function localStorageOrNone(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}
