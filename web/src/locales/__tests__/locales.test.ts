/**
 * Every visible string goes through vue-i18n, in both languages. These tests
 * fail when a key exists in one locale only, when the sources use a key no
 * locale has, when an enum value has no label, or when Chinese text is written
 * straight into a component instead of a locale file.
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { makeI18n } from '@/test/setup'
import { ROLES } from '@/api/auth/types'
import { ORG_TYPES } from '@/api/orgs/types'
import { PAY_TYPES, POSTING_STATUSES } from '@/api/postings/types'
import { FAMILY_NEEDS, WORKER_CATEGORIES, WORKER_STATUSES } from '@/api/workers/types'

type Tree = { [k: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}

function subtree(tree: Tree, key: string): Tree | string | undefined {
  let node: Tree | string | undefined = tree
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined
    node = node[part]
  }
  return node
}

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
function sources(dir = SRC): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (name === '__tests__' || name === 'locales' || name === 'test') continue
      out.push(...sources(p))
    } else if (/\.(vue|ts)$/.test(name) && !name.endsWith('.d.ts')) {
      out.push(p)
    }
  }
  return out
}

const zhKeys = leaves(zhCN as Tree)
const enKeys = leaves(en as Tree)
const NAMESPACES = Object.keys(zhCN).join('|')

describe('locales', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const onlyZh = [...zhKeys.keys()].filter((k) => !enKeys.has(k))
    const onlyEn = [...enKeys.keys()].filter((k) => !zhKeys.has(k))
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] })
  })

  it('has no empty message in either language', () => {
    const empty = [...zhKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  it('compiles every message in both languages', () => {
    const params = { amount: '5,500', n: 3, v: 'x', s: 60, date: '2026-01-01', region: '巧家县' }
    for (const locale of ['zh-CN', 'en'] as const) {
      const i18n = makeI18n(locale)
      for (const key of zhKeys.keys()) {
        const text = i18n.global.t(key, params)
        expect(text, `${locale} ${key}`).not.toBe(key)
        expect(text, `${locale} ${key}`).not.toMatch(/[{}]/)
      }
    }
  })

  it('has every key the sources name literally', () => {
    // Keys are JS string literals ('…' or `…` without interpolation), or a static
    // prefix="…" attribute; double quotes otherwise delimit template expressions.
    const re = new RegExp(`(?:['\`]|prefix=")((?:${NAMESPACES})\\.[A-Za-z0-9_.-]+)['"\`]`, 'g')
    const missing: string[] = []
    for (const file of sources()) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(re)) {
        const key = m[1]!
        // A prefix for keys built at run time (EnumTag prefix="worker.category") is a subtree.
        if (subtree(zhCN as Tree, key) === undefined || subtree(en as Tree, key) === undefined) {
          missing.push(`${relative(SRC, file)}: ${key}`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('labels every enum value the API can send', () => {
    const needed = [
      ...ROLES.map((r) => `role.${r}`),
      ...ORG_TYPES.map((t) => `orgType.${t}`),
      ...WORKER_CATEGORIES.map((c) => `worker.category.${c}`),
      ...WORKER_STATUSES.map((s) => `worker.status.${s}`),
      ...FAMILY_NEEDS.map((n) => `worker.familyNeeds.${n}`),
      ...POSTING_STATUSES.map((s) => `posting.status.${s}`),
      ...PAY_TYPES.flatMap((p) => [`posting.payType.${p}`, `posting.wage.${p}`, `posting.wageUnit.${p}`, `posting.wageUnitShort.${p}`]),
      'worker.sex.M',
      'worker.sex.F',
      'locale.zh-CN',
      'locale.en',
    ]
    expect(needed.filter((k) => !zhKeys.has(k) || !enKeys.has(k))).toEqual([])
  })

  it('keeps Chinese text out of components: it belongs in the locale files', () => {
    const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/
    const offenders: string[] = []
    for (const file of sources()) {
      const code = readFileSync(file, 'utf8')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
      code.split('\n').forEach((line, i) => {
        if (CJK.test(line)) offenders.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`)
      })
    }
    expect(offenders).toEqual([])
  })
})
