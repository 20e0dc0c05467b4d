import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { PostingDetail } from '@/api/postings/types'
import type { Review, RuleResult } from '@/api/verification/types'
import { ApiError } from '@/api/http'

const rules: RuleResult[] = [
  {
    rule: 'min_wage',
    field: 'wage_min',
    blocking: true,
    message: '月薪下限 1800 元低于当地最低月工资标准 1990 元',
    message_en: 'Minimum pay 1800 is below the local minimum wage of 1990 yuan a month',
  },
]
const reviews: Review[] = []
const api = {
  getRules: vi.fn(async () => ({ items: rules })),
  getReviews: vi.fn(async () => ({ items: reviews })),
  listPhotos: vi.fn(async () => ({ items: [] })),
  submitPosting: vi.fn(async (): Promise<{ ok: true }> => {
    throw new ApiError(409, 'failed_precondition', { zh: '岗位未通过规则检查，请按提示修改', en: 'The posting fails the rules' }, [
      { field: 'wage_min', message: { zh: '月薪下限 1800 元低于当地最低月工资标准 1990 元', en: 'below 1990' } },
    ])
  }),
}
vi.mock('@/api/verification', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/verification')>()),
  ...api,
}))

const { default: PostingVerification } = await import('@/views/Verification/PostingVerification.vue')
const { makeI18n, freshPinia } = await import('@/test/setup')
const { useUserStore } = await import('@/store/modules/user')

const posting = (status: PostingDetail['status']): PostingDetail => ({
  id: 7, enterprise_id: 3, enterprise_name: '江门某厂', title: '包装工', occupation_code: '6-25-04-07',
  occupation_name: '电子设备装接工', region_code: '530102', region_name: '云南省昆明市五华区', openings: 10,
  wage_min: 1800, wage_max: 2200, pay_type: 'monthly', board: true, lodging: true, dorm_size: 6, status,
  valid_until: '2099-12-31',
})

function render(status: PostingDetail['status'], role: 'station_officer' | 'county_officer' | 'enterprise_hr', locale: 'zh-CN' | 'en' = 'zh-CN') {
  const pinia = freshPinia()
  useUserStore().user = { id: 1, username: 'u', display_name: 'U', role, org_id: 1, org_name: 'O', region_code: '', region_name: '' }
  return mount(PostingVerification, {
    props: { posting: posting(status) },
    global: { plugins: [makeI18n(locale), pinia], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  })
}

beforeEach(() => {
  for (const f of Object.values(api)) f.mockClear()
})

describe('PostingVerification', () => {
  it('shows each rule with its message', async () => {
    const w = render('draft', 'station_officer')
    await flushPromises()
    expect(api.getRules).toHaveBeenCalledWith(7, true)
    const r = w.find('[data-test=rules]').text()
    expect(r).toContain('最低工资')
    expect(r).toContain('1990')
  })

  it('shows the rule messages in English when the console is in English', async () => {
    const w = render('draft', 'station_officer', 'en')
    await flushPromises()
    expect(w.find('[data-test=rules]').text()).toContain('below the local minimum wage of 1990')
  })

  it('offers a station officer submit on a draft, verify and reject on a submitted posting', async () => {
    const draft = render('draft', 'station_officer')
    await flushPromises()
    expect(draft.find('[data-test=action-submit]').exists()).toBe(true)
    expect(draft.find('[data-test=action-publish]').exists()).toBe(false)
    const submitted = render('submitted', 'station_officer')
    await flushPromises()
    expect(submitted.find('[data-test=action-verify]').exists()).toBe(true)
    expect(submitted.find('[data-test=action-reject]').exists()).toBe(true)
    expect(submitted.find('[data-test=action-submit]').exists()).toBe(false)
  })

  it('offers a county officer nothing, and enterprise HR only submit', async () => {
    const county = render('submitted', 'county_officer')
    await flushPromises()
    expect(county.findAll('.actions button')).toHaveLength(0)
    const hr = render('verified', 'enterprise_hr')
    await flushPromises()
    expect(hr.find('[data-test=action-publish]').exists()).toBe(false)
  })

  it('puts the reason of a refused step on screen', async () => {
    const w = render('draft', 'station_officer')
    await flushPromises()
    await w.find('[data-test=action-submit]').trigger('click')
    await flushPromises()
    const err = w.find('[data-test=action-error]').text()
    expect(err).toContain('岗位未通过规则检查')
    expect(err).toContain('低于当地最低月工资标准 1990 元')
    expect(w.emitted('changed')).toBeUndefined()
  })
})
