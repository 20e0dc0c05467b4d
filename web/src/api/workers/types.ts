import type { Id, PageQuery } from '../types'

export const WORKER_CATEGORIES = ['poverty_alleviated', 'relocated', 'disabled', 'general'] as const
export type WorkerCategory = (typeof WORKER_CATEGORIES)[number]

export const WORKER_STATUSES = ['available', 'placed', 'not_seeking'] as const
export type WorkerStatus = (typeof WORKER_STATUSES)[number]

export type Sex = 'M' | 'F'

/** A row of `GET /workers`. Identity numbers arrive masked. */
export interface WorkerSummary {
  id: Id
  name: string
  sex: Sex
  birth_date: string
  age: number
  /** e.g. "530622********1234" */
  id_number_masked: string
  /** e.g. "138****5678"; null when the worker has no phone. */
  phone_masked: string | null
  region_code: string
  region_name: string
  category: WorkerCategory
  status: WorkerStatus
  occupations: string[]
  occupation_names: string[]
  wanted_regions: string[]
  wanted_region_names: string[]
  /** Lowest acceptable monthly wage, in yuan. */
  wage_floor: number | null
  updated_at: string
}

export const FAMILY_NEEDS = ['children', 'elderly', 'disability', 'couple', 'work_from_home'] as const
export type FamilyNeed = (typeof FAMILY_NEEDS)[number]
export type FamilyNeeds = Record<FamilyNeed, boolean>

/** `GET /workers/{id}`. */
export interface WorkerDetail extends WorkerSummary {
  family_needs: FamilyNeeds
  skills: string[]
  training_wanted: string | null
  leave_date: string | null
  notes: string | null
  version: number
  /** Not in the detail contract yet; read when the server sends it. */
  local_only?: boolean
}

export interface WorkerQuery extends PageQuery {
  q?: string
  region?: string
  category?: WorkerCategory | ''
  status?: WorkerStatus | ''
}

/**
 * Body of `POST /workers` and `PUT /workers/{id}`. On PUT, `id_number` and
 * `phone` are sent only when the user typed a new value (the console never
 * holds the unmasked ones); an omitted key means "unchanged".
 */
export interface WorkerInput {
  name: string
  id_number?: string
  phone?: string | null
  region_code: string
  category: WorkerCategory
  status: WorkerStatus
  occupations: string[]
  wanted_regions: string[]
  local_only: boolean
  wage_floor: number | null
  family_needs: FamilyNeeds
  skills: string[]
  training_wanted: string | null
  leave_date: string | null
  notes: string | null
  version?: number
}

/** `POST /workers/{id}/reveal`: unmasked, audited. */
export interface RevealedIdentity {
  id_number: string
  phone: string | null
}
