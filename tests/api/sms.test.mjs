// HTTP tests of the SMS routes against a running server (scripts/e2e.sh,
// once on SQLite and once on PostgreSQL): Kannel's delivery-report and
// inbound (MO) callbacks, workers' SMS sign-in, bad templates, unknown
// campaigns and the gateway status. scripts/e2e.sh sets XIEZUO_URL,
// XIEZUO_SMS_CALLBACK_TOKEN and XIEZUO_SERVER_LOG; the sign-in test reads
// the code from the fake SMSC's log (XIEZUO_KANNEL_DIR, set by
// scripts/test.sh, which starts Kannel and points the server at it).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';

const BASE = process.env.XIEZUO_URL;
const TOKEN = process.env.XIEZUO_SMS_CALLBACK_TOKEN;
const SERVER_LOG = process.env.XIEZUO_SERVER_LOG;
const KANNEL_DIR = process.env.XIEZUO_KANNEL_DIR;
const PASSWORD = process.env.XIEZUO_DEMO_PASSWORD ?? 'Xiezuo@2026';
if (!BASE || !TOKEN || !SERVER_LOG) {
  throw new Error('XIEZUO_URL, XIEZUO_SMS_CALLBACK_TOKEN and XIEZUO_SERVER_LOG must be set (scripts/e2e.sh)');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A signed-in console user (or nobody): keeps the session cookie and CSRF token.
function session() {
  const s = { cookie: '', csrf: '' };
  s.call = async (method, path, body) => {
    const headers = {};
    if (s.cookie) headers.cookie = s.cookie;
    if (s.csrf && method !== 'GET') headers['x-csrf-token'] = s.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* plain text */ }
    return { status: res.status, text, json, headers: res.headers };
  };
  s.signIn = async (username) => {
    const r = await s.call('POST', '/api/v1/auth/login', { username, password: PASSWORD });
    assert.equal(r.status, 200, `login ${username}: ${r.text}`);
    s.cookie = r.headers.get('set-cookie').split(';')[0];
    s.csrf = r.json.csrf_token;
  };
  return s;
}

const callback = (route, params) => fetch(`${BASE}/api/v1/sms/${route}?${new URLSearchParams(params)}`)
  .then(async (res) => ({ status: res.status, text: await res.text() }));

function errorOf(r, code) {
  const e = JSON.parse(r.text).error;
  assert.equal(e.code, code, r.text);
  assert.ok(e.message.zh && e.message.en);
  return e;
}

// A random mainland mobile in the 139 segment (distinct per run).
const randomMobile = () => '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');

