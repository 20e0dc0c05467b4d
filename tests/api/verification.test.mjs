// Posting verification through the API (issue 3, "Done when"): a posting
// below the minimum wage, one that demands a sex and one from a blacklisted
// enterprise are each refused with their reason; visit photos are checked,
// stored and served within scope; minimum-wage tables are edited by admins
// and used by the rule check at once.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, PNG, allOk, newEnterprise, newPosting } from './verification_helpers.mjs';

const BASE = process.env.XIEZUO_URL;
if (!BASE) throw new Error('XIEZUO_URL is not set');

const admin = new Client(BASE);
const station = new Client(BASE);
const receiving = new Client(BASE);
const hr = new Client(BASE);
const qiaojia = new Client(BASE);
let enterprise;

before(async () => {
  await admin.login('admin');
  await station.login('station_tiandeng_jm');
  await receiving.login('jiangmen_rs');
  await hr.login('hr_1');
  await qiaojia.login('qiaojia');
  enterprise = await newEnterprise(admin, '江门市核查测试电子厂');
});

function reasons(r) {
  return (r.json?.error?.fields ?? []).map((f) => `${f.field}: ${f.message.zh} / ${f.message.en}`).join('\n');
}

test('a posting below the minimum wage is refused at submit, naming the figure', async () => {
  // 昆明市五华区 is tier 1 in Yunnan (1,990 yuan a month).
  const id = await newPosting(admin, enterprise, { region_code: '530102', wage_min: 1800, wage_max: 2500 });
  const rules = await station.req('GET', `/api/v1/postings/${id}/rules`);
  assert.equal(rules.status, 200, rules.text);
  const mw = rules.json.items.find((i) => i.rule === 'min_wage');
  assert.ok(mw && mw.blocking, rules.text);
  assert.match(mw.message, /1990/);
  const r = await station.req('POST', `/api/v1/postings/${id}/submit`, {});
  assert.equal(r.status, 409, r.text);
  assert.match(reasons(r), /wage_min: .*1990/);
  const after = await admin.req('GET', `/api/v1/postings/${id}`);
  assert.equal(after.json.status, 'draft');
});

test('a posting that demands a sex is refused at submit with the words it used', async () => {
  const id = await newPosting(admin, enterprise, { description: '限男性，能吃苦耐劳' });
  const r = await station.req('POST', `/api/v1/postings/${id}/submit`, {});
  assert.equal(r.status, 409, r.text);
  assert.match(reasons(r), /性别/);
  assert.match(reasons(r), /限男/);
});

test('a blacklisted enterprise cannot publish, though its posting was verified', async () => {
  const black = await newEnterprise(admin, '江门市欠薪测试五金厂');
  const id = await newPosting(admin, black);
  assert.equal((await station.req('POST', `/api/v1/postings/${id}/submit`, {})).status, 200);
  const { answers } = await allOk(station);
  const v = await station.req('POST', `/api/v1/postings/${id}/verify`, { answers });
  assert.equal(v.status, 200, v.text);
  const b = await receiving.req('POST', `/api/v1/enterprises/${black}/blacklist`, { blacklisted: true, reason: '（2025）江劳仲案字第 12 号' });
  assert.equal(b.status, 200, b.text);
  const p = await station.req('POST', `/api/v1/postings/${id}/publish`, {});
  assert.equal(p.status, 409, p.text);
  assert.match(reasons(p), /blacklist|黑名单/);
  assert.equal((await admin.req('GET', `/api/v1/postings/${id}`)).json.status, 'verified');
});

test('verify needs every outline item; reject needs reasons and keeps them in the history', async () => {
  const id = await newPosting(admin, enterprise);
  assert.equal((await station.req('POST', `/api/v1/postings/${id}/submit`, {})).status, 200);
  const partial = await station.req('POST', `/api/v1/postings/${id}/verify`, { answers: { 'pay.01': { result: 'ok', note: '' } } });
  assert.equal(partial.status, 400);
  assert.ok(partial.json.error.fields.length >= 87, `${partial.json.error.fields.length} fields`);
  assert.equal((await station.req('POST', `/api/v1/postings/${id}/reject`, { reasons: [' '] })).status, 400);
  const rej = await station.req('POST', `/api/v1/postings/${id}/reject`, { reasons: ['宿舍 12 人一间，与“6 人间”不符'] });
  assert.equal(rej.status, 200, rej.text);
  const h = await hr.req('GET', `/api/v1/postings/${id}/reviews`);
  // hr_1 is another enterprise's HR: the posting is out of scope.
  assert.equal(h.status, 404);
  const mine = await station.req('GET', `/api/v1/postings/${id}/reviews`);
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.json.items.map((x) => x.action), ['submit', 'reject']);
  assert.deepEqual(mine.json.items[1].reasons, ['宿舍 12 人一间，与“6 人间”不符']);
  assert.equal(mine.json.items[1].to_status, 'rejected');
});

