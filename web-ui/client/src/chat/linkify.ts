/**
 * Finds web links in a message so the view can render them as <a> elements built by Vue
 * (never as HTML: message text is untrusted and is only ever rendered as text nodes).
 */

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/gi
/** Punctuation that usually ends the sentence rather than the address: "see https://x.org." */
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/

function asHttpUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  } catch {
    return undefined
  }
}

export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let textStart = 0
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const linkText = match[0].replace(TRAILING_PUNCTUATION, '')
    const href = asHttpUrl(linkText)
    if (!href) continue
    const start = match.index
    if (start > textStart) segments.push({ kind: 'text', text: text.slice(textStart, start) })
    segments.push({ kind: 'link', text: linkText, href })
    textStart = start + linkText.length
  }
  if (textStart < text.length) segments.push({ kind: 'text', text: text.slice(textStart) })
  return segments
}
