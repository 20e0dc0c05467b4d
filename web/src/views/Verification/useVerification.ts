import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { isApiError } from '@/api/http'
import type { PostingStatus } from '@/api/postings/types'
import { pickLocalized } from '@/locales'
import { can } from '@/router/access'
import { useUserStore } from '@/store/modules/user'
import { formatDateTime } from '@/utils/format'

/** Unix seconds as "YYYY-MM-DD HH:mm" in Asia/Shanghai. */
export function unixDateTime(s: number | null | undefined): string {
  if (!s) return ''
  return formatDateTime(new Date(s * 1000).toISOString())
}

/**
 * An API failure as the lines an official reads: the message, then each
 * field's reason (the rule that stopped the step, the file that was refused).
 */
export function useErrorLines() {
  const { t, locale } = useI18n()
  const lines = ref<string[]>([])
  function set(e: unknown) {
    if (!isApiError(e)) {
      lines.value = [t('common.unexpectedError')]
      return
    }
    const fields = e.fields.map((f) => pickLocalized(f.message, locale.value))
    lines.value = [pickLocalized(e.message, locale.value), ...fields]
  }
  function clear() {
    lines.value = []
  }
  return { lines, set, clear }
}

/** The life-cycle steps as shown: draft → submitted → verified → published → closed. */
export const LIFECYCLE: readonly PostingStatus[] = ['draft', 'submitted', 'verified', 'published', 'filled']

/** Index of the step a status stands at, and whether that step failed. */
export function lifecycleStep(status: PostingStatus): { active: number; failed: boolean } {
  if (status === 'rejected') return { active: 2, failed: true }
  if (status === 'expired') return { active: 4, failed: true }
  const i = LIFECYCLE.indexOf(status)
  return { active: i < 0 ? 0 : i, failed: false }
}

/** Which steps the signed-in user may take on a posting in `status`. */
export function useLifecycleActions(status: () => PostingStatus | undefined) {
  const store = useUserStore()
  return computed(() => {
    const s = status()
    const role = store.role
    const verifier = can(role, 'postingVerify')
    const submitter = can(role, 'postingSubmit')
    return {
      submit: submitter && (s === 'draft' || s === 'rejected'),
      verify: verifier && s === 'submitted',
      reject: verifier && s === 'submitted',
      publish: verifier && s === 'verified',
      close: submitter && s === 'published',
      blacklist: can(role, 'blacklist'),
    }
  })
}

/**
 * The last level of a full division name: "广西壮族自治区崇左市天等县" →
 * "天等县", "云南省昆明市" → "昆明市". (The suffixes are written as escapes:
 * this parses names, it is not text shown to anyone.)
 */
export function shortPlaceName(full: string): string {
  // (…省|…自治区|…特别行政区)? (…市|…自治州|…地区|…盟)? then the place itself.
  const m =
    /^(?:.*?(?:\u7701|\u81ea\u6cbb\u533a|\u7279\u522b\u884c\u653f\u533a))?(?:.*?(?:\u5e02|\u81ea\u6cbb\u5dde|\u5730\u533a|\u76df))?(.+)$/.exec(
      full,
    )
  return m?.[1] ?? full
}
