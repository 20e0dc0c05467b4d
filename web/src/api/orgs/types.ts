import type { Id } from '../types'

export const ORG_TYPES = [
  'province',
  'city',
  'county_bureau',
  'township',
  'village',
  'station',
  'receiving_bureau',
  'enterprise',
  'community',
  'platform',
] as const
export type OrgType = (typeof ORG_TYPES)[number]

export interface Org {
  id: Id
  parent_id: Id | null
  type: OrgType
  name: string
  region_code: string
  region_name: string
  /** For a station: the exporting region it works for. */
  home_region_code: string | null
  /** For a station: the receiving city it sits in. */
  city_code: string | null
}

export interface OrgInput {
  parent_id: Id | null
  type: OrgType
  name: string
  region_code: string
  home_region_code?: string
  city_code?: string
}

/** A labour-cooperation pair: an exporting region and the receiving region it works with. */
export interface Pair {
  id: Id
  exporting_region_code: string
  exporting_name: string
  receiving_region_code: string
  receiving_name: string
}

export interface PairInput {
  exporting_region_code: string
  receiving_region_code: string
}
