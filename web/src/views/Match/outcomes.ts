/** Tag colours of recommendation outcomes (lists and details agree). */
export const OUTCOME_TAGS = {
  none: 'info',
  contacted: 'primary',
  interested: 'warning',
  applied: 'warning',
  hired: 'success',
  declined: 'danger',
} as const

/** "0.735" → "73.5%"; null for a missing figure. */
export function percent(v: number | undefined | null, digits = 1): string | null {
  if (v === undefined || v === null || !Number.isFinite(v)) return null
  return `${(v * 100).toFixed(digits)}%`
}

/**
 * Buckets for the histogram of recommendations per opening: [0,0.5), [0.5,1),
 * [1,1.5) … up to the cap α, whose bucket includes α itself.
 */
export function histogram(values: readonly number[], cap: number, step = 0.5): { labels: string[]; counts: number[] } {
  const n = Math.max(1, Math.ceil(cap / step))
  const counts = new Array<number>(n).fill(0)
  for (const v of values) {
    const i = Math.min(n - 1, Math.max(0, Math.floor(v / step)))
    counts[i]! += 1
  }
  const labels = counts.map((_, i) => `${(i * step).toFixed(1)}–${((i + 1) * step).toFixed(1)}`)
  return { labels, counts }
}

/** Whole years from a "YYYY-MM-DD" birth date to `today` (default: now). */
export function ageOn(birth: string, today: Date = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  let age = today.getFullYear() - y
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1
  return age
}

/** Unix seconds (as the matching API sends times) → ISO text for useFormat's dateTime. */
export function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

/** The rows with one recommendation's newly marked outcome merged in. */
export function mergeOutcome<T extends { id: number; outcome: string; outcome_reason: string }>(
  rows: readonly T[],
  rec: { id: number; outcome: T['outcome']; outcome_reason: string },
): T[] {
  return rows.map((r) => (r.id === rec.id ? { ...r, outcome: rec.outcome, outcome_reason: rec.outcome_reason } : r))
}