test('visit photos: checked by content, named in errors, served within scope, attached at verify', async () => {
  const id = await newPosting(admin, enterprise);
  const up = await station.req('POST', `/api/v1/postings/${id}/photos?name=${encodeURIComponent('宿舍.png')}`, undefined,
    { raw: PNG, headers: { 'content-type': 'image/png' } });
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.content_type, 'image/png');
  assert.equal(up.json.review_id, null);

  const bad = await station.req('POST', `/api/v1/postings/${id}/photos?name=${encodeURIComponent('合同.pdf')}`, undefined,
    { raw: Buffer.from('%PDF-1.7\n...'), headers: { 'content-type': 'image/jpeg' } });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.fields[0].field, 'photo');
  assert.match(bad.json.error.fields[0].message.zh, /合同\.pdf/);
  assert.match(bad.json.error.fields[0].message.en, /合同\.pdf/);

  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024 + 10)]);
  const tooBig = await station.req('POST', `/api/v1/postings/${id}/photos?name=big.jpg`, undefined,
    { raw: big, headers: { 'content-type': 'image/jpeg' } });
  assert.equal(tooBig.status, 400, tooBig.text.slice(0, 300));
  assert.match(tooBig.json.error.fields[0].message.zh, /big\.jpg.*5 MB/);

  const got = await qiaojia.req('GET', up.json.url);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.deepEqual(got.buf, PNG);
  assert.equal((await hr.req('GET', up.json.url)).status, 404);
  assert.equal((await qiaojia.req('POST', `/api/v1/postings/${id}/photos?name=x.png`, undefined,
    { raw: PNG, headers: { 'content-type': 'image/png' } })).status, 403);

  assert.equal((await station.req('POST', `/api/v1/postings/${id}/submit`, {})).status, 200);
  const { answers, version } = await allOk(station);
  assert.equal((await station.req('POST', `/api/v1/postings/${id}/verify`, { answers })).status, 200);
  const reviews = await station.req('GET', `/api/v1/postings/${id}/reviews`);
  const verify = reviews.json.items.find((x) => x.action === 'verify');
  assert.deepEqual(verify.photos, [up.json.id]);
  assert.equal(verify.outline_version, version);
  const list = await station.req('GET', `/api/v1/postings/${id}/photos`);
  assert.equal(list.json.items[0].review_id, verify.id);
});

test('minimum wages: only admins edit; the rule check uses the new table at once', async () => {
  // Hainan has no table in the demo data and nothing else tests it.
  const id = await newPosting(admin, enterprise, { region_code: '460105', wage_min: 2000, wage_max: 2600 });
  const low = {
    effective_from: '2025-01-01', source: 'API 测试用',
    tiers: [{ tier: 1, monthly: 1900, hourly: 18 }], regions: [],
  };
  assert.equal((await admin.req('PUT', '/api/v1/min-wages/460000', low)).status, 200);
  const before = await station.req('GET', `/api/v1/postings/${id}/rules`);
  assert.equal(before.json.items.filter((i) => i.rule === 'min_wage').length, 0, before.text);

  const table = {
    effective_from: '2025-12-01', source: 'API 测试用',
    tiers: [{ tier: 1, monthly: 2100, hourly: 20 }, { tier: 2, monthly: 1900, hourly: 18 }],
    regions: [{ code: '460100', tier: 1 }],
  };
  assert.equal((await station.req('PUT', '/api/v1/min-wages/460000', table)).status, 403);
  const bad = await admin.req('PUT', '/api/v1/min-wages/460000', { ...table, regions: [{ code: '530622', tier: 1 }] });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.fields[0].field, 'regions[0].code');
  const saved = await admin.req('PUT', '/api/v1/min-wages/460000', table);
  assert.equal(saved.status, 200, saved.text);
  const v1 = saved.json.version;

  const after = await station.req('GET', `/api/v1/postings/${id}/rules`);
  const mw = after.json.items.find((i) => i.rule === 'min_wage');
  assert.ok(mw && mw.blocking, after.text);
  assert.match(mw.message, /2100/);

  const all = await station.req('GET', '/api/v1/min-wages');
  const hainan = all.json.items.find((x) => x.province_code === '460000');
  assert.equal(hainan.version, v1);
  assert.equal(hainan.regions[0].name, '海南省海口市');
  const yunnan = all.json.items.find((x) => x.province_code === '530000');
  assert.deepEqual(yunnan.tiers.map((x) => x.monthly), [1990, 1840, 1690]);
  const versions = await admin.req('GET', '/api/v1/min-wages/460000/versions');
  assert.equal(versions.json.items[0].version, v1);
  assert.equal(versions.json.items[0].tiers[0].monthly, 2100);
  assert.equal(versions.json.items[1].tiers[0].monthly, 1900);
});

test('the outline: old versions stay readable; only admins save', async () => {
  const cur = await station.req('GET', '/api/v1/inspection/outline');
  assert.equal(cur.json.categories.length, 8);
  const n = cur.json.categories.reduce((s, c) => s + c.items.length, 0);
  assert.ok(n >= 88, `${n} items`);
  assert.equal((await station.req('PUT', '/api/v1/inspection/outline', cur.json)).status, 403);
  const v1 = await station.req('GET', '/api/v1/inspection/outline?version=1');
  assert.equal(v1.status, 200);
  assert.equal(v1.json.version, 1);
  assert.equal((await station.req('GET', '/api/v1/inspection/outline?version=999')).status, 404);
});
