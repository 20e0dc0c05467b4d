#!/usr/bin/env node
// Dev mock of the xiezuo API (/api/v1) with a few fake rows, serving web/dist
// at /. For developing and screenshotting the console before the C++ server is
// ready. NOT used in production and NOT used by the e2e test (which runs
// against the real server given in XIEZUO_URL).
//
//   node mock/server.mjs            # port 5174, or MOCK_PORT
//   users: admin/xiezuo-admin, qiaojia/xiezuo-demo (county officer),
//          wenzhou/xiezuo-demo (station), huada/xiezuo-demo (enterprise HR)
import { createServer } from 'node:http'
import { randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as div from './divisions.mjs'
import * as db from './data.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const PORT = Number(process.env.MOCK_PORT ?? 5174)
const HOST = process.env.MOCK_HOST ?? '127.0.0.1'
const sessions = new Map() // sid -> { user, csrf }
const failures = new Map() // username -> count

const L = (zh, en) => ({ zh, en })
class HttpError extends Error {
  constructor(status, code, message, fields = []) {
    super(message.en)
    Object.assign(this, { status, code, localized: message, fields })
  }
}
const fieldErr = (field, zh, en, code) => ({ field, message: L(zh, en), ...(code ? { code } : {}) })

function send(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(data)
}

async function readBody(req) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'invalid_argument', L('请求体不是合法的 JSON。', 'The request body is not valid JSON.'))
  }
}

function cookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

function publicUser(u) {
  const { password: _p, locked: _l, last_login_at: _t, ...rest } = u
  return rest
}

function paginate(list, q) {
  const page = Math.max(1, Number(q.get('page') ?? 1) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(q.get('page_size') ?? 20) || 20))
  return { items: list.slice((page - 1) * pageSize, page * pageSize), total: list.length, page, page_size: pageSize }
}

const maskId = (v) => v.slice(0, 6) + '********' + v.slice(-4)
const maskPhone = (v) => (v ? v.slice(0, 3) + '****' + v.slice(-4) : null)
function workerSummary(w) {
  const { id_number, phone, family_needs: _f, skills: _s, training_wanted: _t, leave_date: _l, notes: _n, version: _v, local_only: _lo, ...rest } = w
  return { ...rest, id_number_masked: maskId(id_number), phone_masked: maskPhone(phone) }
}
function workerDetail(w) {
  const { id_number: _i, phone: _p, ...rest } = w
  return { ...rest, id_number_masked: maskId(w.id_number), phone_masked: maskPhone(w.phone) }
}

function scopeWorkers(user) {
  if (user.role === 'county_officer' || user.role === 'village_officer') {
    return db.workers.filter((w) => w.region_code.startsWith(user.region_code))
  }
  if (user.role === 'enterprise_hr') return db.workers.filter((w) => w.id % 5 === 0) // "applied to us"
  return db.workers
}

function filterWorkers(user, q) {
  const kw = (q.get('q') ?? '').trim()
  const region = q.get('region') ?? ''
  const category = q.get('category') ?? ''
  const status = q.get('status') ?? ''
  return scopeWorkers(user).filter(
    (w) =>
      (!kw || w.name.includes(kw) || w.id_number.endsWith(kw)) &&
      (!region || w.region_code.startsWith(region.replace(/0+$/, ''))) &&
      (!category || w.category === category) &&
      (!status || w.status === status),
  )
}

function need(user, ...roles) {
  if (!roles.includes(user.role)) throw new HttpError(403, 'permission_denied', L('没有权限执行此操作。', 'You are not allowed to do this.'))
}

