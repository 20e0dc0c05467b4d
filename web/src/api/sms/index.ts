import { http } from '../http'
import type { Id, ItemsResult } from '../types'
import type {
  Campaign,
  CampaignInput,
  CampaignPreview,
  MessageState,
  SendReport,
  SmsLength,
  SmsMessage,
  SmsStatus,
  SmsTemplate,
  TemplateInput,
} from './types'

export const smsLength = (text: string, optOutLine = true) =>
  http.post<SmsLength>('/sms/length', { text, opt_out_line: optOutLine })

export const listTemplates = () => http.get<ItemsResult<SmsTemplate>>('/sms/templates')
export const createTemplate = (body: TemplateInput) => http.post<SmsTemplate>('/sms/templates', body)
/** Admins only; a rejection carries the reason the author will read. */
export const reviewTemplate = (id: Id, approve: boolean, reason = '') =>
  http.post<SmsTemplate>(`/sms/templates/${id}/review`, { approve, reason })

export const listCampaigns = () => http.get<ItemsResult<Campaign>>('/sms/campaigns')
export const getCampaign = (id: Id | string) => http.get<Campaign>(`/sms/campaigns/${id}`)
export const createCampaign = (body: CampaignInput) => http.post<Campaign>('/sms/campaigns', body)
export const previewCampaign = (id: Id | string) => http.get<CampaignPreview>(`/sms/campaigns/${id}/preview`)
export const sendCampaign = (id: Id | string) => http.post<SendReport>(`/sms/campaigns/${id}/send`)
export const campaignMessages = (id: Id | string, state: MessageState | '', page = 1, pageSize = 50) =>
  http.get<ItemsResult<SmsMessage> & { page: number; page_size: number }>(`/sms/campaigns/${id}/messages`, {
    state,
    page,
    page_size: pageSize,
  })
export const retryCampaign = (id: Id | string) => http.post<{ requeued: number }>(`/sms/campaigns/${id}/retry`)

/** A worker's messages; `opted_out` is null when no phone is on record. */
export const workerMessages = (workerId: Id | string) =>
  http.get<ItemsResult<SmsMessage> & { opted_out: boolean | null }>(`/workers/${workerId}/sms`)
/** Records an opt-out (or its end) the worker asked for in person or by telephone. */
export const setWorkerOptOut = (workerId: Id | string, optedOut: boolean) =>
  http.put<{ opted_out: boolean }>(`/workers/${workerId}/sms-optout`, { opted_out: optedOut })
export const smsStatus = () => http.get<SmsStatus>('/sms/status')
