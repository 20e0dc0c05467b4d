// Shared by the verification API tests and the browser tests: a signed-in
// client, and fresh enterprises and postings to verify (never the demo
// data's, which other tests count).
import assert from 'node:assert/strict';

export const PASSWORD = process.env.XIEZUO_DEMO_PASSWORD ?? 'Xiezuo@2026';

export class Client {
  constructor(base) { this.base = base; this.cookie = ''; this.csrf = ''; }
  async req(method, path, body, { raw, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.base + path, {
      method, headers: h,
      body: raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie && setCookie.startsWith('xz_session=')) this.cookie = setCookie.split(';')[0];
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text, buf, headers: res.headers };
  }
  async login(username, password = PASSWORD) {
    const r = await this.req('POST', '/api/v1/auth/login', { username, password });
    assert.equal(r.status, 200, `login ${username}: ${r.text}`);
    this.csrf = r.json.csrf_token;
    return this;
  }
}

// GB 32100 check character for the first 17 characters of a credit code.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCode(region, serial9) {
  const body = `91${region}${serial9}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(body[i]) * WEIGHTS[i];
  return body + ALPHABET[(31 - (sum % 31)) % 31];
}

let seq = 0;
/** A new enterprise in 江门市蓬江区 (unique credit code per run). */
export async function newEnterprise(admin, name) {
  const serial = `MA${Date.now().toString(36).toUpperCase().slice(-5)}${(seq++ % 10)}X`.replace(/[IOSVZ]/g, 'A').slice(0, 9);
  const r = await admin.req('POST', '/api/v1/enterprises', {
    name: `${name}${Date.now() % 100000}${seq}`,
    credit_code: creditCode('440703', serial.padEnd(9, '1')),
    region_code: '440703',
    industry_code: '19',
    contact_name: '陈主管',
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

/** A draft posting; `over` replaces fields (e.g. wage_min, description). */
export async function newPosting(admin, enterpriseId, over = {}) {
  const r = await admin.req('POST', '/api/v1/postings', {
    enterprise_id: enterpriseId,
    title: '电子装配工',
    occupation_code: '6-25-04-07',
    region_code: '440703',
    openings: 10,
    wage_min: 4500,
    wage_max: 6000,
    pay_type: 'monthly',
    board: true,
    lodging: true,
    dorm_size: 6,
    valid_until: '2099-12-31',
    description: '两班倒，包吃住',
    ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

/** Every item of the current outline answered 符合. */
export async function allOk(client) {
  const o = await client.req('GET', '/api/v1/inspection/outline');
  assert.equal(o.status, 200, o.text);
  const answers = {};
  for (const c of o.json.categories) for (const i of c.items) answers[i.id] = { result: 'ok', note: '' };
  return { answers, version: o.json.version };
}

/** The smallest valid PNG (1×1). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
