/**
 * Display formats, Chinese conventions: dates YYYY-MM-DD, times in
 * Asia/Shanghai whatever the browser's zone, money grouped by thousands.
 */

/** 5500 → "5,500". Non-finite values give "". */
export function groupThousands(n: number): string {
  if (!Number.isFinite(n)) return ''
  const negative = n < 0
  const [int, frac] = Math.abs(n).toString().split('.')
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return (negative ? '-' : '') + grouped + (frac ? `.${frac}` : '')
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const shanghaiParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The server sends stored times as Unix seconds, some fields as ISO text. */
function parts(value: string | number): Record<string, string> | null {
  const d = new Date(typeof value === 'number' ? value * 1000 : value)
  if (Number.isNaN(d.getTime())) return null
  const out: Record<string, string> = {}
  for (const p of shanghaiParts.formatToParts(d)) out[p.type] = p.value
  return out
}

/** "1985-03-02" stays as is; an ISO time or Unix seconds become the Shanghai date. Empty for null. */
export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value
  const p = parts(value)
  return p ? `${p.year}-${p.month}-${p.day}` : String(value)
}

/** An ISO time or Unix seconds as "YYYY-MM-DD HH:mm" in Asia/Shanghai. */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value
  const p = parts(value)
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : String(value)
}
