import type { Id, PageQuery } from '../types'

export const PAY_TYPES = ['monthly', 'hourly', 'piece'] as const
export type PayType = (typeof PAY_TYPES)[number]

export const POSTING_STATUSES = ['draft', 'submitted', 'verified', 'rejected', 'published', 'filled', 'expired'] as const
export type PostingStatus = (typeof POSTING_STATUSES)[number]

export interface Posting {
  id: Id
  enterprise_id: Id
  enterprise_name: string
  title: string
  occupation_code: string
  occupation_name: string
  region_code: string
  region_name: string
  openings: number
  /** Yuan per month (monthly, piece) or per hour (hourly). */
  wage_min: number
  wage_max: number
  pay_type: PayType
  /** Meals provided (包吃). */
  board: boolean
  /** Housing provided (包住). */
  lodging: boolean
  /** People per dorm room. */
  dorm_size: number | null
  status: PostingStatus
  valid_until: string
}

/** `GET /postings/{id}`: the contract adds nothing fixed yet; a description is shown when present. */
export interface PostingDetail extends Posting {
  description?: string | null
}

export interface PostingQuery extends PageQuery {
  q?: string
  region?: string
  occupation?: string
  status?: PostingStatus | ''
}

export interface PostingInput {
  enterprise_id: Id
  title: string
  occupation_code: string
  region_code: string
  openings: number
  wage_min: number
  wage_max: number
  pay_type: PayType
  board: boolean
  lodging: boolean
  dorm_size: number | null
  valid_until: string
  description: string
}
