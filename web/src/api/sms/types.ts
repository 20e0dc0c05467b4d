import type { Id } from '../types'

export type TemplateStatus = 'draft' | 'approved' | 'rejected'

/** A row of `GET /sms/templates`. `body` holds `{{variable}}` placeholders. */
export interface SmsTemplate {
  id: Id
  org_id: Id
  name: string
  body: string
  variables: string[]
  status: TemplateStatus
  created_by: Id
  approved_by: Id | null
  created_at: number
  /** Why an admin rejected it; "" otherwise. */
  review_reason: string
  /** The organisation that submitted it. */
  org_name: string
}

export interface TemplateInput {
  name: string
  body: string
}

/** Variables a template may use; `name` is each recipient's own. */
export const TEMPLATE_VARIABLES = ['name', 'enterprise', 'job', 'wage', 'city', 'date', 'phone', 'place'] as const

/** `POST /sms/length`: the whole text as the operators count it. */
export interface SmsLength {
  encoding: 'gsm7' | 'ucs2'
  units: number
  parts: number
  text: string
  max_parts: number
}

export interface AudienceFilter {
  region_code?: string
  category?: string
  status?: string
  occupation?: string
  wanted_region?: string
}

/** Exactly one kind: a posting's matched workers, a filter, or a list. */
export type Audience =
  | { posting: { posting_id: Id; top: number } }
  | { filter: AudienceFilter }
  | { worker_ids: Id[] }

export interface CampaignInput {
  name: string
  template_id: Id
  audience: Audience
  variables: Record<string, string>
}

export interface Progress {
  queued: number
  sending: number
  sent: number
  delivered: number
  failed: number
  total: number
}

export interface Campaign {
  id: Id
  org_id: Id
  name: string
  template_id: Id
  status: 'draft' | 'sending'
  recipients: number
  skipped: number
  created_by: Id
  created_at: number
  sent_at: number | null
  audience: Audience
  /** A posting audience: that posting's title ('' otherwise). */
  posting_title?: string
  variables: Record<string, string>
  /** Present on `GET /sms/campaigns/{id}`. */
  progress?: Progress
}

export interface CampaignPreview {
  text: string
  encoding: 'gsm7' | 'ucs2'
  units: number
  parts: number
  recipients: number
  excluded: number
  without_phone: number
  invalid_phone: number
  opted_out: number
  already_notified: number
  parts_total: number
  sample: { worker_id: Id; phone_masked: string } | null
  quiet_hours: { start: string; end: string; now: boolean; not_before: number }
}

export interface SendReport {
  queued: number
  skipped: number
  not_before: number
}

export type MessageState = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed'

export interface SmsMessage {
  id: Id
  campaign_id: Id | null
  worker_id: Id | null
  phone_masked: string
  body: string
  parts: number
  priority: number
  state: MessageState
  reason: string
  attempts: number
  not_before: number
  created_at: number
  sent_at: number | null
  delivered_at: number | null
}

/**
 * `GET /sms/status`. Only `outbox` is certain; the gateway block and its
 * fields arrive from newer servers, so every one of them is optional.
 */
export interface SmsStatus {
  outbox: Progress
  gateway?: {
    state?: string
    since?: number | null
    last_error?: string | null
    next_retry_at?: number | null
    [key: string]: unknown
  }
  [key: string]: unknown
}
