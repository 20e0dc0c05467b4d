import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { SmsLength } from '@/api/sms/types'

// The server's count for a text (the real rule lives in src/notify/sms_text.cc):
// signature + text + opt-out line, 70 single / 67 per part.
function serverCount(text: string): SmsLength {
  const full = `【协作就业】${text} 回复TD退订`
  const units = [...full].length
  return { encoding: 'ucs2', units, parts: units <= 70 ? 1 : Math.ceil(units / 67), text: full, max_parts: 4 }
}
const smsLength = vi.fn(async (text: string) => serverCount(text))
vi.mock('@/api/sms', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/sms')>()),
  smsLength: (text: string) => smsLength(text),
}))

const { default: SmsLengthCounter } = await import('../SmsLengthCounter.vue')
const { makeI18n } = await import('@/test/setup')

beforeEach(() => {
  smsLength.mockClear()
  vi.useFakeTimers()
})

function render(body: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(SmsLengthCounter, { props: { body, delayMs: 300 }, global: { plugins: [makeI18n(locale)] } })
}

async function settle() {
  vi.advanceTimersByTime(300)
  await flushPromises()
}

describe('SmsLengthCounter', () => {
  it('asks the server about the text with variables filled in and shows characters and parts', async () => {
    const w = render('{{name}}您好，明天招工')
    await settle()
    expect(smsLength).toHaveBeenCalledWith('张三丰您好，明天招工')
    expect(w.get('[data-test="sms-length-summary"]').text()).toBe('共 23 字，计 1 条短信')
    expect(w.emitted('counted')![0]![0]).toMatchObject({ parts: 1, units: 23 })
  })

  it('counts 71 characters with signature and opt-out line as two parts', async () => {
    // 【协作就业】 (6) + 58 + " 回复TD退订" (7) = 71
    const w = render('招'.repeat(58))
    await settle()
    expect(w.get('[data-test="sms-length-summary"]').text()).toBe('共 71 字，计 2 条短信')
  })

  it('waits until typing stops: one request for several quick changes', async () => {
    const w = render('一')
    await w.setProps({ body: '一二' })
    await w.setProps({ body: '一二三' })
    await settle()
    expect(smsLength).toHaveBeenCalledTimes(1)
    expect(smsLength).toHaveBeenCalledWith('一二三')
  })

  it('flags a text over the part limit', async () => {
    const w = render('招'.repeat(270))
    await settle()
    expect(w.text()).toContain('超过 4 条的上限')
    expect(w.get('[data-test="sms-length-summary"]').classes()).toContain('over')
  })

  it('asks nothing for an empty body and speaks English when asked', async () => {
    const w = render('   ', 'en')
    await settle()
    expect(smsLength).not.toHaveBeenCalled()
    expect(w.text()).toContain('Counted as the operators do')
  })
})
