import type { Id } from '../types'

export const ROLES = [
  'admin',
  'county_officer',
  'village_officer',
  'station_officer',
  'receiving_officer',
  'enterprise_hr',
  'worker',
] as const
export type Role = (typeof ROLES)[number]

/** The signed-in user, as `/auth/login` and `/auth/me` return it. */
export interface User {
  id: Id
  username: string
  display_name: string
  role: Role
  org_id: Id
  org_name: string
  region_code: string
  region_name: string
}

export interface Session {
  user: User
  csrf_token: string
}

export interface LoginRequest {
  username: string
  password: string
}
