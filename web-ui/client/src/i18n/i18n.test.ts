import { baseCompile } from '@intlify/message-compiler'
import { describe, expect, it } from 'vitest'
import { detectLocale } from './index'
import en from './locales/en'
import zhCN from './locales/zh-CN'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

function flatten(obj: object, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(obj).flatMap(([k, v]) =>
      typeof v === 'object' && v !== null ? Object.entries(flatten(v, `${prefix}${k}.`)) : [[`${prefix}${k}`, String(v)]],
    ),
  )
}

function placeholders(obj: object): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'object' && v !== null) walk(v, `${prefix}${k}.`)
      else out[`${prefix}${k}`] = [...String(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
    }
  }
  walk(obj, '')
  return out
}

describe('messages', () => {
  it('Simplified Chinese has exactly the English keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
  })
  it('every message compiles (a stray @, | or brace would break it at run time)', () => {
    const broken: string[] = []
    for (const [locale, messages] of [['en', en], ['zh-CN', zhCN]] as const) {
      for (const [key, text] of Object.entries(flatten(messages))) {
        baseCompile(text, { onError: (e) => broken.push(`${locale} ${key}: ${e.message}`) })
      }
    }
    expect(broken).toEqual([])
  })
  it('every translation uses the same placeholders as English', () => {
    expect(placeholders(zhCN)).toEqual(placeholders(en))
  })
})

describe('detectLocale', () => {
  it('picks Simplified Chinese for simplified-script Chinese tags', () => {
    expect(detectLocale(['zh-CN'])).toBe('zh-CN')
    expect(detectLocale(['zh'])).toBe('zh-CN')
    expect(detectLocale(['zh-Hans-HK', 'en'])).toBe('zh-CN')
  })
  it('falls back to English otherwise, honouring order of preference', () => {
    expect(detectLocale(['en-GB', 'zh-CN'])).toBe('en')
    expect(detectLocale(['de-DE'])).toBe('en')
    expect(detectLocale([])).toBe('en')
  })
})
