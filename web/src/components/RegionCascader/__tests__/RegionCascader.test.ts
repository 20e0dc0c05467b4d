import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { DivisionNode } from '@/api/divisions/types'

const TREE: Record<string, DivisionNode[]> = {
  '': [{ code: '530000', name: '云南省', level: 'province', leaf: false }],
  '530000': [{ code: '530600', name: '昭通市', level: 'city', leaf: false }],
  '530600': [{ code: '530622', name: '巧家县', level: 'county', leaf: false }],
  '530622': [{ code: '530622103', name: '小河镇', level: 'township', leaf: false }],
  '530622103': [{ code: '530622103201', name: '小河村', level: 'village', leaf: true }],
}

const listDivisions = vi.fn(async (parent = '') => ({ items: TREE[parent] ?? [] }))
vi.mock('@/api/divisions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/divisions')>()),
  listDivisions: (parent?: string) => listDivisions(parent),
}))

const { default: RegionCascader } = await import('@/components/RegionCascader/RegionCascader.vue')
const { makeI18n } = await import('@/test/setup')

beforeEach(() => listDivisions.mockClear())

function render(modelValue: string, maxDepth = 5) {
  return mount(RegionCascader, { props: { modelValue, maxDepth }, global: { plugins: [makeI18n()] } })
}

describe('RegionCascader', () => {
  it('loads only the provinces when empty', async () => {
    render('')
    await flushPromises()
    expect(listDivisions.mock.calls.map((c) => c[0])).toEqual([''])
  })

  it('loads the path of a preset code level by level and shows its names', async () => {
    const w = render('530622103')
    await flushPromises()
    await flushPromises()
    const parents = listDivisions.mock.calls.map((c) => c[0])
    expect(parents.slice(0, 4)).toEqual(['', '530000', '530600', '530622'])
    expect((w.find('input').element as HTMLInputElement).value).toBe('云南省 / 昭通市 / 巧家县 / 小河镇')
  })

  it('does not ask below the deepest level it offers', async () => {
    render('530622', 3)
    await flushPromises()
    await flushPromises()
    expect(listDivisions.mock.calls.map((c) => c[0])).toEqual(['', '530000', '530600'])
  })
})
