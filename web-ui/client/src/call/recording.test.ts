import { describe, expect, it } from 'vitest'
import { initials } from './names'
import { pickRecordingMimeType, recordingFileName } from './recording'

describe('pickRecordingMimeType', () => {
  it('prefers VP8 + Opus WebM', () => {
    expect(pickRecordingMimeType(() => true)).toBe('video/webm;codecs=vp8,opus')
  })
  it('falls back to what the browser has (Safari: MP4)', () => {
    expect(pickRecordingMimeType((t) => t === 'video/mp4')).toBe('video/mp4')
    expect(pickRecordingMimeType(() => false)).toBeNull()
  })
})

describe('recordingFileName', () => {
  it('names the file after the room and the start time, with the matching extension', () => {
    const at = new Date(2026, 10, 21, 9, 5)
    expect(recordingFileName('abc-defg-hij', at, 'video/webm;codecs=vp8,opus')).toBe('convene-abc-defg-hij-2026-11-21-0905.webm')
    expect(recordingFileName('abc-defg-hij', at, 'video/mp4')).toBe('convene-abc-defg-hij-2026-11-21-0905.mp4')
  })
})

describe('initials', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('ada  de la lovelace ')).toBe('AL')
    expect(initials('Bob')).toBe('B')
    expect(initials('张三')).toBe('张')
    expect(initials('  ')).toBe('?')
    expect(initials('😀 Smile')).toBe('😀S')
  })
})
