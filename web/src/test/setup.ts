/**
 * Helpers for component tests: a fresh i18n (zh-CN unless asked) and Pinia
 * for each mount.
 */
import { createPinia, setActivePinia } from 'pinia'
import { createI18n } from 'vue-i18n'
import { messages, type AppLocale } from '@/locales'

export function makeI18n(locale: AppLocale = 'zh-CN') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages, missingWarn: false, fallbackWarn: false })
}

export function freshPinia() {
  const pinia = createPinia()
  setActivePinia(pinia)
  return pinia
}

/** A Response-like answer for a mocked fetch. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(status === 204 ? null : text, {
    status,
    headers: { 'Content-Type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers },
  })
}