function validateWorker(b, isNew) {
  const f = []
  if (!b.name || String(b.name).trim().length < 2) f.push(fieldErr('name', '请输入姓名（至少 2 个字）。', 'Enter the name (at least 2 characters).'))
  if (isNew || b.id_number !== undefined) {
    const v = String(b.id_number ?? '')
    let ok = /^\d{17}[\dX]$/.test(v)
    if (ok) {
      const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
      let s = 0
      for (let i = 0; i < 17; i++) s += Number(v[i]) * W[i]
      ok = '10X98765432'[s % 11] === v[17]
    }
    if (!ok) f.push(fieldErr('id_number', '公民身份号码校验位不正确，请核对后重新输入。', 'The ID number fails its check digit. Check it and type it again.'))
    else if (db.workers.some((w) => w.id_number === v && w.id !== b.__id))
      f.push(fieldErr('id_number', '该公民身份号码已登记。', 'This ID number is already registered.'))
  }
  if (b.phone && !/^1[3-9]\d{9}$/.test(b.phone)) f.push(fieldErr('phone', '手机号码格式不正确。', 'The mobile number is not valid.'))
  if (!b.region_code || !div.get(b.region_code)) f.push(fieldErr('region_code', '请选择户籍地。', 'Choose the home region.'))
  if (b.wage_floor !== null && b.wage_floor !== undefined && b.wage_floor < 1690)
    f.push(fieldErr('wage_floor', '期望月薪低于云南省最低工资标准（1,690 元）。', 'The wage floor is below the Yunnan minimum wage (1,690 yuan).'))
  if (f.length) throw new HttpError(400, 'invalid_argument', L('请修改标红的字段后再提交。', 'Correct the fields marked in red and submit again.'), f)
}

function workerFromBody(b, base) {
  const occ = Array.isArray(b.occupations) ? b.occupations : []
  const want = Array.isArray(b.wanted_regions) ? b.wanted_regions : []
  const idn = b.id_number ?? base?.id_number
  const birth = `${idn.slice(6, 10)}-${idn.slice(10, 12)}-${idn.slice(12, 14)}`
  return {
    ...base,
    name: String(b.name).trim(),
    id_number: idn,
    phone: b.phone === undefined ? base?.phone ?? null : b.phone,
    sex: Number(idn[16]) % 2 === 1 ? 'M' : 'F',
    birth_date: birth,
    age: 2026 - Number(idn.slice(6, 10)),
    region_code: b.region_code,
    region_name: div.fullName(b.region_code),
    category: b.category,
    status: b.status,
    occupations: occ,
    occupation_names: occ.map(db.occName),
    wanted_regions: want,
    wanted_region_names: want.map((c) => div.name(c)),
    local_only: !!b.local_only,
    wage_floor: b.wage_floor ?? null,
    family_needs: b.family_needs,
    skills: b.skills ?? [],
    training_wanted: b.training_wanted ?? null,
    leave_date: b.leave_date ?? null,
    notes: b.notes ?? null,
    updated_at: new Date().toISOString(),
    version: (base?.version ?? 0) + 1,
  }
}

