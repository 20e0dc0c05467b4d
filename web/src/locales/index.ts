import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import type { LocalizedText } from '@/api/types'

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'xiezuo.locale'

export function isAppLocale(v: unknown): v is AppLocale {
  return typeof v === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(v)
}

/** The stored choice, else zh-CN: the console is Chinese first whatever the browser says. */
export function initialLocale(): AppLocale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (isAppLocale(stored)) return stored
  } catch {
    /* storage may be unavailable */
  }
  return DEFAULT_LOCALE
}

export const messages = { 'zh-CN': zhCN, en }

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

/** Picks the server text for `locale`; strings (older payloads) are shown as they are. */
export function pickLocalized(text: LocalizedText | string | null | undefined, locale: string): string {
  if (!text) return ''
  if (typeof text === 'string') return text
  return (locale === 'en' ? text.en || text.zh : text.zh || text.en) ?? ''
}
