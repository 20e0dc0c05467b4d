import type { Role } from '../auth/types'
import type { Id, PageQuery } from '../types'

export interface UserRow {
  id: Id
  username: string
  display_name: string
  role: Role
  org_id: Id
  org_name: string
  locked: boolean
  last_login_at: string | null
}

export interface UserQuery extends PageQuery {
  q?: string
  role?: Role | ''
}

export interface UserInput {
  username: string
  display_name: string
  role: Role
  org_id: Id
  password: string
}
