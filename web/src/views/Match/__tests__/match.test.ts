import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { ElDropdown } from 'element-plus'
import type { Candidate, WorkerRecommendation } from '@/api/match/types'

const REC: WorkerRecommendation = {
  id: 11,
  batch_id: 3,
  worker_id: 7,
  worker_name: '农小梅',
  posting_id: 59,
  posting_title: '焊工',
  enterprise_name: '江门市某五金有限公司',
  rank: 2,
  score: 9000,
  reasons: { zh: '月薪5,500元 ≥ 期望4,500元；包住，4人间；焊工对口；江门为意向地区', en: 'pay 5,500 yuan/month ≥ wanted 4,500; dormitory' },
  outcome: 'none',
  outcome_reason: '',
  posting: {
    id: 59, enterprise_id: 1, enterprise_name: '江门市某五金有限公司', title: '焊工', occupation_code: '6-18-02-04',
    occupation_name: '焊工', region_code: '440703', region_name: '广东省江门市蓬江区', openings: 2, wage_min: 5500,
    wage_max: 5500, pay_type: 'monthly', board: true, lodging: true, dorm_size: 4, status: 'published', valid_until: '2027-06-30',
  },
}
const BEST: WorkerRecommendation = { ...REC, id: 10, rank: 1, score: 9500, posting_title: '电工' }

const CAND: Candidate = {
  ...REC,
  worker: {
    id_number_masked: '451425********0700', sex: 'F', birth_date: '2001-09-10', county_code: '451425',
    county_name: '天等县', category: 'disabled', wage_floor: 4500,
  },
}

const api = {
  workerRecommendations: vi.fn(),
  postingCandidates: vi.fn(),
  setOutcome: vi.fn(),
}
vi.mock('@/api/match', () => ({
  workerRecommendations: (id: string) => api.workerRecommendations(id),
  postingCandidates: (id: string) => api.postingCandidates(id),
  setOutcome: (id: number, body: unknown) => api.setOutcome(id, body),
}))

const { default: WorkerRecommendations } = await import('@/views/Match/WorkerRecommendations.vue')
const { default: PostingCandidates } = await import('@/views/Match/PostingCandidates.vue')
const { default: OutcomeMarker } = await import('@/views/Match/OutcomeMarker.vue')
const { makeI18n, freshPinia } = await import('@/test/setup')
const { policyProblems } = await import('@/views/Match/policyForm')
const { histogram, ageOn } = await import('@/views/Match/outcomes')

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset()
})

function plugins(locale: 'zh-CN' | 'en' = 'zh-CN') {
  return { plugins: [makeI18n(locale), freshPinia()] }
}

describe('WorkerRecommendations', () => {
  it('lists recommendations best first with reasons in Chinese', async () => {
    api.workerRecommendations.mockResolvedValue({ items: [REC, BEST] })
    const w = mount(WorkerRecommendations, { props: { workerId: '7' }, global: plugins() })
    await flushPromises()
    expect(api.workerRecommendations).toHaveBeenCalledWith('7')
    const text = w.text()
    expect(text.indexOf('电工')).toBeLessThan(text.indexOf('焊工'))
    expect(w.findAll('[data-test="reasons"]')[1]!.text()).toBe(REC.reasons.zh)
    expect(text).toContain('包住')
    expect(text).toContain('4人间')
  })

  it('shows the English reasons in English', async () => {
    api.workerRecommendations.mockResolvedValue({ items: [REC] })
    const w = mount(WorkerRecommendations, { props: { workerId: 7 }, global: plugins('en') })
    await flushPromises()
    expect(w.find('[data-test="reasons"]').text()).toBe(REC.reasons.en)
  })

  it('says why the list is empty', async () => {
    api.workerRecommendations.mockResolvedValue({ items: [] })
    const w = mount(WorkerRecommendations, { props: { workerId: 7 }, global: plugins() })
    await flushPromises()
    expect(w.text()).toContain('暂无推荐')
  })
})

