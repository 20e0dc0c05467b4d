import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount, flushPromises } from '@vue/test-utils'
import type { ListResult, PageQuery } from '@/api/types'
import { useTable, type UseTableOptions } from '@/hooks/useTable'

type Row = { id: number }
type F = { q: string; status: string }

function page(items: Row[], total: number, p = 1): ListResult<Row> {
  return { items, total, page: p, page_size: 20 }
}

function setup(fetcher: (q: F & PageQuery) => Promise<ListResult<Row>>, options: Partial<UseTableOptions<F>> = {}) {
  let table!: ReturnType<typeof useTable<Row, F>>
  const Host = defineComponent({
    setup() {
      table = useTable<Row, F>(fetcher, { filters: { q: '', status: '' }, ...options })
      return () => h('div')
    },
  })
  mount(Host)
  return table
}

describe('useTable', () => {
  it('loads the first page on creation with the default filters', async () => {
    const fetcher = vi.fn(async () => page([{ id: 1 }, { id: 2 }], 2))
    const table = setup(fetcher)
    await flushPromises()
    expect(fetcher).toHaveBeenCalledWith({ q: '', status: '', page: 1, page_size: 20 })
    expect(table.items.value).toEqual([{ id: 1 }, { id: 2 }])
    expect(table.total.value).toBe(2)
    expect(table.loading.value).toBe(false)
  })

  it('searches from page 1 with the current filters', async () => {
    const fetcher = vi.fn(async () => page([{ id: 1 }], 45))
    const table = setup(fetcher)
    await flushPromises()
    await table.setPage(3)
    table.filters.q = '张'
    await table.search()
    expect(fetcher).toHaveBeenLastCalledWith({ q: '张', status: '', page: 1, page_size: 20 })
  })

  it('goes back to page 1 when the page size changes', async () => {
    const fetcher = vi.fn(async () => page([{ id: 1 }], 45))
    const table = setup(fetcher)
    await flushPromises()
    await table.setPage(2)
    await table.setPageSize(50)
    expect(fetcher).toHaveBeenLastCalledWith({ q: '', status: '', page: 1, page_size: 50 })
  })

  it('reset restores the initial filters', async () => {
    const fetcher = vi.fn(async () => page([], 0))
    const table = setup(fetcher)
    table.filters.status = 'placed'
    await table.reset()
    expect(table.filters.status).toBe('')
    expect(fetcher).toHaveBeenLastCalledWith({ q: '', status: '', page: 1, page_size: 20 })
  })

  it('drops the answer of a request overtaken by a newer one', async () => {
    let resolveSlow!: (v: ListResult<Row>) => void
    const fetcher = vi
      .fn<(q: F & PageQuery) => Promise<ListResult<Row>>>()
      .mockImplementationOnce(() => new Promise((r) => (resolveSlow = r)))
      .mockImplementationOnce(async () => page([{ id: 2 }], 1))
    const table = setup(fetcher)
    await table.search()
    resolveSlow(page([{ id: 1 }], 1))
    await flushPromises()
    expect(table.items.value).toEqual([{ id: 2 }])
  })

  it('on failure empties the table and reports the error', async () => {
    const onError = vi.fn()
    const boom = new Error('boom')
    const table = setup(async () => Promise.reject(boom), { onError })
    await flushPromises()
    expect(table.items.value).toEqual([])
    expect(table.error.value).toBe(boom)
    expect(onError).toHaveBeenCalledWith(boom)
    expect(table.loading.value).toBe(false)
  })

  it('moves to the last page when the asked page is past the end', async () => {
    const fetcher = vi.fn(async (q: F & PageQuery) => (q.page === 5 ? page([], 41, 5) : page([{ id: 41 }], 41, q.page)))
    const table = setup(fetcher, { immediate: false })
    await table.setPage(5)
    await flushPromises()
    expect(table.page.value).toBe(3)
    expect(table.items.value).toEqual([{ id: 41 }])
  })
})
