import { http } from '../http'
import type { Id, ItemsResult } from '../types'
import type { ListSummary, Publication } from './types'

/** pair: "451425:440700" (codes) or names; month: "YYYY-MM". */
export const publishLists = (pair: string, month: string) => http.post<Publication>('/lists/publish', { pair, month })
export const listHistory = () => http.get<ItemsResult<ListSummary>>('/lists')
export const downloadList = (id: Id, fallbackName: string) => http.download(`/lists/${id}/download`, {}, fallbackName)
