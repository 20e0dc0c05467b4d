import { http } from '../http'
import type { ListResult } from '../types'
import type { AuditEntry, AuditQuery } from './types'

export const listAudit = (query: AuditQuery) => http.get<ListResult<AuditEntry>>('/audit', { ...query })
