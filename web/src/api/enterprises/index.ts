import { http } from '../http'
import type { ListResult } from '../types'
import type { Enterprise, EnterpriseInput, EnterpriseQuery } from './types'

export const listEnterprises = (query: EnterpriseQuery) =>
  http.get<ListResult<Enterprise>>('/enterprises', { ...query })
export const createEnterprise = (body: EnterpriseInput) => http.post<Enterprise>('/enterprises', body)

/** The code of the field error the server sends when a credit code fails its checksum. */
export const CREDIT_CODE_CHECK = 'credit_code_check'
