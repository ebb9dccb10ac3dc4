import { describe, expect, it } from 'vitest'
import { splitLinks } from './linkify'

describe('splitLinks', () => {
  it('finds http and https links between text', () => {
    expect(splitLinks('see https://example.org/a?b=1 and http://x.test.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { kind: 'text', text: '.' },
    ])
  })

  it('leaves other schemes and markup as plain text', () => {
    const text = 'javascript:alert(1) <a href="https://evil">x</a> data:text/html,hi'
    expect(splitLinks(text).filter((s) => s.kind === 'link').map((s) => s.text)).toEqual(['https://evil'])
    expect(splitLinks('no links here')).toEqual([{ kind: 'text', text: 'no links here' }])
  })

  it('gives back the text unchanged when joined', () => {
    const text = 'a https://b.test/(c) d\nhttps://e.test!'
    expect(splitLinks(text).map((s) => s.text).join('')).toBe(text)
  })
})
