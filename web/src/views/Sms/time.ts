import { formatDateTime } from '@/utils/format'

/** Unix seconds as "YYYY-MM-DD HH:mm" in Asia/Shanghai; "" for none. */
export function fmtTime(seconds: number | null | undefined): string {
  if (!seconds) return ''
  return formatDateTime(new Date(seconds * 1000).toISOString())
}
