import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ImportJobCard from '@/views/Imports/ImportJobCard.vue'
import type { ImportJob } from '@/api/imports/types'
import { makeI18n } from '@/test/setup'

function job(over: Partial<ImportJob>): ImportJob {
  return {
    id: 7, kind: 'workers', file_name: '名单.xlsx', file_bytes: 1000, mode: 'valid_rows_only', dry_run: false,
    state: 'running', rows_done: 10000, rows_estimate: 30000, estimate_exact: false, percent: 33,
    summary: {}, has_report_xlsx: false, created_by: 'qiaojia', created_at: 0, started_at: 0, finished_at: 0,
    ...over,
  }
}

async function render(j: ImportJob, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const w = mount(ImportJobCard, { props: { job: j }, global: { plugins: [makeI18n(locale)] } })
  await flushPromises()
  return w
}

describe('ImportJobCard', async () => {
  it('says the total is an estimate while running', async () => {
    const w = await render(job({}))
    expect(w.find('[data-test=job-progress-text]').text()).toBe('已处理 10,000 行，共约 30,000 行')
    expect(w.find('[data-test=job-progress]').exists()).toBe(true)
    expect(w.find('[data-test=job-counts]').exists()).toBe(false)
  })

  it('shows the counts and the problems when done, and offers the report', async () => {
    const w = await render(job({
      state: 'done', percent: 100, has_report_xlsx: true,
      report: {
        kind: 'workers', format: 'csv', encoding: 'GB18030', header_row: 1, unknown_columns: [], dry_run: false,
        mode: 'valid_rows_only', committed: true, rows_total: 30000, rows_valid: 29998, rows_rejected: 2,
        inserted: 29000, updated: 900, unchanged: 98, issues_omitted: 0,
        issues: [{ row: 5, column: '身份证号', cell: 'B5', severity: 'error', message: '身份证号有误', message_en: 'Bad ID' }],
      },
    }))
    expect(w.find('[data-test=job-progress]').exists()).toBe(false)
    expect(w.find('[data-test=job-outcome]').text()).toContain('被拒绝的行请按下表修改')
    expect(w.find('[data-test=count-rowsTotal] .count-value').text()).toBe('30,000')
    expect(w.find('[data-test=count-rejected]').classes()).toContain('bad')
    expect(w.find('[data-test=issue-reason]').text()).toBe('身份证号有误')
    await w.find('[data-test=download-report]').trigger('click')
    expect(w.emitted('downloadReport')).toEqual([[7]])
  })

  it('says every row was saved when none was rejected', async () => {
    const w = await render(job({
      state: 'done', percent: 100,
      report: {
        kind: 'workers', format: 'csv', encoding: 'UTF-8', header_row: 1, unknown_columns: [], dry_run: false,
        mode: 'valid_rows_only', committed: true, rows_total: 5, rows_valid: 5, rows_rejected: 0,
        inserted: 5, updated: 0, unchanged: 0, issues_omitted: 0, issues: [],
      },
    }))
    expect(w.find('[data-test=job-outcome]').text()).toBe('导入完成：所有行都已保存。')
  })

  it('shows why a job failed, in the current language', async () => {
    const failed = job({ state: 'failed', error: { message: '请重新上传', message_en: 'Please upload again' } })
    expect((await render(failed)).find('[data-test=job-error]').text()).toContain('请重新上传')
    expect((await render(failed, 'en')).find('[data-test=job-error]').text()).toContain('Please upload again')
  })
})
