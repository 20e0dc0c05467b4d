import { describe, expect, it } from 'vitest'
import { wageKey } from '@/hooks/useFormat'
import zhCN from '@/locales/zh-CN'

describe('wageKey', () => {
  it('labels an hourly posting by what its figure is', () => {
    expect(wageKey(25, 'hourly')).toBe('hourly') // the rate itself
    expect(wageKey(4872, 'hourly')).toBe('hourlyMonthly') // a month's equivalent
    expect(wageKey(4872, 'monthly')).toBe('monthly')
    expect(wageKey(5200, 'piece')).toBe('piece')
  })

  it('has a label for every key it returns', () => {
    expect(zhCN.posting.wage.hourlyMonthly).toContain('元/月')
    expect(zhCN.posting.wageUnitShort.hourlyMonthly).toContain('元/月')
  })
})
