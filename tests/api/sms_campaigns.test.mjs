// Campaign audiences through the HTTP API against the demo data
// (scripts/e2e.sh starts the server and sets XIEZUO_URL): a published
// posting's matched workers and a filter over workers in scope, with the
// excluded counted by reason, checked against what the other endpoints
// (candidates, workers) say the database holds.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

const BASE = process.env.XIEZUO_URL;
const PASSWORD = process.env.XIEZUO_DEMO_PASSWORD ?? 'Xiezuo@2026';
if (!BASE) throw new Error('XIEZUO_URL is not set');

// A signed-in console user (session cookie + CSRF token).
class Console {
  constructor() { this.cookie = ''; this.csrf = ''; }
  async call(method, path, body) {
    const headers = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(BASE + '/api/v1' + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const cookie = res.headers.get('set-cookie');
    if (cookie && cookie.startsWith('xz_session=')) this.cookie = cookie.split(';')[0];
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text };
  }
  async ok(method, path, body, status = 200) {
    const r = await this.call(method, path, body);
    assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    return r.json;
  }
  async signIn(username) {
    const r = await this.ok('POST', '/auth/login', { username, password: PASSWORD });
    this.csrf = r.csrf_token;
  }
}

function fieldOf(r) {
  return (r.json?.error?.fields ?? []).map((f) => f.field);
}

const admin = new Console();
const qiaojia = new Console();
const tiandeng = new Console();
let posting;      // a published posting with matched 巧家县 workers
let candidates;   // its candidates as 巧家县 sees them, best first
let templateId;

before(async () => {
  await admin.signIn('admin');
  await qiaojia.signIn('qiaojia');
  await tiandeng.signIn('tiandeng');
  const batch = await qiaojia.ok('POST', '/match/batches', { scope: '巧家县' }, 201);
  assert.ok(batch.workers > 0 && batch.postings > 0, JSON.stringify(batch));
  const t = await qiaojia.ok('POST', '/sms/templates',
    { name: '岗位推送', body: '{{name}}您好，{{enterprise}}招{{job}}，详询县人社局。' }, 201);
  await admin.ok('POST', `/sms/templates/${t.id}/review`, { approve: true });
  templateId = t.id;
  // A posting with at least 3 matched 巧家县 workers that no campaign (the
  // browser test's, say) has sent yet: the draft's preview says so.
  const postings = await admin.ok('GET', '/postings?status=published&page_size=100');
  for (const p of postings.items) {
    const c = await qiaojia.ok('GET', `/postings/${p.id}/candidates`);
    if (c.items.length < 3) continue;
    posting = p;
    const draft = (await postingCampaign(qiaojia, 0, '选岗')).json;
    const pv = await qiaojia.ok('GET', `/sms/campaigns/${draft.id}/preview`);
    if (pv.already_notified === 0 && pv.recipients >= 2) { candidates = c.items; break; }
    posting = undefined;
  }
  assert.ok(posting, 'a published posting with at least 3 matched 巧家县 workers, not yet sent');
});

function postingCampaign(client, top = 0, name = '岗位推送', template = templateId) {
  return client.call('POST', '/sms/campaigns', {
    name, template_id: template,
    audience: { posting: { posting_id: posting.id, top } },
    variables: { enterprise: posting.enterprise_name, job: posting.title },
  });
}

test('an admin rejects a template only with a reason, which the author then reads', async () => {
  const t = await qiaojia.ok('POST', '/sms/templates', { name: '待驳回', body: '{{name}}您好，明日招工。' }, 201);
  const bare = await admin.call('POST', `/sms/templates/${t.id}/review`, { approve: false });
  assert.equal(bare.status, 400);
  assert.deepEqual(fieldOf(bare), ['reason']);
  const officer = await qiaojia.call('POST', `/sms/templates/${t.id}/review`, { approve: true });
  assert.equal(officer.status, 403);
  await admin.ok('POST', `/sms/templates/${t.id}/review`, { approve: false, reason: '请写明企业名称' });
  const list = await qiaojia.ok('GET', '/sms/templates');
  const mine = list.items.find((x) => x.id === t.id);
  assert.equal(mine.status, 'rejected');
  assert.equal(mine.review_reason, '请写明企业名称');
});

test("a posting's audience is its matched workers in scope, the excluded counted by reason", async () => {
  const created = await postingCampaign(qiaojia);
  assert.equal(created.status, 201, created.text);
  // The campaign names its posting by title, in the list and on its own.
  const one = await qiaojia.ok('GET', `/sms/campaigns/${created.json.id}`);
  assert.equal(one.posting_title, posting.title);
  const listed = (await qiaojia.ok('GET', '/sms/campaigns')).items.find((x) => x.id === created.json.id);
  assert.equal(listed.posting_title, posting.title);
  const pv = await qiaojia.ok('GET', `/sms/campaigns/${created.json.id}/preview`);
  assert.equal(pv.recipients + pv.excluded, candidates.length);
  assert.equal(pv.excluded, pv.without_phone + pv.invalid_phone + pv.opted_out + pv.already_notified);
  // Workers without a phone, as the workers endpoint reports them.
  let noPhone = 0;
  for (const c of candidates) {
    const w = await qiaojia.ok('GET', `/workers/${c.worker_id}`);
    if (w.phone_masked === null) noPhone += 1;
  }
  assert.equal(pv.without_phone, noPhone);
  assert.ok(pv.text.startsWith('【协作就业】') && pv.text.endsWith('回复TD退订'), pv.text);
  assert.match(pv.sample.phone_masked, /^1\d{2}\*{4}\d{4}$/);
  assert.ok(pv.parts >= 1 && pv.parts_total >= pv.recipients);
  assert.equal(typeof pv.quiet_hours.now, 'boolean');
});

