import { useI18n } from 'vue-i18n'
import type { LocalizedText } from '@/api/types'
import { pickLocalized } from '@/locales'

/** Returns a function that shows a server {zh,en} text in the current console language. */
export function useLocalized() {
  const { locale } = useI18n()
  return (text: LocalizedText | string | null | undefined) => pickLocalized(text, locale.value)
}
