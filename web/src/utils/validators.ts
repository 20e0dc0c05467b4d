/**
 * Client-side checks that mirror the server's: they give feedback before the
 * round trip, the server stays the authority.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** Resident identity number (GB 11643): 18 characters, date of birth, checksum. */
export function isValidIdNumber(value: string): boolean {
  const v = value.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) return false
  const y = Number(v.slice(6, 10))
  const m = Number(v.slice(10, 12))
  const d = Number(v.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(v[i]) * ID_WEIGHTS[i]!
  return ID_CHECK[sum % 11] === v[17]
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Unified social credit code (GB 32100) form: 18 characters of its alphabet. */
export function isCreditCodeShape(value: string): boolean {
  return /^[0-9A-HJ-NPQRTUW-Y]{18}$/.test(value.trim().toUpperCase())
}

/** Unified social credit code checksum. Some early real codes fail it: warn, don't reject. */
export function isCreditCodeChecksumValid(value: string): boolean {
  const v = value.trim().toUpperCase()
  if (!isCreditCodeShape(v)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(v[i]!) * CREDIT_WEIGHTS[i]!
  const check = (31 - (sum % 31)) % 31
  return CREDIT_ALPHABET[check] === v[17]
}

/** Mainland mobile number; accepts +86/0086 prefixes, spaces and dashes. */
export function isMobilePhone(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '')
  return /^1[3-9]\d{9}$/.test(v)
}

/** The digits to send for a mobile number typed with prefix or spaces. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '')
}
