import type { Id } from '../types'
import type { PostingStatus } from '../postings/types'

/** One outline item's answer: 符合 / 不符合 / 不适用, with a note. */
export const ANSWER_RESULTS = ['ok', 'fail', 'na'] as const
export type AnswerResult = (typeof ANSWER_RESULTS)[number]
export interface Answer {
  result: AnswerResult
  note: string
}

export interface OutlineItem {
  id: string
  text: string
}
export interface OutlineCategory {
  key: string
  name: string
  name_en?: string
  items: OutlineItem[]
}
/** `GET /inspection/outline`: the current (or a stored) version. */
export interface Outline {
  version: number
  categories: OutlineCategory[]
}

/** `GET /postings/{id}/rules`. */
export interface RuleResult {
  rule: 'min_wage' | 'discrimination' | 'openings' | 'dates' | 'blacklist' | string
  field: string
  blocking: boolean
  message: string
  message_en: string
}

export const REVIEW_ACTIONS = ['submit', 'verify', 'reject', 'publish', 'fill', 'expire'] as const
export type ReviewAction = (typeof REVIEW_ACTIONS)[number]

/** `GET /postings/{id}/reviews`: one step of the posting's life. */
export interface Review {
  id: Id
  action: ReviewAction
  from_status: PostingStatus
  to_status: PostingStatus
  outline_version: number | null
  answers: Record<string, Answer>
  reasons: string[]
  /** Ids of the photos taken on the visit this review closed. */
  photos: (number | string)[]
  actor: Id
  actor_name: string
  created_at: number
}

export interface Photo {
  id: Id
  posting_id: Id
  /** null while the visit is under way. */
  review_id: Id | null
  sha256: string
  filename: string
  content_type: 'image/jpeg' | 'image/png'
  size: number
  uploaded_by: Id
  uploaded_at: number
  url: string
}

export interface VerifyBody {
  answers: Record<string, Answer>
  requirement_exception?: string
}
export interface RejectBody {
  reasons: string[]
  answers?: Record<string, Answer>
}

export interface MinWageTier {
  tier: number
  monthly: number
  hourly: number
}
export interface MinWageRegion {
  code: string
  tier: number
  name?: string
}
/** `GET /min-wages` item and `PUT /min-wages/{province}` body. */
export interface ProvinceMinWages {
  province_code: string
  province_name?: string
  effective_from: string
  source: string
  tiers: MinWageTier[]
  regions: MinWageRegion[]
  version: number
  changed_by: Id
  changed_by_name: string
  changed_at: number
}
