import { describe, expect, it } from 'vitest'
import { divisionPath } from '@/api/divisions'
import { buildOrgTree } from '@/api/orgs'
import type { Org } from '@/api/orgs/types'

describe('divisionPath', () => {
  it('expands a village code into province, city, county, township and village', () => {
    expect(divisionPath('530622102001')).toEqual(['530000', '530600', '530622', '530622102', '530622102001'])
  })

  it('expands county and province codes', () => {
    expect(divisionPath('530622')).toEqual(['530000', '530600', '530622'])
    expect(divisionPath('530000')).toEqual(['530000'])
    expect(divisionPath('330300')).toEqual(['330000', '330300'])
  })

  it('drops the repeated code of a city without counties (东莞)', () => {
    expect(divisionPath('441900003')).toEqual(['440000', '441900', '441900003'])
  })

  it('returns nothing for a malformed code', () => {
    expect(divisionPath('5306')).toEqual([])
    expect(divisionPath('53062210')).toEqual([])
    expect(divisionPath('')).toEqual([])
  })
})

describe('buildOrgTree', () => {
  const org = (id: number, parent_id: number | null, name: string): Org => ({
    id,
    parent_id,
    name,
    type: 'county_bureau',
    region_code: '530622',
    region_name: '巧家县',
    home_region_code: null,
    city_code: null,
  })

  it('nests children under their parents', () => {
    const tree = buildOrgTree([org(1, null, 'a'), org(2, 1, 'b'), org(3, 2, 'c'), org(4, 1, 'd')])
    expect(tree.map((n) => n.name)).toEqual(['a'])
    expect(tree[0]!.children.map((n) => n.name)).toEqual(['b', 'd'])
    expect(tree[0]!.children[0]!.children.map((n) => n.name)).toEqual(['c'])
  })

  it('makes an org whose parent is outside the caller scope a root', () => {
    const tree = buildOrgTree([org(4, 3, 'county'), org(5, 4, 'township')])
    expect(tree.map((n) => n.name)).toEqual(['county'])
    expect(tree[0]!.children.map((n) => n.name)).toEqual(['township'])
  })
})
