import type { Id, LocalizedText } from '../types'
import type { PostingDetail } from '../postings/types'
import type { WorkerCategory } from '../workers/types'

/** What an official can mark on a recommendation; "none" until marked. */
export const OUTCOMES = ['none', 'contacted', 'interested', 'applied', 'hired', 'declined'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** Common reasons for "declined" offered in a select (free text is allowed too). */
export const DECLINE_REASONS = ['tooFar', 'payTooLow', 'family', 'health', 'foundJob', 'notInterested', 'unreachable'] as const
export type DeclineReason = (typeof DECLINE_REASONS)[number]

export interface Recommendation {
  id: Id
  batch_id: Id
  worker_id: Id
  worker_name: string
  posting_id: Id
  posting_title: string
  enterprise_name: string
  /** 1 = the worker's best. */
  rank: number
  score: number
  reasons: LocalizedText
  outcome: Outcome
  outcome_reason: string
}

/** `GET /workers/{id}/recommendations`: each with the posting's key facts (null if withdrawn). */
export interface WorkerRecommendation extends Recommendation {
  posting: PostingDetail | null
}

/** `GET /postings/{id}/candidates`: the worker's facts, ID number masked. */
export interface Candidate extends Recommendation {
  worker: {
    id_number_masked: string
    sex: 'M' | 'F'
    birth_date: string
    county_code: string
    county_name: string
    category: WorkerCategory
    wage_floor: number | null
  }
}

export interface CandidatesResult {
  items: Candidate[]
  total: number
  openings: number
}

export interface OutcomeInput {
  outcome: Outcome
  reason?: string
}

export const POLICY_WEIGHTS = [
  'occupation',
  'certificate',
  'pay',
  'place',
  'travel',
  'lodging',
  'board',
  'inspection',
  'enterprise',
] as const
export type PolicyWeight = (typeof POLICY_WEIGHTS)[number]

export interface PolicyInput {
  weights: Record<PolicyWeight, number>
  priority_poverty: number
  priority_disabled: number
  alpha: number
  k: number
  candidates_per_worker: number
}

export interface Policy extends PolicyInput {
  version: number
  max_score: number
  created_by_name: string
  /** Unix seconds; 0 for the built-in default. */
  created_at: number
}

/** Bounds the server enforces (src/match/policy.cc), mirrored for the form. */
export const POLICY_LIMITS = {
  weight: [0, 100],
  priority_poverty: [0, 100],
  priority_disabled: [0, 100],
  alpha: [1, 20],
  k: [1, 50],
  candidates_per_worker: [1, 200],
} as const

export interface BatchScope {
  label: string
  kind: 'pair' | 'county' | 'province' | ''
  region_code: string
  region_name: string
  city_code: string
  city_name: string
}

/** `GET /match/scopes`: what the caller may run; `scope` is what POST takes. */
export interface ScopeOption extends BatchScope {
  scope: string
}

export interface BatchQuality {
  workers_available: number
  workers_covered: number
  coverage: number
  recommendations: number
  objective: number
  expected_placements: number
  openings: number
  max_recs_per_opening: number
  gini_recs_per_opening: number
  priority_share: number
  priority_population: number
  gap_to_optimum?: number
  certified_ratio?: number
}

export interface Batch {
  id: Id
  scope: BatchScope
  policy_version: number
  workers: number
  postings: number
  skipped: Record<string, number>
  quality: Partial<BatchQuality>
  created_by_name: string
  created_at: number
  /** Only from `GET /match/batches/{id}`. */
  recs_per_opening?: number[]
  /** Only from `POST /match/batches`. */
  seconds?: number
}
