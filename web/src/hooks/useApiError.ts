import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { useI18n } from 'vue-i18n'
import { isApiError } from '@/api/http'
import { pickLocalized } from '@/locales'

/**
 * Shows a failed call to the user in the current language. A 401 is not shown:
 * the HTTP wrapper has already sent the user to the sign-in page.
 */
export function useApiError() {
  const { t, locale } = useI18n()

  function messageOf(e: unknown): string {
    if (isApiError(e)) return pickLocalized(e.message, locale.value)
    return t('common.unexpectedError')
  }

  function showError(e: unknown): void {
    if (isApiError(e) && (e.status === 401 || e.code === 'aborted')) return
    ElMessage.error({ message: messageOf(e), grouping: true })
  }

  return { messageOf, showError }
}
