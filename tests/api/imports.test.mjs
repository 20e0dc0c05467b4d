// Import jobs and large uploads (issue 3) against a running server with the
// demo data (scripts/e2e.sh sets XIEZUO_URL): per-route body limits, the
// async job with its progress, scope of the job list, the templates.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

const BASE = process.env.XIEZUO_URL;
const PASSWORD = process.env.XIEZUO_DEMO_PASSWORD ?? 'Xiezuo@2026';
if (!BASE) throw new Error('XIEZUO_URL is not set');

class Client {
  constructor() { this.cookie = ''; this.csrf = ''; }
  async req(method, path, { body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    const res = await fetch(BASE + path, { method, headers: h, body });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie && setCookie.startsWith('xz_session=')) this.cookie = setCookie.split(';')[0];
    const buf = Buffer.from(await res.arrayBuffer());
    let json = null;
    try { json = JSON.parse(buf.toString('utf8')); } catch { /* not JSON */ }
    return { status: res.status, json, buf, text: buf.toString('utf8'), headers: res.headers };
  }
  async login(username) {
    const r = await this.req('POST', '/api/v1/auth/login', {
      body: JSON.stringify({ username, password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.status, 200, `login ${username}: ${r.text}`);
    this.csrf = r.json.csrf_token;
  }
}

// A valid mainland ID number (GB 11643 check digit) for 巧家县 (530622),
// distinct for every seq below 10,080,000.
function idNumber(seq) {
  const pad = (v, n) => String(v).padStart(n, '0');
  const year = 1970 + (seq % 30);
  const month = 1 + (Math.floor(seq / 30) % 12);
  const day = 1 + (Math.floor(seq / 360) % 28);
  const order = Math.floor(seq / 10080) % 1000;
  const body = `530622${year}${pad(month, 2)}${pad(day, 2)}${pad(order, 3)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * w[i];
  return body + '10X98765432'[sum % 11];
}

// n worker rows of distinct people.
function workersCsv(n, offset = 0) {
  const lines = ['姓名,身份证号,手机号,户籍地,意向工种'];
  for (let i = offset; i < offset + n; i++) {
    lines.push(`测试${i},${idNumber(i)},139${String(i % 100000000).padStart(8, '0')},云南省昭通市巧家县大寨镇,焊工`);
  }
  return lines.join('\n') + '\n';
}

const qiaojia = new Client();
const tiandeng = new Client();
const station = new Client();

before(async () => {
  await qiaojia.login('qiaojia');
  await tiandeng.login('tiandeng');
  await station.login('station_tiandeng_jm');
});

async function waitForJob(client, id, onPoll = () => {}) {
  const t0 = Date.now();
  for (;;) {
    const r = await client.req('GET', `/api/v1/imports/jobs/${id}`);
    assert.equal(r.status, 200, r.text);
    onPoll(r.json);
    if (r.json.state === 'done' || r.json.state === 'failed') return r.json;
    assert.ok(Date.now() - t0 < 240_000, 'job did not finish within 4 minutes');
    await new Promise((res) => setTimeout(res, 50));
  }
}

test('an upload over 1 MiB runs as a job whose progress can be watched', async () => {
  const csv = workersCsv(20000, 100000);
  assert.ok(Buffer.byteLength(csv) > 1 << 20, `fixture is ${Buffer.byteLength(csv)} bytes`);
  const r = await qiaojia.req('POST', '/api/v1/imports/workers?async=1&mode=valid_rows_only', {
    body: csv,
    headers: { 'x-file-name': encodeURIComponent('巧家县求职名单.csv') },
  });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.state, 'queued');
  assert.equal(r.json.file_name, '巧家县求职名单.csv');
  assert.equal(r.json.file_bytes, Buffer.byteLength(csv));
  const polls = [];
  const job = await waitForJob(qiaojia, r.json.id, (j) => polls.push(j));
  assert.equal(job.state, 'done', JSON.stringify(job.error));
  // Progress seen while running, never going backwards.
  const running = polls.filter((j) => j.state === 'running');
  assert.ok(running.length > 0, `no running state observed in ${polls.length} polls`);
  assert.ok(running.some((j) => j.rows_estimate === 20000), 'the estimated total is the row count');
  for (let i = 1; i < polls.length; i++) assert.ok(polls[i].rows_done >= polls[i - 1].rows_done);
  assert.equal(job.percent, 100);
  assert.equal(job.report.rows_total, 20000);
  assert.equal(job.report.inserted + job.report.updated + job.report.unchanged, 20000,
    JSON.stringify(job.report.issues.slice(0, 3)));
  assert.equal(job.summary.rows_rejected, 0);
  // The marked report downloads as an xlsx (a zip).
  const x = await qiaojia.req('GET', `/api/v1/imports/jobs/${job.id}/report.xlsx`);
  assert.equal(x.status, 200);
  assert.equal(x.buf.subarray(0, 2).toString(), 'PK');
});

test('the same upload without async=1 stays synchronous and is refused above 1 MiB only by size', async () => {
  const small = workersCsv(3, 500000);
  const r = await qiaojia.req('POST', '/api/v1/imports/workers?dry_run=1', { body: small });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rows_total, 3);
  assert.equal(r.json.dry_run, true);
});

test('an upload over the limit gets 413 naming the limit', async () => {
  const big = Buffer.alloc(65 * 1024 * 1024 + 1, 0x41);
  const r = await qiaojia.req('POST', '/api/v1/imports/workers?async=1', { body: big })
    .catch((e) => ({ status: 'error', text: String(e) }));
  // The server answers before reading the body and closes; fetch may see the
  // answer or a reset while still sending, depending on timing.
  if (r.status !== 'error') {
    assert.equal(r.status, 413, r.text);
    assert.equal(r.json.error.code, 'resource_exhausted');
    assert.match(r.json.error.message.zh, /64 MB/);
  }
  // Other routes keep 1 MiB.
  const j = await qiaojia.req('POST', '/api/v1/workers', {
    body: '{"x":"' + 'a'.repeat(1100 * 1024) + '"}', headers: { 'content-type': 'application/json' },
  });
  assert.equal(j.status, 413, j.text);
  assert.match(j.json.error.message.en, /1 MB/);
});

test('a bad mode is a field error', async () => {
  const r = await qiaojia.req('POST', '/api/v1/imports/workers?async=1&mode=some', { body: workersCsv(1, 0) });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.code, 'invalid_argument');
  assert.deepEqual(r.json.error.fields.map((f) => f.field), ['mode']);
  assert.match(r.json.error.fields[0].message.zh, /导入方式/);
});

test('jobs of another county are not visible', async () => {
  const r = await qiaojia.req('POST', '/api/v1/imports/workers?async=1&dry_run=1', { body: workersCsv(5, 600000) });
  assert.equal(r.status, 202, r.text);
  await waitForJob(qiaojia, r.json.id);
  const mine = await qiaojia.req('GET', '/api/v1/imports/jobs?kind=workers');
  assert.ok(mine.json.items.some((j) => j.id === r.json.id));
  const other = await tiandeng.req('GET', '/api/v1/imports/jobs');
  assert.equal(other.status, 200);
  assert.ok(!other.json.items.some((j) => j.id === r.json.id));
  const one = await tiandeng.req('GET', `/api/v1/imports/jobs/${r.json.id}`);
  assert.equal(one.status, 404);
  const x = await tiandeng.req('GET', `/api/v1/imports/jobs/${r.json.id}/report.xlsx`);
  assert.equal(x.status, 404);
});

test('a station officer may not import workers, a county officer not postings', async () => {
  const a = await station.req('POST', '/api/v1/imports/workers?async=1', { body: workersCsv(1, 0) });
  assert.equal(a.status, 403, a.text);
  const b = await qiaojia.req('GET', '/api/v1/imports/postings/template.xlsx');
  assert.equal(b.status, 403, b.text);
});

test('a job that fails names the reason', async () => {
  const r = await qiaojia.req('POST', '/api/v1/imports/workers?async=1', { body: '姓名,备注\n张三,x\n' });
  assert.equal(r.status, 202, r.text);
  const job = await waitForJob(qiaojia, r.json.id);
  assert.equal(job.state, 'failed');
  assert.match(job.error.message, /身份证号/);
});

test('the templates are xlsx files with the required headers', async () => {
  const w = await qiaojia.req('GET', '/api/v1/imports/workers/template.xlsx');
  assert.equal(w.status, 200);
  assert.match(w.headers.get('content-type'), /spreadsheetml/);
  assert.equal(w.buf.subarray(0, 2).toString(), 'PK');
  const p = await station.req('GET', '/api/v1/imports/postings/template.xlsx');
  assert.equal(p.status, 200);
  // The template imports: a dry run of it has a header and no rows.
  const dry = await qiaojia.req('POST', '/api/v1/imports/workers?dry_run=1', { body: w.buf });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.rows_total, 0);
});
