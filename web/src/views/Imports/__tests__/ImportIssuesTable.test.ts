import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ImportIssuesTable from '@/views/Imports/ImportIssuesTable.vue'
import type { ImportIssue } from '@/api/imports/types'
import { makeI18n } from '@/test/setup'

function issues(n: number): ImportIssue[] {
  return Array.from({ length: n }, (_, i) => ({
    row: i + 2,
    column: '身份证号',
    cell: `B${i + 2}`,
    severity: i % 2 === 0 ? 'error' : 'warning',
    message: `第 ${i + 2} 行身份证号有误`,
    message_en: `Row ${i + 2}: bad ID number`,
  }))
}

async function render(list: ImportIssue[], locale: 'zh-CN' | 'en' = 'zh-CN', omitted = 0) {
  const w = mount(ImportIssuesTable, {
    props: { issues: list, omitted, pageSize: 10 },
    global: { plugins: [makeI18n(locale)] },
  })
  await flushPromises()
  return w
}

describe('ImportIssuesTable', async () => {
  it('shows one page of problems with row, cell and reason', async () => {
    const w = await render(issues(25))
    const reasons = w.findAll('[data-test=issue-reason]')
    expect(reasons).toHaveLength(10)
    expect(reasons[0]!.text()).toBe('第 2 行身份证号有误')
    expect(w.text()).toContain('（B2）')
    expect(w.text()).toContain('共 25 条问题')
  })

  it('pages through the rest', async () => {
    const w = await render(issues(25))
    await w.find('.el-pager li:nth-child(3)').trigger('click')
    await flushPromises()
    const reasons = w.findAll('[data-test=issue-reason]')
    expect(reasons).toHaveLength(5)
    expect(reasons[0]!.text()).toBe('第 22 行身份证号有误')
  })

  it('filters to errors only', async () => {
    const w = await render(issues(6))
    await w.find('[data-test=only-errors] input').setValue(true)
    await flushPromises()
    const reasons = w.findAll('[data-test=issue-reason]').map((r) => r.text())
    expect(reasons).toEqual(['第 2 行身份证号有误', '第 4 行身份证号有误', '第 6 行身份证号有误'])
  })

  it('gives the reason in English and says how many were left out', async () => {
    const w = await render(issues(1), 'en', 9990)
    expect(w.find('[data-test=issue-reason]').text()).toBe('Row 2: bad ID number')
    expect(w.text()).toContain('9990 more not listed')
  })
})
