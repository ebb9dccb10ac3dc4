import { describe, expect, it } from 'vitest'
import { DEFAULT_MEDIA_PREFERENCES } from '@/meeting/contract'
import { loadPreferences, parsePreferences, savePreferences } from './preferences'

describe('media preferences', () => {
  it('round-trip through storage', () => {
    const data = new Map<string, string>()
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
    const prefs = { ...DEFAULT_MEDIA_PREFERENCES, videoInputId: 'cam-2', startMuted: true, resolution: '1080p' as const, frameRate: 15 as const }
    savePreferences(prefs, storage)
    expect(loadPreferences(storage)).toEqual(prefs)
  })

  it('fall back to the defaults for missing or unreadable data', () => {
    expect(parsePreferences(null)).toEqual(DEFAULT_MEDIA_PREFERENCES)
    expect(parsePreferences('{not json')).toEqual(DEFAULT_MEDIA_PREFERENCES)
    expect(parsePreferences('"a string"')).toEqual(DEFAULT_MEDIA_PREFERENCES)
    expect(loadPreferences(undefined)).toEqual(DEFAULT_MEDIA_PREFERENCES)
  })

  it('keep only valid values', () => {
    const parsed = parsePreferences(JSON.stringify({ resolution: '4k', frameRate: 60, startMuted: 'yes', audioInputId: 7, videoInputId: '' }))
    expect(parsed).toEqual(DEFAULT_MEDIA_PREFERENCES)
  })

  it('survive a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('full')
      },
    }
    expect(loadPreferences(broken)).toEqual(DEFAULT_MEDIA_PREFERENCES)
    expect(() => savePreferences(DEFAULT_MEDIA_PREFERENCES, broken)).not.toThrow()
  })
})
