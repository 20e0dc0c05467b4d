import { http } from '../http'
import type { Id, ItemsResult } from '../types'
import type {
  Batch,
  CandidatesResult,
  OutcomeInput,
  Policy,
  PolicyInput,
  Recommendation,
  ScopeOption,
  WorkerRecommendation,
} from './types'

export const workerRecommendations = (workerId: Id | string) =>
  http.get<ItemsResult<WorkerRecommendation>>(`/workers/${workerId}/recommendations`)
export const postingCandidates = (postingId: Id | string) => http.get<CandidatesResult>(`/postings/${postingId}/candidates`)
export const setOutcome = (recId: Id, body: OutcomeInput) => http.put<Recommendation>(`/recommendations/${recId}`, body)

export const getPolicy = () => http.get<Policy>('/match/policy')
export const listPolicies = () => http.get<ItemsResult<Policy>>('/match/policies')
export const savePolicy = (body: PolicyInput) => http.put<Policy>('/match/policy', body)

export const listScopes = () => http.get<ItemsResult<ScopeOption>>('/match/scopes')
export const listBatches = () => http.get<ItemsResult<Batch>>('/match/batches')
export const getBatch = (id: Id | string) => http.get<Batch>(`/match/batches/${id}`)
/** Runs synchronously on the server: a county batch takes a second or two. */
export const runBatch = (scope: string) => http.post<Batch>('/match/batches', { scope }, { timeoutMs: 300_000 })
export const downloadBatch = (id: Id) => http.download(`/match/batches/${id}/xlsx`, {}, `match-batch-${id}.xlsx`)
