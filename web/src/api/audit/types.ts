import type { Id, PageQuery } from '../types'

export interface AuditEntry {
  id: Id
  /** ISO 8601 time. */
  at: string
  user_id: Id | null
  username: string
  action: string
  object: string
  result: string
}

export type AuditQuery = PageQuery
