import { http } from '../http'
import type { StatsSummary } from './types'

export const getSummary = () => http.get<StatsSummary>('/stats/summary')
