import { http } from '../http'
import type { Id, ListResult } from '../types'
import type { RevealedIdentity, WorkerDetail, WorkerInput, WorkerQuery, WorkerSummary } from './types'

export const listWorkers = (query: WorkerQuery) => http.get<ListResult<WorkerSummary>>('/workers', { ...query })
export const getWorker = (id: Id | string) => http.get<WorkerDetail>(`/workers/${id}`)
export const createWorker = (body: WorkerInput) => http.post<WorkerDetail>('/workers', body)
export const updateWorker = (id: Id | string, body: WorkerInput) => http.put<WorkerDetail>(`/workers/${id}`, body)

/** Reveals the full ID number and phone; the server audits the reason. */
export const revealWorker = (id: Id | string, reason: string) =>
  http.post<RevealedIdentity>(`/workers/${id}/reveal`, { reason })

/** The filtered list as a (masked) CSV file; pagination is ignored. */
export const exportWorkers = (query: WorkerQuery) => {
  const { page: _page, page_size: _size, ...filters } = query
  return http.download('/workers/export', filters, 'workers.csv')
}