test('top N keeps the best N by matching score', async () => {
  const created = await postingCampaign(qiaojia, 2);
  assert.equal(created.status, 201, created.text);
  const pv = await qiaojia.ok('GET', `/sms/campaigns/${created.json.id}/preview`);
  assert.equal(pv.recipients + pv.excluded, 2);
  const best = candidates.slice(0, 2).map((c) => c.worker_id);
  if (pv.sample) assert.ok(best.includes(pv.sample.worker_id), `${pv.sample.worker_id} in ${best}`);
});

test('an opted-out worker is excluded and counted as such', async () => {
  const withPhone = [];
  for (const c of candidates) {
    const w = await qiaojia.ok('GET', `/workers/${c.worker_id}`);
    if (w.phone_masked !== null) withPhone.push(c.worker_id);
  }
  assert.ok(withPhone.length >= 1);
  const before = await qiaojia.ok('GET', `/sms/campaigns/${(await postingCampaign(qiaojia)).json.id}/preview`);
  const h = await qiaojia.ok('PUT', `/workers/${withPhone[0]}/sms-optout`, { opted_out: true });
  assert.equal(h.opted_out, true);
  try {
    const history = await qiaojia.ok('GET', `/workers/${withPhone[0]}/sms`);
    assert.equal(history.opted_out, true);
    const after = await qiaojia.ok('GET', `/sms/campaigns/${(await postingCampaign(qiaojia)).json.id}/preview`);
    assert.equal(after.opted_out, before.opted_out + 1);
    assert.equal(after.recipients, before.recipients - 1);
  } finally {
    await qiaojia.ok('PUT', `/workers/${withPhone[0]}/sms-optout`, { opted_out: false });
  }
});

test("another county's officer gets 404 for the posting's audience and the campaign", async () => {
  // Templates belong to an organisation: 天等县 uses its own.
  const t = await tiandeng.ok('POST', '/sms/templates',
    { name: '天等推送', body: '{{name}}您好，{{enterprise}}招{{job}}。' }, 201);
  await admin.ok('POST', `/sms/templates/${t.id}/review`, { approve: true });
  const r = await postingCampaign(tiandeng, 0, '越界推送', t.id);
  assert.equal(r.status, 404, r.text);
  assert.equal(r.json.error.code, 'not_found');
  const mine = (await postingCampaign(qiaojia)).json;
  assert.equal((await tiandeng.call('GET', `/sms/campaigns/${mine.id}/preview`)).status, 404);
  assert.equal((await tiandeng.call('POST', `/sms/campaigns/${mine.id}/send`)).status, 404);
});

test('bad audiences are refused naming the field', async () => {
  const zero = await qiaojia.call('POST', '/sms/campaigns', {
    name: 'x', template_id: templateId, audience: { posting: { posting_id: 0, top: -1 } },
    variables: { enterprise: 'e', job: 'j' },
  });
  assert.equal(zero.status, 400);
  assert.deepEqual(fieldOf(zero).sort(), ['audience.posting_id', 'audience.top']);
  const missing = await qiaojia.call('POST', '/sms/campaigns', {
    name: 'x', template_id: templateId, audience: { posting: { posting_id: 987654321 } },
    variables: { enterprise: 'e', job: 'j' },
  });
  assert.equal(missing.status, 404);
});

test('sending queues one message per recipient; a second campaign never repeats the job', async () => {
  const c = (await postingCampaign(qiaojia, 0, '正式推送')).json;
  const pv = await qiaojia.ok('GET', `/sms/campaigns/${c.id}/preview`);
  const sent = await qiaojia.ok('POST', `/sms/campaigns/${c.id}/send`);
  assert.equal(sent.queued, pv.recipients);
  assert.equal(sent.skipped, pv.excluded);
  const detail = await qiaojia.ok('GET', `/sms/campaigns/${c.id}`);
  assert.equal(detail.status, 'sending');
  assert.equal(detail.progress.total, sent.queued);
  const msgs = await qiaojia.ok('GET', `/sms/campaigns/${c.id}/messages?page_size=500`);
  assert.equal(msgs.items.length, sent.queued);
  for (const m of msgs.items) assert.match(m.phone_masked, /^1\d{2}\*{4}\d{4}$/);
  const history = await qiaojia.ok('GET', `/workers/${pv.sample.worker_id}/sms`);
  assert.ok(history.items.some((m) => m.campaign_id === c.id));
  // Sending again adds nothing; a new campaign for the same posting reaches nobody twice.
  assert.equal((await qiaojia.ok('POST', `/sms/campaigns/${c.id}/send`)).queued, 0);
  const again = (await postingCampaign(qiaojia, 0, '重复推送')).json;
  const pv2 = await qiaojia.ok('GET', `/sms/campaigns/${again.id}/preview`);
  assert.equal(pv2.recipients, 0);
  assert.equal(pv2.already_notified, sent.queued);
  assert.equal((await qiaojia.ok('POST', `/sms/campaigns/${again.id}/send`)).queued, 0);
});

test("a filter covers exactly the workers the workers list shows in the caller's scope", async () => {
  const c = await qiaojia.ok('POST', '/sms/campaigns', {
    name: '残疾人专场', template_id: templateId, audience: { filter: { category: 'disabled' } },
    variables: { enterprise: '县内企业', job: '手工' },
  }, 201);
  const pv = await qiaojia.ok('GET', `/sms/campaigns/${c.id}/preview`);
  const workers = await qiaojia.ok('GET', '/workers?category=disabled&page_size=1');
  assert.ok(workers.total > 0);
  assert.equal(pv.recipients + pv.excluded, workers.total);
});
