import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, groupThousands } from '@/utils/format'

describe('format', () => {
  it('groups money by thousands', () => {
    expect(groupThousands(5500)).toBe('5,500')
    expect(groupThousands(1822600)).toBe('1,822,600')
    expect(groupThousands(990)).toBe('990')
    expect(groupThousands(19.5)).toBe('19.5')
    expect(groupThousands(Number.NaN)).toBe('')
  })

  it('keeps a plain date as YYYY-MM-DD without shifting it by time zone', () => {
    expect(formatDate('1985-03-02')).toBe('1985-03-02')
  })

  it('shows instants as the date and time in Asia/Shanghai', () => {
    // 2026-10-31 20:30 UTC is already 1 November in Beijing.
    expect(formatDate('2026-10-31T20:30:00Z')).toBe('2026-11-01')
    expect(formatDateTime('2026-10-31T20:30:00Z')).toBe('2026-11-01 04:30')
    expect(formatDateTime('2026-10-30T09:05:00+08:00')).toBe('2026-10-30 09:05')
  })

  it('shows nothing for a missing date and the raw text for a bad one', () => {
    expect(formatDate(null)).toBe('')
    expect(formatDateTime('not a date')).toBe('not a date')
    // Stored times arrive as Unix seconds (worker.updated_at): not milliseconds.
    expect(formatDateTime(1793451000)).toBe('2026-10-31 20:50')
    expect(formatDate(1793451000)).toBe('2026-10-31')
  })
})
