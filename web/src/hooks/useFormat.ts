import { useI18n } from 'vue-i18n'
import type { PayType } from '@/api/postings/types'
import { formatDate, formatDateTime, groupThousands } from '@/utils/format'

/**
 * Hourly postings carry either the hourly rate (under 200 yuan, as the
 * minimum-wage rule reads it) or, as most lists give it, the month's
 * equivalent: the unit follows the figure, never "4,872 元/小时".
 */
export function wageKey(min: number, pay: PayType): PayType | 'hourlyMonthly' {
  return pay === 'hourly' && min >= 200 ? 'hourlyMonthly' : pay
}

/** Display helpers bound to the current language: "5,500 元", "19–25 元/小时", dates. */
export function useFormat() {
  const { t } = useI18n()

  function money(n: number | null | undefined): string {
    if (n === null || n === undefined || !Number.isFinite(n)) return ''
    return t('common.money', { amount: groupThousands(n) })
  }

  function wageRange(min: number, max: number, pay: PayType): string {
    const amount = min === max ? groupThousands(min) : `${groupThousands(min)}–${groupThousands(max)}`
    return t(`posting.wage.${wageKey(min, pay)}`, { amount })
  }

  /** The amount ("4,800–6,500") and its unit ("元/月") apart, for table cells. */
  function wageParts(min: number, max: number, pay: PayType): { amount: string; unit: string } {
    const amount = min === max ? groupThousands(min) : `${groupThousands(min)}–${groupThousands(max)}`
    return { amount, unit: t(`posting.wageUnitShort.${wageKey(min, pay)}`) }
  }

  /** ["温州市", "宁波市"] → "温州市、宁波市" (", " in English). */
  function joinList(items: readonly string[]): string {
    return items.join(t('common.listSeparator'))
  }

  return { money, wageRange, wageParts, joinList, date: formatDate, dateTime: formatDateTime }
}
