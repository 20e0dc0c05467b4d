// Matching routes against a running server with the demo data set (issue 4):
// recommendations and candidates within scope, the versioned policy and its
// validation, batches in scope with their quality figures and xlsx export,
// and outcome marking. scripts/e2e.sh starts the server and sets XIEZUO_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

const BASE = process.env.XIEZUO_URL;
const PASSWORD = process.env.XIEZUO_DEMO_PASSWORD ?? 'Xiezuo@2026';
if (!BASE) throw new Error('XIEZUO_URL is not set');

class Client {
  constructor() { this.cookie = ''; this.csrf = ''; }
  async req(method, path, body) {
    const h = {};
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(BASE + path, { method, headers: h, body: body !== undefined ? JSON.stringify(body) : undefined });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie && setCookie.startsWith('xz_session=')) this.cookie = setCookie.split(';')[0];
    const buf = Buffer.from(await res.arrayBuffer());
    let json = null;
    try { json = JSON.parse(buf.toString('utf8')); } catch { /* not JSON */ }
    return { status: res.status, json, buf, text: buf.toString('utf8').slice(0, 500), headers: res.headers };
  }
  async login(username) {
    const r = await this.req('POST', '/api/v1/auth/login', { username, password: PASSWORD });
    assert.equal(r.status, 200, `login ${username}: ${r.text}`);
    this.csrf = r.json.csrf_token;
  }
}

const fieldsOf = (r) => r.json.error.fields.map((f) => f.field).sort();

const admin = new Client();
const qiaojia = new Client();
const tiandeng = new Client();
const station = new Client();  // station_tiandeng_jm: 天等县's station in 江门市
let qiaojiaWorker;  // a 巧家 worker with recommendations in the demo batch

before(async () => {
  await Promise.all([admin.login('admin'), qiaojia.login('qiaojia'), tiandeng.login('tiandeng'),
    station.login('station_tiandeng_jm')]);
  // Newest first: other test files import 巧家 workers (no batch has seen
  // them yet), so look on the last pages, where the demo's workers are.
  const first = await qiaojia.req('GET', '/api/v1/workers?page_size=50&status=available');
  const pages = Math.ceil(first.json.total / 50);
  for (let page = pages; page >= Math.max(1, pages - 2) && !qiaojiaWorker; page--) {
    const r = await qiaojia.req('GET', `/api/v1/workers?page_size=50&status=available&page=${page}`);
    for (const w of r.json.items) {
      const recs = await qiaojia.req('GET', `/api/v1/workers/${w.id}/recommendations`);
      if (recs.json.items.length > 0) { qiaojiaWorker = w; break; }
    }
  }
  assert.ok(qiaojiaWorker, 'the demo load gives 巧家 workers recommendations');
});

let savedDefault = null;
after(async () => {
  // Leave the policy as the demo had it (a new version with the same values).
  if (savedDefault) await admin.req('PUT', '/api/v1/match/policy', savedDefault);
});

test("a county officer sees their worker's recommendations with reasons and the posting's facts", async () => {
  const r = await qiaojia.req('GET', `/api/v1/workers/${qiaojiaWorker.id}/recommendations`);
  assert.equal(r.status, 200);
  const recs = r.json.items;
  assert.ok(recs.length >= 1 && recs.length <= 5, `k = 5 caps the list (${recs.length})`);
  for (const x of recs) {
    assert.match(x.reasons.zh, /[\u4e00-\u9fff]/);
    assert.ok(x.reasons.en.length > 0);
    assert.equal(x.posting.id, x.posting_id);
    assert.equal(typeof x.posting.wage_min, 'number');
  }
  assert.deepEqual(recs.map((x) => x.score), [...recs.map((x) => x.score)].sort((a, b) => b - a), 'ranked by score');
});

test("another county's worker gives 404, not an empty list", async () => {
  const r = await tiandeng.req('GET', `/api/v1/workers/${qiaojiaWorker.id}/recommendations`);
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'not_found');
});

