import { http } from '../http'
import type { ItemsResult, Id } from '../types'
import type {
  Outline,
  Photo,
  ProvinceMinWages,
  RejectBody,
  Review,
  RuleResult,
  VerifyBody,
} from './types'

export type LifecycleStep = 'submit' | 'verify' | 'reject' | 'publish' | 'close'

export const getOutline = (version?: number) => http.get<Outline>('/inspection/outline', { version })
export const saveOutline = (outline: Omit<Outline, 'version'>) =>
  http.put<{ version: number }>('/inspection/outline', outline)

export const getRules = (id: Id | string, publishing = false) =>
  http.get<ItemsResult<RuleResult>>(`/postings/${id}/rules`, { publishing: publishing ? 1 : undefined })
export const getReviews = (id: Id | string) => http.get<ItemsResult<Review>>(`/postings/${id}/reviews`)

export const submitPosting = (id: Id | string) => http.post<{ ok: true }>(`/postings/${id}/submit`, {})
export const verifyPosting = (id: Id | string, body: VerifyBody) =>
  http.post<{ ok: true }>(`/postings/${id}/verify`, body)
export const rejectPosting = (id: Id | string, body: RejectBody) =>
  http.post<{ ok: true }>(`/postings/${id}/reject`, body)
export const publishPosting = (id: Id | string) => http.post<{ ok: true }>(`/postings/${id}/publish`, {})
export const closePosting = (id: Id | string, status: 'filled' | 'expired') =>
  http.post<{ ok: true }>(`/postings/${id}/close`, { status })

export const listPhotos = (id: Id | string) => http.get<ItemsResult<Photo>>(`/postings/${id}/photos`)
export const removePhoto = (id: Id) => http.delete<{ ok: true }>(`/photos/${id}`)

/** Uploads one photo as the raw request body; `name` names it in errors. */
export const uploadPhoto = (postingId: Id | string, file: File) =>
  http.post<Photo>(`/postings/${postingId}/photos`, file, { params: { name: file.name } })

export const listMinWages = () => http.get<ItemsResult<ProvinceMinWages>>('/min-wages')
export const saveMinWages = (t: Pick<ProvinceMinWages, 'province_code' | 'effective_from' | 'source' | 'tiers' | 'regions'>) =>
  http.put<{ version: number }>(`/min-wages/${t.province_code}`, t)
export const minWageVersions = (province: string) =>
  http.get<ItemsResult<ProvinceMinWages>>(`/min-wages/${province}/versions`)

export const setBlacklisted = (enterpriseId: Id, blacklisted: boolean, reason: string) =>
  http.post<{ ok: true }>(`/enterprises/${enterpriseId}/blacklist`, { blacklisted, reason })
