import type { Id } from '../types'

/** One stored publication: the supply or the demand list of a pair's month. */
export interface ListSummary {
  id: Id
  kind: 'supply' | 'demand'
  exporting_code: string
  receiving_code: string
  month: string
  enterprises: number
  postings: number
  openings: number
  workers: number
  published_at: number
}

export interface Publication {
  supply: ListSummary
  demand: ListSummary
}
