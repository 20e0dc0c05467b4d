import { http } from '../http'
import type { ItemsResult } from '../types'
import type { DivisionNode, ResolvedDivision } from './types'

/** Children of `parent`; provinces when `parent` is empty. */
export const listDivisions = (parent = '') => http.get<ItemsResult<DivisionNode>>('/divisions', { parent })

/** Divisions whose name matches `q` (e.g. "巧家"). */
export const resolveDivisions = (q: string) => http.get<ItemsResult<ResolvedDivision>>('/divisions/resolve', { q })

export const getDivision = (code: string) => http.get<ResolvedDivision>(`/divisions/${encodeURIComponent(code)}`)

/**
 * The codes from the province down to `code`, derived from the code itself:
 * 530622101201 → [530000, 530600, 530622, 530622101, 530622101201].
 * Where a city has no counties (东莞 441900) the repeated code is dropped.
 */
export function divisionPath(code: string): string[] {
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(code)) return []
  const candidates = [code.slice(0, 2) + '0000', code.slice(0, 4) + '00', code.slice(0, 6)]
  if (code.length >= 9) candidates.push(code.slice(0, 9))
  if (code.length === 12) candidates.push(code)
  const path: string[] = []
  for (const c of candidates) if (path[path.length - 1] !== c) path.push(c)
  return path
}
