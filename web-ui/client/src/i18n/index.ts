import { createI18n } from 'vue-i18n'
import en from './locales/en'
import zhCN from './locales/zh-CN'

export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number]

/** Names shown in the language switcher, each in its own language. */
export const LOCALE_NAMES: Record<SupportedLocale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
}

const STORAGE_KEY = 'convene.locale'

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

/**
 * Maps the browser's preferred languages to a supported locale: any Chinese variant
 * written in simplified script (zh, zh-CN, zh-SG, zh-Hans-*) → zh-CN, everything else → en.
 */
export function detectLocale(preferred: readonly string[]): SupportedLocale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    if (lower === 'zh' || lower === 'zh-cn' || lower === 'zh-sg' || lower.startsWith('zh-hans')) return 'zh-CN'
    if (lower.startsWith('en')) return 'en'
  }
  return 'en'
}

/** Stored choice first, then navigator.languages / navigator.language. */
export function initialLocale(): SupportedLocale {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (isSupportedLocale(stored)) return stored
  } catch {
    // storage may be unavailable (privacy mode); fall through
  }
  const nav = globalThis.navigator
  const preferred = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []
  return detectLocale(preferred)
}

export function rememberLocale(locale: SupportedLocale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // ignore: the choice then lasts for this page only
  }
}

export function createAppI18n(locale: SupportedLocale = initialLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
  })
}
