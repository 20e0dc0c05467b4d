import { describe, expect, it } from 'vitest'
import type { Role } from '@/api/auth/types'
import { appRoutes, titleKeyFor } from '@/router'
import { can, homeRouteName } from '@/router/access'

/** The side menu a role gets, as route names. */
function menuOf(role: Role): string[] {
  return appRoutes
    .filter((r) => r.meta?.menuIcon && r.meta.permission && can(role, r.meta.permission))
    .map((r) => String(r.name))
}

describe('menu by role', () => {
  it('shows the admin everything', () => {
    expect(menuOf('admin')).toEqual([
      'dashboard', 'workers', 'worker-mobile-menu', 'enterprises', 'postings', 'imports', 'lists', 'min-wages',
      'inspection-outline', 'match', 'match-policy', 'sms', 'orgs', 'users', 'audit',
    ])
  })

  it('shows county officers their lists, matching and SMS; village officers workers and imports', () => {
    expect(menuOf('county_officer')).toEqual([
      'dashboard', 'workers', 'worker-mobile-menu', 'imports', 'lists', 'min-wages', 'match', 'match-policy', 'sms',
    ])
    expect(menuOf('village_officer')).toEqual(['dashboard', 'workers', 'worker-mobile-menu', 'imports'])
  })

  it('shows stations verification, imports and matching; receiving bureaus verification without imports', () => {
    expect(menuOf('station_officer')).toEqual([
      'dashboard', 'workers', 'enterprises', 'postings', 'imports', 'lists', 'min-wages', 'inspection-outline',
      'match', 'match-policy', 'sms',
    ])
    expect(menuOf('receiving_officer')).toEqual([
      'dashboard', 'workers', 'enterprises', 'postings', 'lists', 'min-wages', 'inspection-outline', 'sms',
    ])
  })

  it('offers each import only to the roles the server lets import it', () => {
    expect((['admin', 'county_officer', 'village_officer'] as const).every((r) => can(r, 'importWorkers'))).toBe(true)
    expect(can('station_officer', 'importWorkers')).toBe(false)
    expect((['admin', 'station_officer'] as const).every((r) => can(r, 'importPostings'))).toBe(true)
    expect((['county_officer', 'receiving_officer', 'enterprise_hr'] as const).some((r) => can(r, 'importPostings'))).toBe(false)
  })

  it('shows enterprise HR postings and the workers page titled "applicants"', () => {
    expect(menuOf('enterprise_hr')).toEqual(['workers', 'postings'])
    const workers = appRoutes.find((r) => r.name === 'workers')!
    expect(titleKeyFor(workers.meta!, 'enterprise_hr')).toBe('menu.applicants')
    expect(titleKeyFor(workers.meta!, 'county_officer')).toBe('menu.workers')
  })

  it('lets only officers of the exporting side create and edit workers', () => {
    expect((['admin', 'county_officer', 'village_officer'] as const).every((r) => can(r, 'workerEdit'))).toBe(true)
    expect((['station_officer', 'receiving_officer', 'enterprise_hr', 'worker'] as const).some((r) => can(r, 'workerEdit'))).toBe(false)
    expect(can(null, 'workers')).toBe(false)
  })

  it('sends each role home to a page it may open', () => {
    expect(homeRouteName('county_officer')).toBe('dashboard')
    expect(homeRouteName('enterprise_hr')).toBe('postings')
    expect(homeRouteName('worker')).toBe('postings')
  })
})
