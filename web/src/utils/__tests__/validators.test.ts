import { describe, expect, it } from 'vitest'
import { isCreditCodeChecksumValid, isCreditCodeShape, isMobilePhone, isValidIdNumber, normalizePhone } from '@/utils/validators'

describe('isValidIdNumber (GB 11643)', () => {
  it('accepts a valid number with an X check character, either case', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
  })

  it('rejects a wrong check character', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false)
  })

  it('rejects an impossible date of birth even with a matching checksum shape', () => {
    expect(isValidIdNumber('110105194902301234')).toBe(false)
  })

  it('rejects wrong lengths and letters inside', () => {
    expect(isValidIdNumber('1101051949123100')).toBe(false)
    expect(isValidIdNumber('1101051949A231002X')).toBe(false)
  })
})

describe('unified social credit code (GB 32100)', () => {
  it('accepts a valid code', () => {
    expect(isCreditCodeShape('91350100M000100Y43')).toBe(true)
    expect(isCreditCodeChecksumValid('91350100M000100Y43')).toBe(true)
  })

  it('flags a wrong check character but keeps the shape valid (warn, do not reject)', () => {
    expect(isCreditCodeShape('91350100M000100Y44')).toBe(true)
    expect(isCreditCodeChecksumValid('91350100M000100Y44')).toBe(false)
  })

  it('rejects letters outside the alphabet (I, O, Z, S, V)', () => {
    expect(isCreditCodeShape('91350100M000100I43')).toBe(false)
  })
})

describe('isMobilePhone', () => {
  it('accepts +86/0086 prefixes and spaces', () => {
    expect(isMobilePhone('13800138000')).toBe(true)
    expect(isMobilePhone('+86 138 0013 8000')).toBe(true)
    expect(normalizePhone('0086-138-0013-8000')).toBe('13800138000')
  })

  it('rejects landlines and short numbers', () => {
    expect(isMobilePhone('0871-12345678')).toBe(false)
    expect(isMobilePhone('1380013800')).toBe(false)
    expect(isMobilePhone('12800138000')).toBe(false)
  })
})
