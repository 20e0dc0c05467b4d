import { http } from '../http'
import type { ListResult } from '../types'
import type { UserInput, UserQuery, UserRow } from './types'

export const listUsers = (query: UserQuery) => http.get<ListResult<UserRow>>('/users', { ...query })
export const createUser = (body: UserInput) => http.post<UserRow>('/users', body)
