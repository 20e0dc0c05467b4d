import { reactive, ref, shallowRef, toRaw, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { ListResult, PageQuery } from '@/api/types'

export type Filters = Record<string, string>

export interface UseTableOptions<F extends Filters> {
  /** Initial (and reset) filter values. */
  filters: F
  pageSize?: number
  /** Keep page and filters in the URL so that Back from a detail page restores them. */
  syncQuery?: boolean
  /** Load on creation (default true). */
  immediate?: boolean
  onError?: (e: unknown) => void
}

export const PAGE_SIZES = [10, 20, 50, 100]

function readQuery<F extends Filters>(query: LocationQuery, defaults: F): { filters: F; page?: number; size?: number } {
  const filters = { ...defaults }
  for (const key of Object.keys(defaults) as (keyof F & string)[]) {
    const v = query[key]
    if (typeof v === 'string') filters[key] = v as F[typeof key]
  }
  const page = Number(query.page)
  const size = Number(query.page_size)
  return {
    filters,
    page: Number.isInteger(page) && page > 0 ? page : undefined,
    size: PAGE_SIZES.includes(size) ? size : undefined,
  }
}

/**
 * State and actions for a paginated, filterable table over a list endpoint
 * that answers `{items,total,page,page_size}`. Answers to stale requests (a
 * newer search started meanwhile) are dropped.
 */
export function useTable<T, F extends Filters>(
  fetcher: (query: F & PageQuery) => Promise<ListResult<T>>,
  options: UseTableOptions<F>,
) {
  const route = options.syncQuery ? useRoute() : null
  const router = options.syncQuery ? useRouter() : null
  const defaults = { ...options.filters }
  const fromUrl = route ? readQuery(route.query, defaults) : { filters: { ...defaults } }

  const filters = reactive({ ...fromUrl.filters }) as F
  const items: Ref<T[]> = shallowRef([])
  const total = ref(0)
  const page = ref(fromUrl.page ?? 1)
  const pageSize = ref(fromUrl.size ?? options.pageSize ?? 20)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let seq = 0

  /** The current filters without empty values, as the API and export take them. */
  function query(): F & PageQuery {
    const q = { ...(toRaw(filters) as F) }
    return { ...q, page: page.value, page_size: pageSize.value }
  }

  function syncUrl() {
    if (!router || !route) return
    const q: Record<string, string> = {}
    for (const [k, v] of Object.entries(toRaw(filters) as F)) if (v !== '') q[k] = v
    if (page.value !== 1) q.page = String(page.value)
    if (pageSize.value !== (options.pageSize ?? 20)) q.page_size = String(pageSize.value)
    void router.replace({ query: q })
  }

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const res = await fetcher(query())
      if (mine !== seq) return
      items.value = res.items
      total.value = res.total
      // A page past the end (rows removed meanwhile): go to the last page.
      const last = Math.max(1, Math.ceil(res.total / pageSize.value))
      if (res.items.length === 0 && page.value > last) {
        page.value = last
        return load()
      }
    } catch (e) {
      if (mine !== seq) return
      error.value = e
      items.value = []
      total.value = 0
      options.onError?.(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** Applies the filters from page 1. */
  function search(): Promise<void> {
    page.value = 1
    syncUrl()
    return load()
  }

  function reset(): Promise<void> {
    Object.assign(filters, defaults)
    return search()
  }

  function setPage(p: number): Promise<void> {
    page.value = p
    syncUrl()
    return load()
  }

  function setPageSize(s: number): Promise<void> {
    pageSize.value = s
    page.value = 1
    syncUrl()
    return load()
  }

  if (options.immediate !== false) void load()

  return { filters, items, total, page, pageSize, loading, error, load, search, reset, setPage, setPageSize, query }
}
