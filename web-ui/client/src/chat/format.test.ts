import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import {
  MAX_MESSAGE_LENGTH,
  cleanMessageText,
  codePointLength,
  formatFileSize,
  formatMessageTime,
  isPreviewableImage,
  isSendable,
  shortenFileName,
  uploadLimitMb,
} from './format'

describe('message text', () => {
  it('counts code points like chat-service (an emoji is one)', () => {
    expect(codePointLength('hi 😀')).toBe(4)
    expect(isSendable('😀'.repeat(MAX_MESSAGE_LENGTH))).toBe(true)
    expect(isSendable('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toBe(false)
  })

  it('refuses blank text', () => {
    expect(isSendable('  \n\t ')).toBe(false)
    expect(isSendable('')).toBe(false)
  })

  it('removes what chat-service refuses: CR, other controls, lone surrogates; keeps newlines and tabs', () => {
    expect(cleanMessageText('a\r\nb\rc')).toBe('a\nb\nc')
    expect(cleanMessageText('x\u0000y\u001b[31mz\u0085')).toBe('xy[31mz')
    expect(cleanMessageText('tab\there\nnext')).toBe('tab\there\nnext')
    expect(cleanMessageText('bad \ud800 half, fine 😀')).toBe('bad  half, fine 😀')
  })
})

describe('files', () => {
  it('formats sizes in binary units', () => {
    expect(formatFileSize(0, 'en')).toBe('0 B')
    expect(formatFileSize(1023, 'en')).toBe('1,023 B')
    expect(formatFileSize(1536, 'en')).toBe('1.5 KB')
    expect(formatFileSize(25 * 1024 * 1024, 'en')).toBe('25 MB')
    expect(formatFileSize(3 * 1024 ** 3, 'zh-CN')).toBe('3 GB')
  })

  it('shortens long names in the middle, keeping the extension', () => {
    expect(shortenFileName('short.pdf')).toBe('short.pdf')
    expect(shortenFileName('quarterly-report-final-version-2-really-final.pdf', 24)).toBe('quarterly-repor…inal.pdf')
    expect([...shortenFileName('照片'.repeat(30) + '.jpg', 10)]).toHaveLength(10)
  })

  it('reads the upload limit from the 413 message, else assumes the default 25 MB', () => {
    expect(uploadLimitMb(new ApiError(413, 'payload_too_large', 'The body exceeds 2097152 bytes'))).toBe(2)
    expect(uploadLimitMb(new ApiError(413, 'payload_too_large', 'too large'))).toBe(25)
  })

  it('previews only small images of types browsers render safely', () => {
    expect(isPreviewableImage('image/png', 1000)).toBe(true)
    expect(isPreviewableImage('image/jpeg; charset=binary', 1000)).toBe(true)
    expect(isPreviewableImage('image/svg+xml', 1000)).toBe(false)
    expect(isPreviewableImage('application/octet-stream', 1000)).toBe(false)
    expect(isPreviewableImage('image/png', 50 * 1024 * 1024)).toBe(false)
  })
})

describe('formatMessageTime', () => {
  const now = new Date(2025, 5, 10, 15, 0)

  it('shows only the time for today, and the date too for earlier days', () => {
    const today = formatMessageTime(new Date(2025, 5, 10, 9, 5).toISOString(), 'en', now)
    const earlier = formatMessageTime(new Date(2025, 5, 1, 9, 5).toISOString(), 'en', now)
    expect(today).toMatch(/9:05/)
    expect(today).not.toMatch(/Jun/)
    expect(earlier).toMatch(/Jun/)
  })

  it('gives nothing for an unreadable instant', () => {
    expect(formatMessageTime('not a date', 'en', now)).toBe('')
  })
})
