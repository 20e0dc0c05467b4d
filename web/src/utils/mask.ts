/**
 * Masking of personal identifiers for display. The server already masks them;
 * these functions are a second line: if an unmasked value ever reaches a list
 * cell, it is masked here rather than shown.
 */

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/

/** "530622199001011234" → "530622********1234"; an already masked value is kept. */
export function maskIdNumber(value: string | null | undefined): string {
  if (!value) return ''
  const v = value.trim().toUpperCase()
  if (MASKED_ID.test(v)) return v
  if (v.length <= 10) return '*'.repeat(v.length)
  return v.slice(0, 6) + '*'.repeat(v.length - 10) + v.slice(-4)
}

/** "13812345678" → "138****5678"; an already masked value is kept. */
export function maskPhone(value: string | null | undefined): string {
  if (!value) return ''
  const v = value.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '')
  if (MASKED_PHONE.test(v)) return v
  if (v.length < 8) return '*'.repeat(v.length)
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4)
}

export function isMaskedIdNumber(value: string): boolean {
  return MASKED_ID.test(value)
}