describe('PostingCandidates', () => {
  it('shows masked ID numbers only, with the openings and the count', async () => {
    api.postingCandidates.mockResolvedValue({ items: [CAND], total: 1, openings: 2 })
    const w = mount(PostingCandidates, { props: { postingId: 59 }, global: plugins() })
    await flushPromises()
    expect(w.find('[data-test="id-number"]').text()).toBe('451425********0700')
    expect(w.text()).toContain('本岗位招 2 人，共推荐 1 人')
    expect(w.text()).toContain('残疾人')
  })
})

describe('OutcomeMarker', () => {
  it('saves a plain outcome at once and emits the updated recommendation', async () => {
    api.setOutcome.mockResolvedValue({ ...REC, outcome: 'contacted' })
    const w = mount(OutcomeMarker, { props: { rec: REC }, global: plugins() })
    w.findComponent(ElDropdown).vm.$emit('command', 'contacted')
    await flushPromises()
    expect(api.setOutcome).toHaveBeenCalledWith(11, { outcome: 'contacted' })
    expect(w.emitted('updated')![0]![0]).toMatchObject({ outcome: 'contacted' })
  })

  it('asks why before saving "declined" and sends the chosen reason', async () => {
    api.setOutcome.mockResolvedValue({ ...REC, outcome: 'declined', outcome_reason: '离家太远' })
    const w = mount(OutcomeMarker, { props: { rec: REC }, global: plugins(), attachTo: document.body })
    w.findComponent(ElDropdown).vm.$emit('command', 'declined')
    await flushPromises()
    expect(api.setOutcome).not.toHaveBeenCalled()
    const save = document.querySelector('[data-test="reason-save"]') as HTMLButtonElement
    save.click()
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    expect(api.setOutcome).not.toHaveBeenCalled()
    // The reason field is marked in error (its message sits in a transition the test renderer stubs).
    expect(document.querySelector('.el-form-item.is-error label')?.textContent).toBe('补充说明')
    const text = document.querySelector('textarea[data-test="reason-text"]') as HTMLTextAreaElement
    text.value = '离家太远'
    text.dispatchEvent(new Event('input'))
    await flushPromises()
    save.click()
    await flushPromises()
    expect(api.setOutcome).toHaveBeenCalledWith(11, { outcome: 'declined', reason: '离家太远' })
    w.unmount()
  })

  it('shows no control to a role that may not mark', () => {
    const w = mount(OutcomeMarker, { props: { rec: { ...REC, outcome: 'hired' }, disabled: true }, global: plugins() })
    expect(w.find('[data-test="mark"]').exists()).toBe(false)
    expect(w.text()).toContain('已录用')
  })
})

describe('policy form checks', () => {
  const good = {
    weights: { occupation: 30, certificate: 10, pay: 25, place: 15, travel: 5, lodging: 10, board: 5, inspection: 10, enterprise: 10 },
    priority_poverty: 8, priority_disabled: 10, alpha: 3, k: 5, candidates_per_worker: 20,
  }
  it('accepts the default policy', () => {
    expect(policyProblems(good)).toEqual([])
  })
  it('names negative, fractional, empty and out-of-range fields', () => {
    const bad = { ...good, weights: { ...good.weights, pay: -1, board: 2.5, travel: null as unknown as number }, alpha: 21, k: NaN }
    expect(policyProblems(bad).map(([f]) => f)).toEqual(['weights.pay', 'weights.travel', 'weights.board', 'alpha', 'k'])
  })
})

describe('histogram and age helpers', () => {
  it('buckets recommendations per opening up to α, α itself in the last bucket', () => {
    const h = histogram([0.2, 0.5, 1, 3, 3], 3)
    expect(h.labels).toHaveLength(6)
    expect(h.counts).toEqual([1, 1, 1, 0, 0, 2])
  })
  it('counts whole years', () => {
    expect(ageOn('2001-09-10', new Date(2026, 8, 9))).toBe(24)
    expect(ageOn('2001-09-10', new Date(2026, 8, 10))).toBe(25)
    expect(ageOn('bad')).toBeNull()
  })
})
