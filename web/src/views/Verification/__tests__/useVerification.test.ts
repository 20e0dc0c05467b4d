import { describe, expect, it } from 'vitest'
import { lifecycleStep, shortPlaceName, unixDateTime } from '@/views/Verification/useVerification'

describe('lifecycleStep', () => {
  it('puts each status on its step', () => {
    expect(lifecycleStep('draft')).toEqual({ active: 0, failed: false })
    expect(lifecycleStep('submitted')).toEqual({ active: 1, failed: false })
    expect(lifecycleStep('published')).toEqual({ active: 3, failed: false })
  })
  it('shows a rejection as the verification step failing, an expiry as the last', () => {
    expect(lifecycleStep('rejected')).toEqual({ active: 2, failed: true })
    expect(lifecycleStep('expired')).toEqual({ active: 4, failed: true })
  })
})

describe('shortPlaceName', () => {
  it('keeps the last level of a full name', () => {
    expect(shortPlaceName('广西壮族自治区崇左市天等县')).toBe('天等县')
    expect(shortPlaceName('广东省江门市')).toBe('江门市')
    expect(shortPlaceName('云南省昆明市五华区')).toBe('五华区')
    expect(shortPlaceName('广东省广州市')).toBe('广州市')
    expect(shortPlaceName('湖南省郴州市宜章县')).toBe('宜章县')
    expect(shortPlaceName('云南省大理白族自治州大理市')).toBe('大理市')
    expect(shortPlaceName('北京市东城区')).toBe('东城区')
  })
})

describe('unixDateTime', () => {
  it('shows Shanghai time', () => {
    expect(unixDateTime(0)).toBe('')
    expect(unixDateTime(1764000000)).toBe('2025-11-25 00:00')
  })
})
