import { useI18n } from 'vue-i18n'
import type { Campaign } from '@/api/sms/types'

/** "岗位“普工”的匹配人员（前 50 人）", "条件筛选", "指定 3 人". */
export function useAudienceText() {
  const { t } = useI18n()
  return (c: Campaign): string => {
    const a = c.audience
    if ('posting' in a) {
      const base = c.posting_title
        ? t('sms.campaign.audiencePostingTitled', { title: c.posting_title })
        : t('sms.campaign.audiencePostingOf', { id: a.posting.posting_id })
      return a.posting.top > 0 ? base + t('sms.campaign.audienceTop', { n: a.posting.top }) : base
    }
    if ('filter' in a) return t('sms.campaign.audienceFilterOf')
    return t('sms.campaign.audienceListOf', { n: a.worker_ids.length })
  }
}
