import type { WorkerCategory, WorkerStatus } from '../workers/types'

/** `GET /stats/summary`: counts within the caller's scope. */
export interface StatsSummary {
  workers_total: number
  workers_by_category: Record<WorkerCategory, number>
  workers_by_status: Record<WorkerStatus, number>
  enterprises_total: number
  postings_total: number
  openings_total: number
  placements_total: number
}
