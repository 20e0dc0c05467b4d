/**
 * National occupation classification (职业分类大典 2022, GB/T 6565), codes like
 * "6-29-01-01", and industry classification (GB/T 4754).
 */
export interface Occupation {
  code: string
  name: string
  level: number
  parent: string | null
}

export interface Industry {
  code: string
  name: string
  level: number
  parent: string | null
}

export interface OccupationQuery {
  q?: string
  parent?: string
}
