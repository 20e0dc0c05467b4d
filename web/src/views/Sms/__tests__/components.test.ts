import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { CampaignPreview, SmsStatus } from '@/api/sms/types'

const smsStatus = vi.fn<() => Promise<SmsStatus>>()
vi.mock('@/api/sms', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/sms')>()),
  smsStatus: () => smsStatus(),
}))

const { default: GatewayBanner } = await import('../GatewayBanner.vue')
const { default: ProgressBar } = await import('../ProgressBar.vue')
const { default: CampaignPreviewCard } = await import('../CampaignPreviewCard.vue')
const { makeI18n } = await import('@/test/setup')
const { ApiError } = await import('@/api/http')

const OUTBOX = { queued: 120, sending: 0, sent: 0, delivered: 0, failed: 0, total: 120 }
const global = { plugins: [makeI18n()] }

beforeEach(() => smsStatus.mockReset())
afterEach(() => vi.useRealTimers())

describe('GatewayBanner', () => {
  it('shows the outage with since, last error, next retry and the queue', async () => {
    smsStatus.mockResolvedValue({
      outbox: OUTBOX,
      gateway: { state: 'down', since: 1795564800, last_error: 'connection refused', next_retry_at: 1795565400 },
    })
    const w = mount(GatewayBanner, { global })
    await flushPromises()
    const text = w.get('[data-test="gateway-down"]').text()
    expect(text).toContain('短信网关连接中断')
    expect(text).toContain('2026-11-25 08:00')
    expect(text).toContain('connection refused')
    expect(text).toContain('2026-11-25 08:10')
    expect(text).toContain('队列中 120 条')
  })

  it('stays silent while the gateway is up', async () => {
    smsStatus.mockResolvedValue({ outbox: OUTBOX, gateway: { state: 'up' } })
    const w = mount(GatewayBanner, { global })
    await flushPromises()
    expect(w.find('[data-test="gateway-down"]').exists()).toBe(false)
  })

  it('degrades to nothing when the server reports no gateway or refuses', async () => {
    smsStatus.mockResolvedValueOnce({ outbox: OUTBOX })
    const a = mount(GatewayBanner, { global })
    await flushPromises()
    expect(a.find('[data-test="gateway-down"]').exists()).toBe(false)
    smsStatus.mockRejectedValueOnce(new ApiError(403, 'permission_denied', { zh: '无权', en: 'no' }))
    const b = mount(GatewayBanner, { global })
    await flushPromises()
    expect(b.find('[data-test="gateway-down"]').exists()).toBe(false)
  })

  it('shows only the fields it gets', async () => {
    smsStatus.mockResolvedValue({ outbox: OUTBOX, gateway: { state: 'DOWN' } })
    const w = mount(GatewayBanner, { global })
    await flushPromises()
    const text = w.get('[data-test="gateway-down"]').text()
    expect(text).not.toContain('最近错误')
    expect(text).not.toContain('下次重试')
  })
})

describe('ProgressBar', () => {
  it('sizes each state by its share and lists the counts', () => {
    const w = mount(ProgressBar, {
      props: { progress: { queued: 50, sending: 0, sent: 20, delivered: 25, failed: 5, total: 100 } },
      global,
    })
    expect((w.get('.seg.queued').element as HTMLElement).style.width).toBe('50%')
    expect((w.get('.seg.failed').element as HTMLElement).style.width).toBe('5%')
    expect(w.find('.seg.sending').exists()).toBe(false)
    expect(w.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('45')
    expect(w.get('[data-test="progress-failed"]').text()).toBe('失败 5')
    expect(w.get('[data-test="progress-total"]').text()).toBe('100')
  })
})

describe('CampaignPreviewCard', () => {
  const base: CampaignPreview = {
    text: '【协作就业】张*您好 回复TD退订',
    encoding: 'ucs2',
    units: 17,
    parts: 1,
    recipients: 8,
    excluded: 3,
    without_phone: 1,
    invalid_phone: 0,
    opted_out: 2,
    already_notified: 0,
    parts_total: 8,
    sample: { worker_id: 1, phone_masked: '139****0001' },
    quiet_hours: { start: '21:00', end: '08:00', now: false, not_before: 1795564800 },
  }

  it('shows the sample text with the masked phone, counts and why people are excluded', () => {
    const w = mount(CampaignPreviewCard, { props: { preview: base }, global })
    expect(w.get('[data-test="preview-text"]').text()).toBe(base.text)
    expect(w.text()).toContain('示例收信人 139****0001')
    expect(w.get('[data-test="preview-recipients"]').text()).toBe('8')
    const excluded = w.get('[data-test="preview-excluded-list"]').text()
    expect(excluded).toContain('未登记手机号：1')
    expect(excluded).toContain('已回复TD退订：2')
    expect(excluded).not.toContain('手机号无效')
    expect(w.find('[data-test="quiet-now"]').exists()).toBe(false)
  })

  it('warns in quiet hours with the time sending starts', () => {
    const w = mount(CampaignPreviewCard, {
      props: { preview: { ...base, quiet_hours: { ...base.quiet_hours, now: true, not_before: 1795564800 } } },
      global,
    })
    expect(w.get('[data-test="quiet-now"]').text()).toContain('将于 2026-11-25 08:00 开始发送')
  })
})
