// Browser test of 短信推送 against a running xiezuo server with the demo data:
// a county officer writes a template (live length counter), an admin
// approves it, the officer sends a campaign to a posting's matched workers
// after the preview, watches its progress, and finds the message on the
// worker's page. Without Kannel (scripts/e2e.sh) messages stay queued; with
// it they move on: the test checks counts that hold either way.
//
//   XIEZUO_URL=http://127.0.0.1:8080 node --test e2e/sms.e2e.mjs
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const PASSWORD = process.env.XIEZUO_E2E_PASSWORD || 'Xiezuo@2026'
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const TIMEOUT = 20_000
const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : false

/** The API as a signed-in user, for what the browser test needs to know. */
async function apiSession(username) {
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  assert.equal(res.status, 200)
  const cookie = res.headers.get('set-cookie').split(';')[0]
  const { csrf_token: csrf } = await res.json()
  return async (method, path, body) => {
    const r = await fetch(`${BASE}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await r.json()
    assert.ok(r.ok, `${method} ${path}: ${JSON.stringify(json)}`)
    return json
  }
}

describe('短信推送', { concurrency: false }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser
  /** @type {import('playwright-core').Page} */
  let officer
  /** @type {import('playwright-core').Page} */
  let admin
  let api
  let posting
  const stamp = Date.now().toString(36)
  const templateName = `招工通知-${stamp}`
  const campaignName = `岗位推送-${stamp}`
  let campaignId
  let recipients

  async function signedInPage(username) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT)
    await page.goto(`${BASE}/#/login`)
    await page.locator('input[data-test=username]').fill(username)
    await page.locator('input[data-test=password]').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL((u) => !u.hash.startsWith('#/login'))
    return page
  }

  async function shot(page, name) {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
  }

  async function step(page, name, fn) {
    try {
      await fn()
    } catch (e) {
      await page?.screenshot({ path: join(ARTIFACTS, `failure-${name}.png`), fullPage: true }).catch(() => {})
      throw e
    }
  }

  /** Opens an el-select, types to search if asked, and picks the option `option` selects. */
  async function pick(page, selectTest, option, typed) {
    const select = page.locator(`[data-test=${selectTest}]`)
    await select.click()
    if (typed) await select.locator('input').fill(typed)
    await page.locator(option).first().click()
  }

  before(async () => {
    if (skip) return
    await mkdir(ARTIFACTS, { recursive: true })
    // The posting's matched workers come from a matching batch for 巧家县.
    api = await apiSession('qiaojia')
    await api('POST', '/match/batches', { scope: '巧家县' })
    // The officer's own template, approved, to ask the server's preview
    // which posting still has matched workers nobody has sent it to (the
    // API tests send some before this test runs).
    const probe = await api('POST', '/sms/templates', { name: `选岗-${stamp}`, body: '{{name}}您好，{{job}}' })
    await (await apiSession('admin'))('POST', `/sms/templates/${probe.id}/review`, { approve: true })
    const published = await api('GET', '/postings?status=published&page_size=100')
    for (const p of published.items) {
      const c = await api('GET', `/postings/${p.id}/candidates`)
      if (c.items.length < 2) continue
      const draft = await api('POST', '/sms/campaigns', {
        name: `选岗-${stamp}`, template_id: probe.id,
        audience: { posting: { posting_id: p.id, top: 0 } }, variables: { job: p.title },
      })
      const pv = await api('GET', `/sms/campaigns/${draft.id}/preview`)
      if (pv.recipients >= 1 && pv.already_notified === 0) {
        posting = p
        break
      }
    }
    assert.ok(posting, 'a published posting with matched 巧家县 workers not sent yet')
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    officer = await signedInPage('qiaojia')
    admin = await signedInPage('admin')
  })

  after(async () => {
    await browser?.close()
  })

  test('an officer writes a template and sees its length as the operators count it', { skip }, () =>
    step(officer, 'sms-template', async () => {
      await officer.goto(`${BASE}/#/sms?tab=templates`)
      await officer.locator('[data-test=menu-sms]').waitFor()
      await officer.locator('[data-test=template-create]').click()
      await officer.locator('input[data-test=template-name]').fill(templateName)
      const body = officer.locator('textarea[data-test=template-body]')
      await officer.locator('[data-test=insert-name]').click()
      await body.press('End')
      await body.pressSequentially('您好，')
      await officer.locator('[data-test=insert-enterprise]').click()
      await body.press('End')
      await body.pressSequentially('招')
      await officer.locator('[data-test=insert-job]').click()
      assert.equal(await body.inputValue(), '{{name}}您好，{{enterprise}}招{{job}}')
      const summary = officer.locator('[data-test=sms-length-summary]')
      // 【协作就业】张三丰您好，江门市某电子有限公司招普工 回复TD退订: 6 + 19 + 7 = 32.
      await summary.filter({ hasText: '共 32 字，计 1 条短信' }).waitFor()
      await shot(officer, 'sms-template-create')
      await officer.locator('[data-test=template-save]').click()
      await officer.locator('[data-test=template-table] tr', { hasText: templateName }).filter({ hasText: '待审核' }).waitFor()
    }))

  test('an admin approves it', { skip }, () =>
    step(admin, 'sms-approve', async () => {
      await admin.goto(`${BASE}/#/sms?tab=templates`)
      const row = admin.locator('[data-test=template-table] tr', { hasText: templateName })
      await row.locator('button', { hasText: '通过' }).click()
      await row.filter({ hasText: '已通过' }).waitFor()
      await shot(admin, 'sms-template-approved')
    }))

  test("the officer previews a campaign to a posting's matched workers and sends it", { skip }, () =>
    step(officer, 'sms-campaign', async () => {
      await officer.goto(`${BASE}/#/sms`)
      await officer.locator('[data-test=campaign-create]').click()
      await officer.locator('input[data-test=campaign-name]').fill(campaignName)
      await pick(officer, 'campaign-template', `.el-select-dropdown__item:visible:has-text("${templateName}")`)
      await officer.locator('input[data-test=campaign-var-enterprise]').fill(posting.enterprise_name)
      await officer.locator('input[data-test=campaign-var-job]').fill(posting.title)
      await pick(officer, 'campaign-posting', `[data-test=posting-option-${posting.id}]:visible`, posting.title)
      await officer.locator('[data-test=campaign-next]').click()
      const preview = officer.locator('[data-test=campaign-preview]')
      await preview.waitFor()
      const text = await officer.locator('[data-test=preview-text]').innerText()
      assert.match(text, /^【协作就业】.+您好，.+招.+ 回复TD退订$/)
      assert.ok(text.includes(posting.title))
      assert.doesNotMatch(await preview.innerText(), /1[3-9]\d{9}/, 'no phone number in clear')
      recipients = Number(await officer.locator('[data-test=preview-recipients]').innerText())
      assert.ok(recipients > 0)
      await shot(officer, 'sms-campaign-preview')
      await officer.locator('[data-test=campaign-send]').click()
      const confirm = officer.locator('.el-message-box')
      await confirm.filter({ hasText: `将向 ${recipients} 人发送短信` }).waitFor()
      await confirm.locator('button', { hasText: '确认发送' }).click()
      await officer.waitForURL(/#\/sms\/campaigns\/\d+/)
      campaignId = Number(/campaigns\/(\d+)/.exec(officer.url())[1])
    }))

  test('the campaign page shows progress that adds up and refreshes itself', { skip }, () =>
    step(officer, 'sms-progress', async () => {
      await officer.locator('[data-test=campaign-title]', { hasText: campaignName }).waitFor()
      // Its audience names the posting by title, not by number.
      await officer.locator('.el-descriptions', { hasText: `岗位“${posting.title}”的匹配人员` }).waitFor()
      const total = officer.locator('[data-test=progress-total]')
      await total.filter({ hasText: String(recipients) }).waitFor()
      const count = async (state) =>
        Number((await officer.locator(`[data-test=progress-${state}] b`).innerText()).trim())
      const states = ['queued', 'sending', 'sent', 'delivered', 'failed']
      const first = await Promise.all(states.map(count))
      assert.equal(first.reduce((a, b) => a + b, 0), recipients)
      // The page asks again by itself: wait for the next answer.
      await officer.waitForResponse((r) => r.url().endsWith(`/api/v1/sms/campaigns/${campaignId}`), { timeout: 10_000 })
      const detail = await api('GET', `/sms/campaigns/${campaignId}`)
      assert.equal(detail.progress.total, recipients)
      await shot(officer, 'sms-campaign-progress')
    }))

  test("the message is on the worker's 短信记录", { skip }, () =>
    step(officer, 'sms-history', async () => {
      const msgs = await api('GET', `/sms/campaigns/${campaignId}/messages?page_size=1`)
      const workerId = msgs.items[0].worker_id
      await officer.goto(`${BASE}/#/workers/${workerId}`)
      // The worker page's tabs: recommended jobs first, then 短信记录.
      await officer.getByRole('tab', { name: '短信记录' }).click()
      const history = officer.locator('[data-test=worker-sms]')
      await history.scrollIntoViewIfNeeded()
      await history.locator('tr', { hasText: `#${campaignId}` }).waitFor()
      await shot(officer, 'sms-worker-history')
    }))
})