// A valid 18-character ID number for 巧家县 (check character computed).
function idNumber() {
  const body = '530622' + '19900101' + String(Math.floor(Math.random() * 900) + 100);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

// Lines the server logged since `mark` (a byte offset), waiting for `want`.
async function logSince(mark, want) {
  for (let i = 0; i < 40; i++) {
    const text = readFileSync(SERVER_LOG, 'utf8').slice(mark);
    if (!want || want.test(text)) return text;
    await sleep(50);
  }
  return readFileSync(SERVER_LOG, 'utf8').slice(mark);
}
const logMark = () => readFileSync(SERVER_LOG, 'utf8').length;

// %XX escapes to bytes (the text is UTF-16, not UTF-8: no decodeURIComponent).
function percentDecode(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(s.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

// The latest login code the fake SMSC received for `phone` (its log has
// "Got message N: <from to ucs-2 %XX…>", the text URL-encoded UTF-16BE).
async function codeFromSmsc(phone, after = 0) {
  const log = `${KANNEL_DIR}/fakesmsc.log`;
  for (let i = 0; i < 100; i++) {
    if (existsSync(log)) {
      const lines = readFileSync(log, 'latin1').split('\n').slice(after);
      for (const line of lines.reverse()) {
        const m = line.match(/Got message \d+: <\S+ (\S+) (\S+) (\S*)>/);
        if (!m || m[1] !== phone) continue;
        const bytes = percentDecode(m[3]);
        const text = m[2] === 'ucs-2' ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('latin1');
        const code = text.match(/验证码为(\d{6})/);
        if (code) return code[1];
      }
    }
    await sleep(100);
  }
  throw new Error(`no code for the number at the fake SMSC (${log})`);
}
const smscLines = () => (existsSync(`${KANNEL_DIR}/fakesmsc.log`)
  ? readFileSync(`${KANNEL_DIR}/fakesmsc.log`, 'latin1').split('\n').length - 1 : 0);

const admin = session();
const officer = session();
let worker;       // { id, phone }: a worker of 巧家县 registered by this run
let campaignId;   // a campaign to that worker, sent
let messageId;    // its message in the outbox

before(async () => {
  await admin.signIn('admin');
  await officer.signIn('qiaojia');
  const phone = randomMobile();
  const w = await officer.call('POST', '/api/v1/workers', {
    name: '短信测试', id_number: idNumber(), phone, region_code: '530622001001', category: 'general',
  });
  assert.equal(w.status, 201, w.text);
  worker = { id: w.json.id, phone };
  const t = await officer.call('POST', '/api/v1/sms/templates', { name: '回调测试', body: '{{name}}您好，县人社局有新的招工信息。' });
  assert.equal(t.status, 201, t.text);
  assert.equal((await admin.call('POST', `/api/v1/sms/templates/${t.json.id}/review`, { approve: true })).status, 200);
  const c = await officer.call('POST', '/api/v1/sms/campaigns', {
    name: '回调测试', template_id: t.json.id, audience: { worker_ids: [worker.id] },
  });
  assert.equal(c.status, 201, c.text);
  campaignId = c.json.id;
  const sent = await officer.call('POST', `/api/v1/sms/campaigns/${campaignId}/send`, {});
  assert.equal(sent.status, 200, sent.text);
  const list = await officer.call('GET', `/api/v1/sms/campaigns/${campaignId}/messages`);
  assert.equal(list.json.items.length, 1, list.text);
  messageId = list.json.items[0].id;
});

const messageState = async () => (await officer.call('GET', `/api/v1/sms/campaigns/${campaignId}/messages`))
  .json.items[0].state;

test('a delivery report marks the message delivered and a later failure does not undo it', async () => {
  const ok = await callback('dlr', { token: TOKEN, id: messageId, status: 1, answer: 'DELIVRD' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.text, 'ok');
  assert.equal(await messageState(), 'delivered');
  const late = await callback('dlr', { token: TOKEN, id: messageId, status: 2, answer: 'UNDELIV' });
  assert.equal(late.status, 200);
  assert.equal(await messageState(), 'delivered');
});

test('a delivery report for an unknown message is refused and logged', async () => {
  const mark = logMark();
  const r = await callback('dlr', { token: TOKEN, id: 987654321, status: 1 });
  assert.equal(r.status, 404);
  errorOf(r, 'not_found');
  assert.match(await logSince(mark, /sms dlr rejected: message 987654321/), /sms dlr rejected: message 987654321/);
});

test('malformed delivery reports are refused and logged', async () => {
  for (const params of [{ id: 'abc', status: 1 }, { status: 1 }, { id: messageId }, { id: messageId, status: 99 }]) {
    const mark = logMark();
    const r = await callback('dlr', { token: TOKEN, ...params });
    assert.equal(r.status, 400, `${JSON.stringify(params)}: ${r.text}`);
    errorOf(r, 'invalid_argument');
    assert.match(await logSince(mark, /sms dlr rejected/), /sms dlr rejected/);
  }
});

test('callbacks without the token or with a wrong one are refused and logged without the number', async () => {
  for (const route of ['dlr', 'mo']) {
    for (const token of [undefined, 'wrong-token']) {
      const mark = logMark();
      const params = route === 'dlr' ? { id: messageId, status: 16 } : { from: worker.phone, text: 'TD' };
      const r = await callback(route, token ? { token, ...params } : params);
      assert.equal(r.status, 401, `${route} token=${token}: ${r.text}`);
      errorOf(r, 'unauthenticated');
      const logged = await logSince(mark, new RegExp(`sms ${route} rejected: bad token`));
      assert.match(logged, new RegExp(`sms ${route} rejected: bad token`));
      assert.ok(!logged.includes(worker.phone), 'the phone number is in the log');
    }
  }
  assert.equal(await messageState(), 'delivered');  // the forged report changed nothing
  const pv = await officer.call('GET', `/api/v1/sms/campaigns/${campaignId}/preview`);
  assert.equal(pv.json.opted_out, 0, 'a forged TD opted the worker out');
});

test('TD, T and 退订 opt out at once and 恢复 opts back in', async () => {
  const optedOut = async () => (await officer.call('GET', `/api/v1/sms/campaigns/${campaignId}/preview`)).json.opted_out;
  assert.equal(await optedOut(), 0);
  for (const word of ['TD', 'T', '退订']) {
    const out = await callback('mo', { token: TOKEN, from: worker.phone, to: '10690', text: word });
    assert.equal(out.status, 200, out.text);
    assert.match(out.text, /已退订/);
    assert.equal(await optedOut(), 1, `${word} did not opt out`);
    const back = await callback('mo', { token: TOKEN, from: worker.phone, to: '10690', text: '恢复' });
    assert.equal(back.status, 200, back.text);
    assert.match(back.text, /已恢复订阅/);
    assert.equal(await optedOut(), 0, `恢复 after ${word} did not opt back in`);
  }
});

test('an inbound message that is no keyword is answered with nothing and logged without the number', async () => {
  const mark = logMark();
  const r = await callback('mo', { token: TOKEN, from: worker.phone, to: '10690', text: '请问工资多少' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.text, '');
  const logged = await logSince(mark, /sms mo: text not recognised/);
  assert.match(logged, /sms mo: text not recognised/);
  assert.ok(!logged.includes(worker.phone));
});

test('an inbound message from something that is not a mobile is refused and logged', async () => {
  const mark = logMark();
  const r = await callback('mo', { token: TOKEN, from: '0871-1234567', text: 'TD' });
  assert.equal(r.status, 400, r.text);
  assert.equal(errorOf(r, 'invalid_argument').fields[0].field, 'from');
  assert.match(await logSince(mark, /sms mo rejected/), /sms mo rejected/);
});

test('a template with an unknown variable or over the part limit is refused naming the body', async () => {
  const unknown = await officer.call('POST', '/api/v1/sms/templates', { name: '坏模板', body: '{{name}}您好，{{salary}}元' });
  assert.equal(unknown.status, 400, unknown.text);
  const f = unknown.json.error.fields.find((x) => x.field === 'body');
  assert.ok(f, unknown.text);
  assert.match(f.message.zh + f.message.en, /salary/);
  const long = await officer.call('POST', '/api/v1/sms/templates', { name: '太长', body: '招'.repeat(300) });
  assert.equal(long.status, 400, long.text);
  assert.ok(long.json.error.fields.some((x) => x.field === 'body'), long.text);
});

test('an unknown campaign is 404 for reading, previewing and sending', async () => {
  for (const [method, path] of [['GET', ''], ['GET', '/preview'], ['POST', '/send'], ['GET', '/messages']]) {
    const r = await officer.call(method, `/api/v1/sms/campaigns/987654321${path}`, method === 'POST' ? {} : undefined);
    assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
    assert.equal(r.json.error.code, 'not_found');
  }
});

test('the SMS status shows the gateway and the queue to admins and campaign officers only', async () => {
  const r = await admin.call('GET', '/api/v1/sms/status');
  assert.equal(r.status, 200, r.text);
  assert.ok(['up', 'down', 'unknown'].includes(r.json.gateway.state), r.text);
  assert.equal(typeof r.json.gateway.waiting, 'number');
  assert.ok('next_retry_at' in r.json.gateway && 'since' in r.json.gateway && 'last_error' in r.json.gateway);
  assert.ok(r.json.outbox.delivered >= 1, r.text);
  // The county officer sends campaigns: the console's gateway banner needs it.
  assert.equal((await officer.call('GET', '/api/v1/sms/status')).status, 200);
  const hr = session();
  await hr.signIn('hr_1');
  assert.equal((await hr.call('GET', '/api/v1/sms/status')).status, 403);
});

test('a code request for an invalid mobile names the field', async () => {
  const r = await session().call('POST', '/api/v1/self/sms-code', { phone: '12345' });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.error.fields[0].field, 'phone');
});

test('a worker signs in with the SMS code once; a wrong code is refused', async () => {
  assert.ok(KANNEL_DIR, 'XIEZUO_KANNEL_DIR is not set: run under scripts/test.sh (it starts Kannel)');
  const worker2 = randomMobile();
  const w = await officer.call('POST', '/api/v1/workers', {
    name: '验证码测试', id_number: idNumber(), phone: worker2, region_code: '530622001001', category: 'general',
  });
  assert.equal(w.status, 201, w.text);
  const from = smscLines();
  const asked = await session().call('POST', '/api/v1/self/sms-code', { phone: worker2 });
  assert.equal(asked.status, 200, asked.text);
  const code = await codeFromSmsc(worker2, from);
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  const bad = await session().call('POST', '/api/v1/self/login', { phone: worker2, code: wrong });
  assert.equal(bad.status, 401, bad.text);
  const ok = await session().call('POST', '/api/v1/self/login', { phone: worker2, code });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.worker_id, w.json.id);
  const cookie = ok.headers.get('set-cookie').split(';')[0];
  const mine = await fetch(`${BASE}/api/v1/self/messages`, { headers: { cookie } });
  assert.equal(mine.status, 200);
  const again = await session().call('POST', '/api/v1/self/login', { phone: worker2, code });
  assert.equal(again.status, 401, 'a code signed in twice');
});

test('codes are throttled per number, then per address', async () => {
  const c = session();
  const phone = randomMobile();
  assert.equal((await c.call('POST', '/api/v1/self/sms-code', { phone })).status, 200);
  const twice = await c.call('POST', '/api/v1/self/sms-code', { phone });
  assert.equal(twice.status, 429, twice.text);
  assert.match(twice.json.error.message.en, /try again in \d+ s/);
  // 20 an hour from one address: asking for fresh numbers soon stops.
  let refused = null;
  for (let i = 0; i < 25 && !refused; i++) {
    const r = await c.call('POST', '/api/v1/self/sms-code', { phone: randomMobile() });
    if (r.status === 429) refused = r;
    else assert.equal(r.status, 200, r.text);
  }
  assert.ok(refused, 'no limit per address after 25 requests');
  assert.match(refused.json.error.message.en, /this address/);
});
