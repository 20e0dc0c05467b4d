/**
 * Administrative divisions (GB/T 2260 and the NBS township/village codes):
 * 6 digits for province, city and county, 9 for a township, 12 for a village.
 * The contract does not fix how `level` is encoded, so the console never
 * branches on it; it uses `leaf` and the length of `code`.
 */
export type DivisionLevel = number | string

export interface DivisionNode {
  code: string
  name: string
  level: DivisionLevel
  leaf: boolean
}

export interface ResolvedDivision {
  code: string
  name: string
  full_name: string
  level: DivisionLevel
}