test("a station sees masked candidates for its city's postings and 404 for another city's", async () => {
  // The demo batch gives 天等's workers recommendations in 江门 (440700).
  const ps = await station.req('GET', '/api/v1/postings?region=440700&status=published&page_size=100');
  assert.equal(ps.status, 200);
  let found = null;
  for (const p of ps.json.items) {
    const c = await station.req('GET', `/api/v1/postings/${p.id}/candidates`);
    assert.equal(c.status, 200, c.text);
    if (c.json.items.length) { found = c.json; break; }
  }
  assert.ok(found, 'some 江门 posting has 天等 candidates');
  for (const c of found.items) {
    assert.equal(c.worker.county_code, '451425');
    assert.match(c.worker.id_number_masked, /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.ok(!JSON.stringify(c).match(/\d{17}[\dX]/), 'no full ID number');
  }
  const far = await station.req('GET', '/api/v1/postings?region=440300&status=published&page_size=1');
  assert.ok(far.json.items.length > 0, 'a 深圳 posting exists');
  const r = await station.req('GET', `/api/v1/postings/${far.json.items[0].id}/candidates`);
  assert.equal(r.status, 404);
});

test('the policy is versioned; only an admin saves one; bad weights are refused with the field named', async () => {
  const cur = await qiaojia.req('GET', '/api/v1/match/policy');
  assert.equal(cur.status, 200);
  assert.ok(cur.json.version >= 1);
  const { version, weights, priority_poverty, priority_disabled, alpha, k, candidates_per_worker } = cur.json;
  savedDefault = { weights, priority_poverty, priority_disabled, alpha, k, candidates_per_worker };
  const before = (await admin.req('GET', '/api/v1/match/policies')).json.items.length;

  assert.equal((await qiaojia.req('PUT', '/api/v1/match/policy', savedDefault)).status, 403);
  const bad = await admin.req('PUT', '/api/v1/match/policy', {
    weights: { ...weights, pay: -1, place: 'many', travel: null, board: 2.5, lodging: 101, pai: 3 }, k: 0,
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(fieldsOf(bad),
    ['k', 'weights.board', 'weights.lodging', 'weights.pai', 'weights.pay', 'weights.place', 'weights.travel']);
  for (const f of bad.json.error.fields) assert.ok(f.message.zh && f.message.en);
  assert.equal((await admin.req('GET', '/api/v1/match/policies')).json.items.length, before, 'nothing stored');

  const saved = await admin.req('PUT', '/api/v1/match/policy', { ...savedDefault, weights: { ...weights, pay: 40 } });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.weights.pay, 40);
  assert.ok(saved.json.version > version);
  const hist = (await admin.req('GET', '/api/v1/match/policies')).json.items;
  assert.equal(hist.length, before + 1);
  assert.equal(hist[0].version, saved.json.version);

  // The next batch records the version it ran with.
  const b = await qiaojia.req('POST', '/api/v1/match/batches', { scope: '巧家县:广州市' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.policy_version, saved.json.version);
});

test('batches run and are listed only within scope, with quality figures and an xlsx', async () => {
  assert.equal((await tiandeng.req('POST', '/api/v1/match/batches', { scope: '巧家县' })).status, 403);
  assert.equal((await station.req('POST', '/api/v1/match/batches', { scope: '天等县' })).status, 403);
  const b = await qiaojia.req('POST', '/api/v1/match/batches', { scope: '巧家县:深圳市' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.scope.label, 'pair:530622:440300');
  const q = b.json.quality;
  for (const f of ['coverage', 'expected_placements', 'max_recs_per_opening', 'gini_recs_per_opening', 'priority_share']) {
    assert.equal(typeof q[f], 'number', f);
  }
  assert.ok(q.coverage > 0 && q.coverage <= 1);

  const mine = await qiaojia.req('GET', '/api/v1/match/batches');
  assert.ok(mine.json.items.some((x) => x.id === b.json.id));
  assert.ok(mine.json.items.every((x) => x.scope.region_code.startsWith('530622')));
  const theirs = await tiandeng.req('GET', '/api/v1/match/batches');
  assert.ok(!theirs.json.items.some((x) => x.id === b.json.id));
  assert.equal((await tiandeng.req('GET', `/api/v1/match/batches/${b.json.id}`)).status, 404);

  const one = await qiaojia.req('GET', `/api/v1/match/batches/${b.json.id}`);
  assert.equal(one.status, 200);
  assert.ok(one.json.recs_per_opening.length > 0);
  assert.ok(Math.max(...one.json.recs_per_opening) <= 3 + 1e-9, 'alpha = 3 caps recommendations per opening');

  const x = await qiaojia.req('GET', `/api/v1/match/batches/${b.json.id}/xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK');
  assert.equal((await tiandeng.req('GET', `/api/v1/match/batches/${b.json.id}/xlsx`)).status, 404);
});

test('outcomes: declined needs a reason; a worker outside scope cannot be marked', async () => {
  const recs = (await qiaojia.req('GET', `/api/v1/workers/${qiaojiaWorker.id}/recommendations`)).json.items;
  const id = recs[0].id;
  const bad = await qiaojia.req('PUT', `/api/v1/recommendations/${id}`, { outcome: 'declined' });
  assert.equal(bad.status, 400);
  assert.deepEqual(fieldsOf(bad), ['reason']);
  const ok = await qiaojia.req('PUT', `/api/v1/recommendations/${id}`, { outcome: 'declined', reason: '离家太远' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.outcome, 'declined');
  assert.equal(ok.json.outcome_reason, '离家太远');
  assert.equal((await tiandeng.req('PUT', `/api/v1/recommendations/${id}`, { outcome: 'contacted' })).status, 404);
});
