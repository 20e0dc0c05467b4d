// HTTP API tests against a running server with the demo data set
// (scripts/e2e.sh starts it and sets XIEZUO_URL). Each case goes through
// the real stack: Beast, router, auth, scope, store.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

const BASE = process.env.XIEZUO_URL;
const PASSWORD = process.env.XIEZUO_DEMO_PASSWORD ?? 'Xiezuo@2026';
if (!BASE) throw new Error('XIEZUO_URL is not set');

class Client {
  constructor() { this.cookie = ''; this.csrf = ''; }
  async req(method, path, body, { raw, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(BASE + path, {
      method, headers: h,
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie && setCookie.startsWith('xz_session=')) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text, headers: res.headers };
  }
  async login(username, password = PASSWORD) {
    const r = await this.req('POST', '/api/v1/auth/login', { username, password });
    assert.equal(r.status, 200, `login ${username}: ${r.text}`);
    this.csrf = r.json.csrf_token;
    return r;
  }
}

function assertErrorShape(r, code) {
  assert.ok(r.json && r.json.error, `error body expected, got ${r.text}`);
  assert.equal(r.json.error.code, code);
  assert.ok(r.json.error.message.zh.length > 0);
  assert.ok(r.json.error.message.en.length > 0);
}

const admin = new Client();
const qiaojia = new Client();
const tiandeng = new Client();
let tiandengWorker;

before(async () => {
  await admin.login('admin');
  await qiaojia.login('qiaojia');
  await tiandeng.login('tiandeng');
  const r = await tiandeng.req('GET', '/api/v1/workers?page_size=5');
  tiandengWorker = r.json.items[0];
});

test('health and readiness answer', async () => {
  const c = new Client();
  assert.equal((await c.req('GET', '/healthz')).status, 200);
  const r = await c.req('GET', '/readyz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ready');
});

test('an anonymous request gets 401 in the error shape', async () => {
  const r = await new Client().req('GET', '/api/v1/workers');
  assert.equal(r.status, 401);
  assertErrorShape(r, 'unauthenticated');
});

test('sign-in sets an HttpOnly, SameSite=Strict session cookie', async () => {
  const c = new Client();
  const r = await c.login('qiaojia');
  const sc = r.headers.get('set-cookie');
  assert.match(sc, /HttpOnly/);
  assert.match(sc, /SameSite=Strict/);
  assert.equal(r.json.user.role, 'county_officer');
  assert.equal(r.json.user.region_code, '530622');
});

test('a wrong password is refused without saying which part was wrong', async () => {
  const r = await new Client().req('POST', '/api/v1/auth/login', { username: 'qiaojia', password: 'Nope@12345678' });
  assert.equal(r.status, 401);
  const r2 = await new Client().req('POST', '/api/v1/auth/login', { username: 'nobody_here', password: 'Nope@12345678' });
  assert.equal(r2.status, 401);
  assert.equal(r.json.error.message.zh, r2.json.error.message.zh);
});

test('a state-changing request without the CSRF token is refused', async () => {
  const c = new Client();
  await c.login('qiaojia');
  c.csrf = '';
  const r = await c.req('POST', '/api/v1/workers', { name: 'x' });
  assert.equal(r.status, 403);
  assertErrorShape(r, 'permission_denied');
});

test('a county officer sees only their county, with masked numbers', async () => {
  const r = await qiaojia.req('GET', '/api/v1/workers?page_size=100');
  assert.equal(r.status, 200);
  assert.ok(r.json.total > 100, `expected many workers, got ${r.json.total}`);
  for (const w of r.json.items) {
    assert.ok(w.region_code.startsWith('530622'), w.region_code);
    assert.match(w.id_number_masked, /^\d{6}\*{8}\d{3}[\dX]$/);
    if (w.phone_masked !== null) assert.match(w.phone_masked, /^1\d{2}\*{4}\d{4}$/);
    assert.equal(w.id_number, undefined);
  }
});

test("county A's officer gets 404 for county B's worker by id", async () => {
  const r = await qiaojia.req('GET', `/api/v1/workers/${tiandengWorker.id}`);
  assert.equal(r.status, 404);
  assertErrorShape(r, 'not_found');
  assert.equal((await tiandeng.req('GET', `/api/v1/workers/${tiandengWorker.id}`)).status, 200);
});

test("county A's officer finds none of county B's workers by search or export", async () => {
  const name = encodeURIComponent(tiandengWorker.name);
  const r = await qiaojia.req('GET', `/api/v1/workers?q=${name}&page_size=200`);
  for (const w of r.json.items) assert.ok(w.region_code.startsWith('530622'));
  const csv = await qiaojia.req('GET', `/api/v1/workers/export?q=${name}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.ok(!csv.text.includes(tiandengWorker.id_number_masked), 'B worker leaked into export');
  const own = await tiandeng.req('GET', `/api/v1/workers/export?q=${name}`);
  assert.ok(own.text.includes(tiandengWorker.id_number_masked));
});

test('an enterprise cannot list workers who did not apply to it', async () => {
  const hr = new Client();
  await hr.login('hr_1');
  const mine = await hr.req('GET', '/api/v1/workers?page_size=200');
  assert.equal(mine.status, 200);
  const all = await admin.req('GET', '/api/v1/workers?page_size=1');
  assert.ok(mine.json.total < all.json.total / 10, `HR sees ${mine.json.total} of ${all.json.total}`);
  const mineIds = new Set(mine.json.items.map((w) => w.id));
  const other = (await admin.req('GET', '/api/v1/workers?page_size=50')).json.items.find((w) => !mineIds.has(w.id));
  assert.equal((await hr.req('GET', `/api/v1/workers/${other.id}`)).status, 404);
});

test('reveal needs a reason and is audited', async () => {
  const id = tiandengWorker.id;
  const noReason = await tiandeng.req('POST', `/api/v1/workers/${id}/reveal`, {});
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.fields[0].field, 'reason');
  const r = await tiandeng.req('POST', `/api/v1/workers/${id}/reveal`, { reason: '电话回访核实' });
  assert.equal(r.status, 200);
  assert.match(r.json.id_number, /^\d{17}[\dX]$/);
  assert.equal(r.json.id_number.slice(0, 6), tiandengWorker.id_number_masked.slice(0, 6));
  const audit = await admin.req('GET', '/api/v1/audit?page_size=50');
  assert.ok(audit.json.items.some((a) => a.action === 'worker.read_pii' && a.object === `worker:${id}` && a.result === 'ok'));
});

test('malformed JSON is a 400 that says so', async () => {
  const r = await qiaojia.req('POST', '/api/v1/workers', undefined, { raw: '{"name": ', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  assertErrorShape(r, 'invalid_argument');
});

test('unknown fields and wrong types are named', async () => {
  const r = await qiaojia.req('POST', '/api/v1/workers', { name: 5, id_number: '530622199001011234', region_code: '530622', colour: 'red' });
  assert.equal(r.status, 400);
  const fields = r.json.error.fields.map((f) => f.field).sort();
  assert.ok(fields.includes('name'), JSON.stringify(fields));
  assert.ok(fields.includes('colour'), JSON.stringify(fields));
  for (const f of r.json.error.fields) { assert.ok(f.message.zh); assert.ok(f.message.en); }
});

test('an invalid ID number, phone and region are each named, nothing written', async () => {
  const before = (await qiaojia.req('GET', '/api/v1/workers?page_size=1')).json.total;
  const r = await qiaojia.req('POST', '/api/v1/workers', {
    name: '测试', id_number: '530622199001011230', phone: '12345', region_code: '999999',
  });
  assert.equal(r.status, 400);
  const fields = r.json.error.fields.map((f) => f.field);
  for (const f of ['id_number', 'phone', 'region_code']) assert.ok(fields.includes(f), JSON.stringify(fields));
  const after = (await qiaojia.req('GET', '/api/v1/workers?page_size=1')).json.total;
  assert.equal(after, before);
});

test('an oversize body gets 413', async () => {
  const big = JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) });
  const r = await qiaojia.req('POST', '/api/v1/workers', undefined, { raw: big, headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
});

test('a county officer registers, edits and finds a worker', async () => {
  // A valid ID number built from the county code and the check character.
  const body = '530622' + '19880512' + String(Math.floor(Math.random() * 900) + 100);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
  const id = body + '10X98765432'[sum % 11];
  const created = await qiaojia.req('POST', '/api/v1/workers', {
    name: '测试员', id_number: id, phone: '13987654321', region_code: '530622001001',
    category: 'general', occupations: ['6-29-01-01'], wanted_regions: ['440700'], wage_floor: 4500,
  });
  if (created.status === 409) return;  // the random ID number already exists: nothing to prove here
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.id_number_masked, id.slice(0, 6) + '********' + id.slice(14));
  const upd = await qiaojia.req('PUT', `/api/v1/workers/${created.json.id}`, {
    name: '测试员', id_number: id, phone: '13987654321', region_code: '530622001001',
    category: 'general', status: 'placed', version: created.json.version,
  });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.json.status, 'placed');
  const stale = await qiaojia.req('PUT', `/api/v1/workers/${created.json.id}`, {
    name: '测试员', id_number: id, region_code: '530622001001', version: created.json.version,
  });
  assert.equal(stale.status, 409);
  const found = await qiaojia.req('GET', `/api/v1/workers?q=${id.slice(14)}`);
  assert.ok(found.json.items.some((x) => x.id === created.json.id));
});

test('divisions resolve names, including partial ones', async () => {
  const r = await qiaojia.req('GET', `/api/v1/divisions/resolve?q=${encodeURIComponent('巧家')}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.items[0].code, '530622');
  assert.equal(r.json.items[0].full_name, '云南省昭通市巧家县');
  const kids = await qiaojia.req('GET', '/api/v1/divisions?parent=530622');
  assert.ok(kids.json.items.length >= 10);
});

test('a credit code with a bad check character needs an override reason', async () => {
  const st = new Client();
  await st.login('jiangmen_rs');
  const base = { name: '江门市测试制衣有限公司', credit_code: '91440703MA4UX0K10Q', region_code: '440703' };
  const r = await st.req('POST', '/api/v1/enterprises', base);
  if (r.status === 201) return;  // the random code happened to be valid
  assert.equal(r.status, 400, r.text);
  const fields = r.json.error.fields.map((f) => f.field);
  assert.ok(fields.includes('credit_code'));
});

test('the audit log is admin-only', async () => {
  assert.equal((await qiaojia.req('GET', '/api/v1/audit')).status, 403);
  assert.equal((await admin.req('GET', '/api/v1/audit')).status, 200);
});

test('an edit that does not retype the masked numbers keeps them', async () => {
  const list = await qiaojia.req('GET', '/api/v1/workers?status=available&page_size=1');
  const w = (await qiaojia.req('GET', `/api/v1/workers/${list.json.items[0].id}`)).json;
  const before = await qiaojia.req('POST', `/api/v1/workers/${w.id}/reveal`, { reason: '编辑前核对' });
  const upd = await qiaojia.req('PUT', `/api/v1/workers/${w.id}`, {
    name: w.name, region_code: w.region_code, category: w.category, status: w.status,
    occupations: w.occupations, wanted_regions: w.wanted_regions, notes: '已电话联系', version: w.version,
  });
  assert.equal(upd.status, 200, upd.text);
  assert.equal(upd.json.notes, '已电话联系');
  assert.equal(upd.json.id_number_masked, w.id_number_masked);
  assert.equal(upd.json.phone_masked, w.phone_masked);
  const after = await qiaojia.req('POST', `/api/v1/workers/${w.id}/reveal`, { reason: '编辑后核对' });
  assert.deepEqual(after.json, before.json);
});
