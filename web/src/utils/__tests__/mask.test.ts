import { describe, expect, it } from 'vitest'
import { isMaskedIdNumber, maskIdNumber, maskPhone } from '@/utils/mask'

describe('maskIdNumber', () => {
  it('keeps the 6-digit region and the last 4, masks the 8 birth-date digits', () => {
    expect(maskIdNumber('530622199001011234')).toBe('530622********1234')
    expect(isMaskedIdNumber(maskIdNumber('530622199001011234'))).toBe(true)
  })

  it('upper-cases a trailing x', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X')
  })

  it('masks short or odd values entirely rather than leak them', () => {
    expect(maskIdNumber('12345')).toBe('*****')
    expect(maskIdNumber('')).toBe('')
    expect(maskIdNumber(null)).toBe('')
  })
})

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('0086-138-1234-5678')).toBe('138****5678')
    expect(maskPhone(undefined)).toBe('')
  })
})