async function api(req, res, url) {
  const path = url.pathname.slice('/api/v1'.length)
  const q = url.searchParams
  const m = req.method

  if (path === '/auth/login' && m === 'POST') {
    const b = await readBody(req)
    const u = db.users.find((x) => x.username === b.username)
    const n = failures.get(b.username) ?? 0
    if (n >= 5 || u?.locked)
      throw new HttpError(429, 'too_many_requests', L('登录失败次数过多，账号已临时锁定，请 15 分钟后再试。', 'Too many failed sign-ins. The account is locked for 15 minutes.'))
    if (!u || u.password !== b.password) {
      failures.set(b.username, n + 1)
      throw new HttpError(401, 'unauthenticated', L('用户名或密码不正确。', 'Wrong username or password.'))
    }
    failures.delete(b.username)
    const sid = randomBytes(16).toString('hex')
    const csrf = randomBytes(16).toString('hex')
    sessions.set(sid, { user: u, csrf })
    u.last_login_at = new Date().toISOString()
    db.record(u, 'login', 'session')
    return send(res, 200, { user: publicUser(u), csrf_token: csrf }, { 'Set-Cookie': `xz_session=${sid}; HttpOnly; SameSite=Strict; Path=/` })
  }

  const sid = cookie(req, 'xz_session')
  const session = sid ? sessions.get(sid) : null
  if (!session) throw new HttpError(401, 'unauthenticated', L('登录已失效，请重新登录。', 'Your session has ended. Please sign in again.'))
  const user = session.user
  if (m !== 'GET' && req.headers['x-csrf-token'] !== session.csrf)
    throw new HttpError(403, 'permission_denied', L('请求校验失败，请刷新页面后重试。', 'The request failed its CSRF check. Reload the page and try again.'))

  if (path === '/auth/me' && m === 'GET') return send(res, 200, { user: publicUser(user), csrf_token: session.csrf })
  if (path === '/auth/logout' && m === 'POST') {
    sessions.delete(sid)
    return send(res, 204, undefined, { 'Set-Cookie': 'xz_session=; Max-Age=0; Path=/' })
  }

  if (path === '/stats/summary') {
    const ws = scopeWorkers(user)
    const count = (k, v) => ws.filter((w) => w[k] === v).length
    return send(res, 200, {
      workers_total: ws.length,
      workers_by_category: { poverty_alleviated: count('category', 'poverty_alleviated'), relocated: count('category', 'relocated'), disabled: count('category', 'disabled'), general: count('category', 'general') },
      workers_by_status: { available: count('status', 'available'), placed: count('status', 'placed'), not_seeking: count('status', 'not_seeking') },
      enterprises_total: db.enterprises.length,
      postings_total: db.postings.length,
      openings_total: db.postings.reduce((s, p) => s + p.openings, 0),
      placements_total: count('status', 'placed'),
    })
  }

  if (path === '/divisions') return send(res, 200, { items: await div.children(q.get('parent') ?? '') })
  if (path === '/divisions/resolve') return send(res, 200, { items: div.resolve(q.get('q') ?? '') })
  let mm = /^\/divisions\/(\d+)$/.exec(path)
  if (mm) {
    const d = div.get(mm[1])
    if (!d) throw new HttpError(404, 'not_found', L('行政区划代码不存在。', 'No such division code.'))
    return send(res, 200, d)
  }
  if (path === '/occupations') {
    const kw = q.get('q') ?? ''
    const parent = q.get('parent')
    return send(res, 200, { items: db.occupations.filter((o) => (!kw || o.name.includes(kw) || o.code.startsWith(kw)) && (!parent || o.parent === parent)) })
  }
  if (path === '/industries') return send(res, 200, { items: db.industries })

  if (path === '/orgs' && m === 'GET') return send(res, 200, { items: db.orgs })
  if (path === '/orgs' && m === 'POST') {
    need(user, 'admin')
    const b = await readBody(req)
    const f = []
    if (!b.name) f.push(fieldErr('name', '请输入机构名称。', 'Enter the name.'))
    if (!b.region_code) f.push(fieldErr('region_code', '请选择所在地区。', 'Choose the region.'))
    if (f.length) throw new HttpError(400, 'invalid_argument', L('请修改标红的字段。', 'Correct the fields marked in red.'), f)
    const o = { id: Math.max(...db.orgs.map((x) => x.id)) + 1, home_region_code: null, city_code: null, ...b, region_name: div.fullName(b.region_code) }
    db.orgs.push(o)
    return send(res, 201, o)
  }
  mm = /^\/orgs\/(\d+)$/.exec(path)
  if (mm) {
    const o = db.orgs.find((x) => x.id === Number(mm[1]))
    if (!o) throw new HttpError(404, 'not_found', L('机构不存在。', 'No such organisation.'))
    return send(res, 200, o)
  }
  if (path === '/pairs' && m === 'GET') return send(res, 200, { items: db.pairs })
  if (path === '/pairs' && m === 'POST') {
    need(user, 'admin')
    const b = await readBody(req)
    const p = { id: db.pairs.length + 1, ...b, exporting_name: div.fullName(b.exporting_region_code), receiving_name: div.fullName(b.receiving_region_code) }
    db.pairs.push(p)
    return send(res, 201, p)
  }

  if (path === '/users' && m === 'GET') {
    need(user, 'admin')
    const kw = q.get('q') ?? ''
    const role = q.get('role') ?? ''
    const list = db.users
      .filter((u) => (!kw || u.username.includes(kw) || u.display_name.includes(kw)) && (!role || u.role === role))
      .map(({ password: _p, region_code: _r, region_name: _n, ...u }) => u)
    return send(res, 200, paginate(list, q))
  }
  if (path === '/users' && m === 'POST') {
    need(user, 'admin')
    const b = await readBody(req)
    if (db.users.some((u) => u.username === b.username))
      throw new HttpError(409, 'already_exists', L('用户名已存在。', 'The username is taken.'), [fieldErr('username', '该用户名已被使用。', 'This username is taken.')])
    const org = db.orgs.find((o) => o.id === b.org_id)
    const u = { id: db.users.length + 1, ...b, org_name: org?.name ?? '', region_code: org?.region_code ?? '', region_name: org?.region_name ?? '', locked: false, last_login_at: null }
    db.users.push(u)
    return send(res, 201, publicUser(u))
  }

  if (path === '/workers' && m === 'GET') return send(res, 200, paginate(filterWorkers(user, q).map(workerSummary), q))
  if (path === '/workers/export' && m === 'GET') {
    need(user, 'admin', 'county_officer', 'village_officer', 'station_officer', 'receiving_officer')
    const rows = filterWorkers(user, q).map(workerSummary)
    const head = '姓名,性别,年龄,公民身份号码,手机号码,户籍地,类别,状态\n'
    const csv = head + rows.map((w) => [w.name, w.sex, w.age, w.id_number_masked, w.phone_masked ?? '', w.region_name, w.category, w.status].join(',')).join('\n')
    db.record(user, 'worker.export', `workers?${q.toString()}`)
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="workers.csv"; filename*=UTF-8''${encodeURIComponent('务工人员.csv')}` })
    return res.end('\ufeff' + csv)
  }
  if (path === '/workers' && m === 'POST') {
    need(user, 'admin', 'county_officer', 'village_officer')
    const b = await readBody(req)
    validateWorker(b, true)
    const w = workerFromBody(b, { id: Math.max(...db.workers.map((x) => x.id)) + 1 })
    db.workers.unshift(w)
    db.record(user, 'worker.create', `worker/${w.id}`)
    return send(res, 201, workerDetail(w))
  }
  mm = /^\/workers\/(\d+)(\/reveal)?$/.exec(path)
  if (mm) {
    const w = scopeWorkers(user).find((x) => x.id === Number(mm[1]))
    if (!w) throw new HttpError(404, 'not_found', L('该人员不存在或不在您的管辖范围内。', 'No such worker within your scope.'))
    if (mm[2] && m === 'POST') {
      const b = await readBody(req)
      if (!b.reason || String(b.reason).trim().length < 4)
        throw new HttpError(400, 'invalid_argument', L('请填写查看事由。', 'Give a reason.'), [fieldErr('reason', '查看事由至少 4 个字。', 'The reason needs at least 4 characters.')])
      db.record(user, 'worker.reveal', `worker/${w.id} reason=${b.reason}`)
      return send(res, 200, { id_number: w.id_number, phone: w.phone })
    }
    if (m === 'GET') {
      db.record(user, 'worker.view', `worker/${w.id}`)
      return send(res, 200, workerDetail(w))
    }
    if (m === 'PUT') {
      need(user, 'admin', 'county_officer', 'village_officer')
      const b = await readBody(req)
      if (b.version !== w.version)
        throw new HttpError(409, 'failed_precondition', L('该记录已被他人修改，请刷新后重试。', 'Someone else changed this record. Reload and try again.'))
      validateWorker({ ...b, __id: w.id }, false)
      const updated = workerFromBody(b, w)
      db.workers[db.workers.indexOf(w)] = updated
      db.record(user, 'worker.update', `worker/${w.id}`)
      return send(res, 200, workerDetail(updated))
    }
  }

  if (path === '/enterprises' && m === 'GET') {
    const kw = q.get('q') ?? ''
    const region = (q.get('region') ?? '').replace(/0+$/, '')
    let list = db.enterprises.filter((e) => (!kw || e.name.includes(kw) || e.credit_code.includes(kw.toUpperCase())) && (!region || e.region_code.startsWith(region)))
    if (user.role === 'enterprise_hr') list = list.filter((e) => e.name === user.org_name)
    return send(res, 200, paginate(list, q))
  }
  if (path === '/enterprises' && m === 'POST') {
    need(user, 'admin', 'station_officer', 'receiving_officer')
    const b = await readBody(req)
    const f = []
    if (!b.name) f.push(fieldErr('name', '请输入企业名称。', 'Enter the name.'))
    if (!db.creditCodeValid(b.credit_code) && !b.credit_code_override_reason) {
      throw new HttpError(400, 'credit_code_check', L('统一社会信用代码未通过校验。', 'The credit code fails its checksum.'), [
        fieldErr('credit_code', '校验位不正确；如核实无误，请填写保留原因。', 'Wrong check character; if checked, give a reason to keep it.', 'credit_code_check'),
      ])
    }
    if (f.length) throw new HttpError(400, 'invalid_argument', L('请修改标红的字段。', 'Correct the fields marked in red.'), f)
    const e = {
      id: Math.max(...db.enterprises.map((x) => x.id)) + 1, name: b.name, credit_code: b.credit_code,
      credit_code_warning: b.credit_code_override_reason ? L(`信用代码校验未通过，保留原因：${b.credit_code_override_reason}`, `Checksum failed; kept because: ${b.credit_code_override_reason}`) : null,
      region_code: b.region_code, region_name: div.fullName(b.region_code), industry_code: b.industry_code, industry_name: db.indName(b.industry_code),
      contact_name: b.contact_name, blacklisted: false, postings_count: 0,
    }
    db.enterprises.unshift(e)
    return send(res, 201, e)
  }

  if (path === '/postings' && m === 'GET') {
    const kw = q.get('q') ?? ''
    const region = (q.get('region') ?? '').replace(/0+$/, '')
    const occ = q.get('occupation') ?? ''
    const status = q.get('status') ?? ''
    const list = db.postings.filter((p) => (!kw || p.title.includes(kw) || p.enterprise_name.includes(kw)) && (!region || p.region_code.startsWith(region)) && (!occ || p.occupation_code === occ) && (!status || p.status === status))
    return send(res, 200, paginate(list.map(({ description: _d, ...p }) => p), q))
  }
  if (path === '/postings' && m === 'POST') {
    need(user, 'admin', 'station_officer', 'receiving_officer', 'enterprise_hr')
    const b = await readBody(req)
    const f = []
    if (b.pay_type === 'monthly' && b.wage_min < 1690) f.push(fieldErr('wage_min', '月薪低于当地最低工资标准。', 'The monthly pay is below the local minimum wage.'))
    if (b.pay_type === 'hourly' && b.wage_min < 17) f.push(fieldErr('wage_min', '时薪低于当地最低工资标准。', 'The hourly pay is below the local minimum wage.'))
    if (/(限男|限女|男性|女性)/.test(`${b.title}${b.description}`)) f.push(fieldErr('description', '岗位信息不得含性别限制。', 'A posting may not restrict by sex.'))
    if (f.length) throw new HttpError(400, 'invalid_argument', L('岗位信息不符合发布要求。', 'The posting does not meet the rules.'), f)
    const e = db.enterprises.find((x) => x.id === b.enterprise_id)
    const p = { id: Math.max(...db.postings.map((x) => x.id)) + 1, ...b, enterprise_name: e?.name ?? '', occupation_name: db.occName(b.occupation_code), region_name: div.fullName(b.region_code), status: 'submitted' }
    db.postings.unshift(p)
    return send(res, 201, p)
  }
  mm = /^\/postings\/(\d+)$/.exec(path)
  if (mm) {
    const p = db.postings.find((x) => x.id === Number(mm[1]))
    if (!p) throw new HttpError(404, 'not_found', L('岗位不存在。', 'No such posting.'))
    return send(res, 200, p)
  }

  if (path === '/audit') {
    need(user, 'admin')
    return send(res, 200, paginate(db.audit, q))
  }
  throw new HttpError(404, 'not_found', L('接口不存在。', 'No such endpoint.'))
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' }
async function serveStatic(res, pathname) {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '')
  let file = join(ROOT, rel)
  if (!file.startsWith(ROOT)) file = join(ROOT, 'index.html')
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
  } catch {
    file = join(ROOT, 'index.html')
  }
  try {
    const data = await readFile(file)
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(data)
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    res.end('web/dist is missing: run npm run build first\n')
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`)
  if (!url.pathname.startsWith('/api/')) return serveStatic(res, url.pathname)
  try {
    if (process.env.MOCK_DELAY_MS) await new Promise((r) => setTimeout(r, Number(process.env.MOCK_DELAY_MS)))
    await api(req, res, url)
  } catch (e) {
    if (e instanceof HttpError) {
      send(res, e.status, { error: { code: e.code, message: e.localized, fields: e.fields } })
    } else {
      console.error(e)
      send(res, 500, { error: { code: 'internal', message: L('服务器内部错误。', 'Internal server error.'), fields: [] } })
    }
  }
})
server.listen(PORT, HOST, () => console.log(`xiezuo mock on http://${HOST}:${PORT}/`))
