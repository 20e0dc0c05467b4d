import type { Role } from '@/api/auth/types'

/**
 * Who may open which page and use which action, in one place. The server
 * enforces scope on every call; this table only decides what the console
 * offers, so a user is not shown menus that would answer 403.
 */
export const ACCESS = {
  dashboard: ['admin', 'county_officer', 'village_officer', 'station_officer', 'receiving_officer'],
  workers: ['admin', 'county_officer', 'village_officer', 'station_officer', 'receiving_officer', 'enterprise_hr'],
  workerEdit: ['admin', 'county_officer', 'village_officer'],
  workerExport: ['admin', 'county_officer', 'village_officer', 'station_officer', 'receiving_officer'],
  enterprises: ['admin', 'station_officer', 'receiving_officer'],
  enterpriseCreate: ['admin', 'station_officer', 'receiving_officer'],
  postings: ['admin', 'station_officer', 'receiving_officer', 'enterprise_hr', 'worker'],
  postingCreate: ['admin', 'station_officer', 'receiving_officer', 'enterprise_hr'],
  postingSubmit: ['admin', 'station_officer', 'receiving_officer', 'enterprise_hr'],
  postingVerify: ['admin', 'station_officer', 'receiving_officer'],
  blacklist: ['admin', 'receiving_officer'],
  lists: ['admin', 'county_officer', 'station_officer', 'receiving_officer'],
  minWages: ['admin', 'county_officer', 'station_officer', 'receiving_officer'],
  minWageEdit: ['admin'],
  outline: ['admin', 'station_officer', 'receiving_officer'],
  outlineEdit: ['admin'],
  sms: ['admin', 'county_officer', 'station_officer', 'receiving_officer'],
  orgs: ['admin'],
  users: ['admin'],
  audit: ['admin'],
  imports: ['admin', 'county_officer', 'village_officer', 'station_officer'],
  importWorkers: ['admin', 'county_officer', 'village_officer'],
  importPostings: ['admin', 'station_officer'],
  // Matching (issue 4): who runs batches, reads the policy, edits it (admins:
  // one policy serves every county), and sees recommendations and candidates.
  matchRun: ['admin', 'county_officer', 'station_officer'],
  matchPolicy: ['admin', 'county_officer', 'station_officer'],
  matchPolicyEdit: ['admin'],
  matchRecommendations: ['admin', 'county_officer', 'village_officer', 'station_officer', 'receiving_officer'],
  matchCandidates: ['admin', 'county_officer', 'station_officer', 'receiving_officer'],
  matchMark: ['admin', 'county_officer', 'village_officer', 'station_officer', 'receiving_officer'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof ACCESS

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && (ACCESS[permission] as readonly Role[]).includes(role)
}

/** Where a user lands after sign-in when no page was asked for. */
export function homeRouteName(role: Role): string {
  if (can(role, 'dashboard')) return 'dashboard'
  if (can(role, 'postings')) return 'postings'
  return 'forbidden'
}
