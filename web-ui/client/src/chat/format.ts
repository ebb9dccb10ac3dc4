/** Small formatting and text rules of the chat, kept pure so they are unit-tested. */
import { ApiError } from '@/api/http'

/** chat-service's limit (`convene.chat.messages.max-length`), counted in Unicode code points. */
export const MAX_MESSAGE_LENGTH = 4000

/** Length as chat-service counts it: code points, so an emoji like 😀 counts as 1, not 2. */
export function codePointLength(text: string): number {
  return [...text].length
}

/**
 * The text as chat-service accepts it: line breaks as `\n`, no other control characters
 * than `\n` and `\t` (pasted text can carry `\r`, NUL, escapes), no unpaired surrogates.
 */
export function cleanMessageText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
}

/** Whether the composer's text may be sent: not blank and within the limit. */
export function isSendable(text: string): boolean {
  const cleaned = cleanMessageText(text)
  return cleaned.trim().length > 0 && codePointLength(cleaned) <= MAX_MESSAGE_LENGTH
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'] as const

/** 1536 → "1.5 KB" (binary units, as the server's limits are; numbers in the user's locale). */
export function formatFileSize(bytes: number, locale: string): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)
  return `${number} ${SIZE_UNITS[unit]}`
}

/**
 * Shortens a long file name in the middle so that its end and extension stay visible:
 * "quarterly-report-final-version-2.pdf" → "quarterly-rep…ion-2.pdf". Counts code points.
 */
export function shortenFileName(name: string, maxLength = 40): string {
  const chars = [...name]
  if (chars.length <= maxLength) return name
  const keepEnd = Math.ceil((maxLength - 1) / 3)
  const keepStart = maxLength - 1 - keepEnd
  return `${chars.slice(0, keepStart).join('')}…${chars.slice(chars.length - keepEnd).join('')}`
}

/** chat-service's default upload limit (`convene.chat.files.max-size`, 25M). */
const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024

/**
 * The upload limit in MB for the "file too large" message. chat-service's 413 says
 * "The body exceeds N bytes"; if the message has no number, its default limit is assumed.
 */
export function uploadLimitMb(error: unknown): number {
  const match = error instanceof ApiError ? /(\d+)\s*bytes/.exec(error.message) : null
  const bytes = match ? Number(match[1]) : DEFAULT_MAX_UPLOAD_BYTES
  return Math.round((bytes / (1024 * 1024)) * 10) / 10
}

/** A message's time: just the time for today, date and time otherwise. */
export function formatMessageTime(iso: string, locale: string, now: Date = new Date()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const sameDay = date.toDateString() === now.toDateString()
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { timeStyle: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' }
  return new Intl.DateTimeFormat(locale, options).format(date)
}

/** Image types browsers render safely from a blob; chat-service serves these with their real type. */
const PREVIEWABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
/** Larger images are not fetched for a thumbnail; they can still be downloaded. */
const MAX_PREVIEW_BYTES = 5 * 1024 * 1024

export function isPreviewableImage(contentType: string, size: number): boolean {
  return PREVIEWABLE_IMAGES.has(contentType.split(';')[0]!.trim().toLowerCase()) && size <= MAX_PREVIEW_BYTES
}
