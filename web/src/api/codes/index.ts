import { http } from '../http'
import type { ItemsResult } from '../types'
import type { Industry, Occupation, OccupationQuery } from './types'

export const listOccupations = (query: OccupationQuery) =>
  http.get<ItemsResult<Occupation>>('/occupations', { q: query.q, parent: query.parent })

export const listIndustries = () => http.get<ItemsResult<Industry>>('/industries')
