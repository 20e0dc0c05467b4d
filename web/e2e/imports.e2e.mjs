// Browser test of the import page (数据导入) against a running server with the
// demo data: 巧家县's officer uploads the real-shaped fixtures of
// tests/fixtures/imports (a GB18030 CSV as WPS saves it, an xlsx with a title
// row above the header, a CSV with faulty rows) and reads the report.
//
//   XIEZUO_URL=http://127.0.0.1:8080 XIEZUO_E2E_USER=qiaojia XIEZUO_E2E_PASSWORD=… node --test e2e/imports.e2e.mjs
//
// Screenshots go to ${XIEZUO_ARTIFACTS:-../test-artifacts} (relative to web/).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const FIXTURES = resolve(WEB_DIR, '../tests/fixtures/imports')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const USER = process.env.XIEZUO_E2E_USER ?? ''
const PASSWORD = process.env.XIEZUO_E2E_PASSWORD ?? ''
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const TIMEOUT = 30_000

const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : !USER || !PASSWORD ? 'XIEZUO_E2E_USER / XIEZUO_E2E_PASSWORD are not set' : false

describe('import page', { concurrency: false }, () => {
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
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT)
  })

  after(async () => {
    await browser?.close()
  })

  async function snapshotOnFailure(name, fn) {
    try {
      await fn()
    } catch (e) {
      await page.screenshot({ path: join(ARTIFACTS, `failure-imports-${name}.png`), fullPage: true }).catch(() => {})
      throw e
    }
  }

  /** Uploads a fixture and waits for its job to end; returns the job card. */
  async function upload(file) {
    await page.locator('[data-test=import-upload] input[type=file]').setInputFiles(join(FIXTURES, file))
    const card = page.locator('[data-test=import-job]')
    await card.waitFor()
    await page.locator('[data-test=import-job][data-state=done], [data-test=import-job][data-state=failed]').waitFor()
    assert.equal(await card.getAttribute('data-state'), 'done', await card.innerText())
    return card
  }

  async function count(card, key) {
    const text = await card.locator(`[data-test=count-${key}] .count-value`).innerText()
    return Number(text.replace(/,/g, ''))
  }

  test('the import page is in the menu and offers only the job-seeker list to a county officer', { skip }, () =>
    snapshotOnFailure('open', async () => {
      await page.goto(`${BASE}/#/imports`)
      await page.waitForURL(/#\/login/)
      await page.locator('input[data-test=username]').fill(USER)
      await page.locator('input[data-test=password]').fill(PASSWORD)
      await page.locator('[data-test=login-submit]').click()
      await page.waitForURL(/#\/imports/)
      await page.locator('.el-menu').getByText('数据导入').waitFor()
      const kinds = await page.locator('[data-test=import-kind] .el-radio-button').allInnerTexts()
      assert.deepEqual(kinds.map((s) => s.trim()), ['求职人员名单'])
      await page.locator('[data-test=import-mode]').getByText('导入有效行').waitFor()
      await page.locator('[data-test=import-mode]').getByText('全部成功才导入').waitFor()
      await page.screenshot({ path: join(ARTIFACTS, 'imports-page.png'), fullPage: true })
    }))

  test('the GB18030 CSV as WPS saves it imports with its warning listed', { skip }, () =>
    snapshotOnFailure('gb18030', async () => {
      const card = await upload('workers_gb18030.csv')
      assert.equal(await count(card, 'rowsTotal'), 5)
      assert.equal(await count(card, 'rejected'), 0)
      const written = (await count(card, 'inserted')) + (await count(card, 'updated')) + (await count(card, 'unchanged'))
      assert.equal(written, 5)
      await card.locator('[data-test=issue-reason]').getByText('未填手机号').first().waitFor()
      assert.equal(await page.locator('[data-test=upload-progress]').getAttribute('aria-valuenow'), '100')
      await page.waitForTimeout(800) // the progress bar's width transition
      await card.screenshot({ path: join(ARTIFACTS, 'imports-gb18030.png') })
    }))

  test('the xlsx with a title row is read from its header row', { skip }, () =>
    snapshotOnFailure('title-xlsx', async () => {
      const card = await upload('workers_title.xlsx')
      assert.equal(await count(card, 'rowsTotal'), 5)
      assert.equal(await count(card, 'rejected'), 0)
      // The issue names the sheet cell below the title rows.
      await card.getByText('（F6）').waitFor()
    }))

  test('a dry run of a faulty list lists the errors by row and offers the marked report', { skip }, () =>
    snapshotOnFailure('errors', async () => {
      await page.locator('[data-test=import-dry-run]').click()
      const card = await upload('workers_errors.csv')
      const rejected = await count(card, 'rejected')
      assert.ok(rejected > 0, 'the faulty fixture has rejected rows')
      await card.getByText('预检完成：没有写入任何数据').waitFor()
      const reasons = await card.locator('[data-test=issue-reason]').allInnerTexts()
      assert.ok(reasons.length > 0 && reasons.every((r) => /[\u3400-\u9fff]/.test(r)), reasons.join(' | '))
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.locator('[data-test=download-report]').click(),
      ])
      assert.match(download.suggestedFilename(), /\.xlsx$/)
      // The recent-imports list has the three uploads, newest first.
      const files = await page.locator('[data-test=recent-imports] .el-table__body tr').allInnerTexts()
      assert.ok(files[0].includes('workers_errors.csv'), files[0])
      assert.ok(files.some((f) => f.includes('workers_title.xlsx')))
      await card.screenshot({ path: join(ARTIFACTS, 'imports-errors.png') })
      await page.locator('[data-test=recent-imports]').screenshot({ path: join(ARTIFACTS, 'imports-recent.png') })
    }))
})
