// Browser test of matching in the console (issue 4) against a running
// server with the demo data: a county officer sees their worker's
// recommended jobs with reasons and marks an outcome, but not another
// county's worker; a station sees masked candidates for a posting in its
// city only; a batch runs with its quality figures and policy version; the
// admin reads and saves the policy. Screenshots go to ${XIEZUO_ARTIFACTS}.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const PASSWORD = process.env.XIEZUO_E2E_PASSWORD ?? ''
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/
const TIMEOUT = 20_000

const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : !PASSWORD ? 'XIEZUO_E2E_PASSWORD is not set' : false

/** A signed-in API client, to find demo records the pages are then opened on. */
async function apiAs(username) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  assert.equal(r.status, 200, `login ${username}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  return async (path) => (await fetch(`${BASE}/api/v1${path}`, { headers: { cookie } })).json()
}

describe('matching in the console', { concurrency: false }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser
  /** @type {import('playwright-core').Page} */
  let page

  before(async () => {
    if (skip) return
    await mkdir(ARTIFACTS, { recursive: true })
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    })
  })
  after(async () => {
    await browser?.close()
  })

  async function signIn(username) {
    await page?.context().close()
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT)
    await page.goto(`${BASE}/#/login`)
    await page.locator('input[data-test=username]').fill(username)
    await page.locator('input[data-test=password]').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL((u) => !u.hash.startsWith('#/login'))
  }

  /** Opens a row's outcome menu and picks one (retrying if a closing menu swallowed the click). */
  async function markOutcome(row, outcome) {
    const noMenuOpen = () =>
      page.waitForFunction(() => [...document.querySelectorAll('.el-dropdown-menu__item')].every((e) => !e.checkVisibility()))
    for (let attempt = 1; ; attempt++) {
      await noMenuOpen()
      await row.locator('[data-test=mark]').click()
      try {
        await page.locator(`[data-test=mark-${outcome}]:visible`).click({ timeout: 4000 })
        return
      } catch (e) {
        if (attempt === 3) throw e
        await page.keyboard.press('Escape')
      }
    }
  }

  async function snapshotOnFailure(name, fn) {
    try {
      await fn()
    } catch (e) {
      await page?.screenshot({ path: join(ARTIFACTS, `failure-match-${name}.png`), fullPage: true }).catch(() => {})
      throw e
    }
  }

  test("a county officer sees their worker's recommended jobs with reasons and marks one", { skip }, () =>
    snapshotOnFailure('worker', async () => {
      const api = await apiAs('qiaojia')
      const workers = (await api('/workers?page_size=30&status=available')).items
      let worker = null
      for (const w of workers) {
        if ((await api(`/workers/${w.id}/recommendations`)).items.length >= 2) { worker = w; break }
      }
      assert.ok(worker, 'a 巧家 worker with recommendations in the demo')
      await signIn('qiaojia')
      await page.goto(`${BASE}/#/workers/${worker.id}`)
      await page.getByRole('tab', { name: '推荐岗位' }).waitFor()
      const rows = page.locator('[data-test=recommendations] .el-table__body tr.el-table__row')
      await rows.first().waitFor()
      assert.ok((await rows.count()) >= 2)
      const reasons = await page.locator('[data-test=recommendations] [data-test=reasons]').allInnerTexts()
      for (const r of reasons) assert.match(r, /[\u4e00-\u9fff].*；|对口|意向地区|月薪/, `reasons in Chinese: ${r}`)
      // Mark the first as contacted.
      await markOutcome(rows.first(), 'contacted')
      await rows.first().locator('[data-test=outcome]', { hasText: '已联系' }).waitFor()
      await page.screenshot({ path: join(ARTIFACTS, 'match-worker-recommendations.png'), fullPage: true })
      // Declined asks why.
      await markOutcome(rows.nth(1), 'declined')
      await page.locator('textarea[data-test=reason-text]').fill('离家太远')
      await page.locator('[data-test=reason-save]').click()
      await rows.nth(1).locator('[data-test=outcome]', { hasText: '已拒绝' }).waitFor()
      const saved = (await api(`/workers/${worker.id}/recommendations`)).items
      assert.ok(saved.some((x) => x.outcome === 'declined' && x.outcome_reason === '离家太远'), 'stored on the server')
      // In English the reasons and labels follow the console's language.
      await page.locator('[data-test=locale-switch]').click()
      await page.locator('[data-test=locale-en]').click()
      await page.getByRole('tab', { name: 'Recommended jobs' }).waitFor()
      const en = await page.locator('[data-test=recommendations] [data-test=reasons]').allInnerTexts()
      assert.deepEqual(en, saved.sort((a, b) => a.rank - b.rank).map((x) => x.reasons.en))
      await page.screenshot({ path: join(ARTIFACTS, 'match-worker-recommendations-en.png'), fullPage: true })
    }))

  test("a county officer does not see another county's worker's recommendations", { skip }, () =>
    snapshotOnFailure('scope', async () => {
      const other = (await (await apiAs('tiandeng'))('/workers?page_size=1')).items[0]
      await page.goto(`${BASE}/#/workers/${other.id}`)
      await page.locator('.el-message--error').waitFor()
      assert.equal(await page.locator('[data-test=recommendations]').count(), 0)
      assert.equal(await page.getByRole('tab', { name: '推荐岗位' }).count(), 0)
    }))

  test('a station sees masked candidates for a posting in its city, none elsewhere', { skip }, () =>
    snapshotOnFailure('candidates', async () => {
      const api = await apiAs('station_tiandeng_jm')
      const postings = (await api('/postings?region=440700&status=published&page_size=100')).items
      let posting = null
      for (const p of postings) {
        if ((await api(`/postings/${p.id}/candidates`)).items.length >= 2) { posting = p; break }
      }
      assert.ok(posting, 'a 江门 posting with 天等 candidates')
      await signIn('station_tiandeng_jm')
      await page.goto(`${BASE}/#/postings/${posting.id}`)
      await page.getByRole('tab', { name: '候选人' }).waitFor()
      const rows = page.locator('[data-test=candidates] .el-table__body tr.el-table__row')
      await rows.first().waitFor()
      const ids = await page.locator('[data-test=candidates] [data-test=id-number]').allInnerTexts()
      assert.equal(ids.length, await rows.count())
      for (const id of ids) {
        assert.match(id.trim(), MASKED_ID)
        assert.ok(id.startsWith('451425'), 'a 天等县 person')
      }
      await page.screenshot({ path: join(ARTIFACTS, 'match-posting-candidates.png'), fullPage: true })

      const far = (await api('/postings?region=440300&status=published&page_size=1')).items[0]
      await page.goto(`${BASE}/#/postings/${far.id}`)
      await page.getByRole('tab', { name: '候选人' }).waitFor()
      // Another city's posting: an empty candidates tab, no error over the page.
      await page.locator('[data-test=candidates] .el-empty').waitFor()
      assert.equal(await page.locator('.el-message--error').count(), 0)
      assert.equal(await page.locator('[data-test=candidates] .el-table__body tr.el-table__row').count(), 0)
    }))

  test('a county officer runs a batch and sees its quality figures and policy version', { skip }, () =>
    snapshotOnFailure('run', async () => {
      await signIn('qiaojia')
      await page.goto(`${BASE}/#/match`)
      await page.locator('[data-test=run]').waitFor()
      const before = await page.locator('[data-test=batches] .el-table__body tr.el-table__row').count()
      await page.locator('[data-test=run]').click()
      await page.locator('.el-message--success').waitFor()
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-test=batches] .el-table__body tr.el-table__row').length > n, before)
      const coverage = (await page.locator('[data-test=figure-coverage]').innerText()).trim()
      assert.match(coverage, /\d+(\.\d)?%/)
      assert.match((await page.locator('[data-test=batch-policy-version]').innerText()).trim(), /第 \d+ 版/)
      await page.locator('[data-test=batch-detail] canvas').waitFor()
      await page.waitForTimeout(600) // let the chart's animation finish for the screenshot
      await page.screenshot({ path: join(ARTIFACTS, 'match-run.png'), fullPage: true })
      const download = page.waitForEvent('download')
      await page.locator('[data-test=download]').click()
      assert.match((await download).suggestedFilename(), /\.xlsx$/)
    }))

  test('the admin reads the policy and saves a new version', { skip }, () =>
    snapshotOnFailure('policy', async () => {
      await signIn('admin')
      await page.goto(`${BASE}/#/match/policy`)
      const tag = page.locator('[data-test=current-version]')
      await tag.waitFor()
      const v = Number((await tag.innerText()).match(/(\d+)/)[1])
      await page.screenshot({ path: join(ARTIFACTS, 'match-policy.png'), fullPage: true })
      await page.locator('[data-test=save-policy]').click()
      await page.locator('[data-test=current-version]', { hasText: `第 ${v + 1} 版` }).waitFor()
      const rows = await page.locator('[data-test=policy-history] .el-table__body tr.el-table__row').count()
      assert.ok(rows >= 2)
    }))
})
