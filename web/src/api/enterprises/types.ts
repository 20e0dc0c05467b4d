import type { Id, LocalizedText, PageQuery } from '../types'

export interface Enterprise {
  id: Id
  name: string
  /** Unified social credit code (GB 32100). */
  credit_code: string
  /** Set when the code failed its checksum and was accepted with a reason. */
  credit_code_warning: LocalizedText | string | null
  region_code: string
  region_name: string
  industry_code: string
  industry_name: string
  contact_name: string
  blacklisted: boolean
  postings_count: number
}

export interface EnterpriseQuery extends PageQuery {
  q?: string
  region?: string
}

export interface EnterpriseInput {
  name: string
  credit_code: string
  region_code: string
  industry_code: string
  contact_name: string
  contact_phone?: string
  /** Sent only to accept a credit code that fails its checksum. */
  credit_code_override_reason?: string
}
