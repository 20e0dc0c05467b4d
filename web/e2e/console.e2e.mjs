// Browser end-to-end test of the console against a running xiezuo server.
//
//   XIEZUO_URL=http://127.0.0.1:8080 XIEZUO_E2E_USER=… XIEZUO_E2E_PASSWORD=… npm run e2e
//
// The user is a county officer with at least one worker in scope. Screenshots
// go to ${XIEZUO_ARTIFACTS:-../test-artifacts} (relative to web/). Without
// XIEZUO_URL the tests are skipped, and say so.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const USER = process.env.XIEZUO_E2E_USER ?? ''
const PASSWORD = process.env.XIEZUO_E2E_PASSWORD ?? ''
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/
const CJK = /[\u3400-\u9fff]/
const TIMEOUT = 15_000

const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : !USER || !PASSWORD ? 'XIEZUO_E2E_USER / XIEZUO_E2E_PASSWORD are not set' : false

describe('web console', { concurrency: false }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser
  /** @type {import('playwright-core').Page} */
  let page

  before(async () => {
    if (skip) return
    await mkdir(ARTIFACTS, { recursive: true })
    // Playwright gives every launch a fresh temporary user-data-dir.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
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
      await page.screenshot({ path: join(ARTIFACTS, `failure-${name}.png`), fullPage: true }).catch(() => {})
      throw e
    }
  }

  test('signing in lands on the workers list', { skip }, () =>
    snapshotOnFailure('sign-in', async () => {
      // Asking for the workers page while signed out goes through the sign-in page and back.
      await page.goto(`${BASE}/#/workers`)
      await page.waitForURL(/#\/login/)
      await page.locator('input[data-test=username]').fill(USER)
      await page.locator('input[data-test=password]').fill(PASSWORD)
      await page.locator('[data-test=login-submit]').click()
      await page.waitForURL(/#\/workers/)
      await page.locator('[data-test=workers-table] .el-table__body tr.el-table__row').first().waitFor()
    }))

  test('the workers table has rows and shows every ID number masked', { skip }, () =>
    snapshotOnFailure('workers', async () => {
      const rows = page.locator('[data-test=workers-table] .el-table__body tr.el-table__row')
      assert.ok((await rows.count()) > 0, 'the workers table has no rows')
      await page.waitForLoadState('networkidle')
      const ids = await page.locator('[data-test=workers-table] .el-table__body [data-test=id-number]').allInnerTexts()
      assert.equal(ids.length, await rows.count(), 'one ID-number cell per row')
      for (const id of ids) assert.match(id.trim(), MASKED_ID)
      await page.screenshot({ path: join(ARTIFACTS, 'workers.png'), fullPage: true })
    }))

  test('searching by the last four ID characters finds the people whose number ends so', { skip }, () =>
    snapshotOnFailure('search-last4', async () => {
      const rows = page.locator('[data-test=workers-table] .el-table__body tr.el-table__row')
      const ids = page.locator('[data-test=workers-table] .el-table__body [data-test=id-number]')
      const tail = (await ids.first().innerText()).trim().slice(-4)
      const q = tail.toLowerCase()
      const isSearch = (r) => r.url().includes('/api/v1/workers?') && r.url().includes(`q=${q}`)
      await page.locator('input[data-test=filter-q]').fill(q)
      const answered = page.waitForResponse((r) => isSearch(r) && r.ok())
      await page.locator('input[data-test=filter-q]').press('Enter')
      await answered
      // The table renders after the answer: wait until it shows only people
      // whose number ends so (a search that found others times out here).
      await page.waitForFunction((t) => {
        const cells = [...document.querySelectorAll('[data-test=workers-table] .el-table__body [data-test=id-number]')]
        return cells.length > 0 && cells.every((c) => c.innerText.trim().endsWith(t))
      }, tail)
      const found = (await ids.allInnerTexts()).map((x) => x.trim())
      assert.ok(found.length > 0, `nobody found by "${tail}"`)
      for (const id of found) assert.ok(id.endsWith(tail), `${id} does not end with ${tail}`)
      assert.equal(found.length, await rows.count())
      await page.screenshot({ path: join(ARTIFACTS, 'workers-last4.png'), fullPage: true })
      await page.locator('input[data-test=filter-q]').fill('')
      const cleared = page.waitForResponse((r) => r.url().includes('/api/v1/workers?') && !isSearch(r) && r.ok())
      await page.locator('input[data-test=filter-q]').press('Enter')
      await cleared
    }))

  test('switching to English changes the menu text', { skip }, () =>
    snapshotOnFailure('locale', async () => {
      const item = page.locator('[data-test=menu-workers]')
      const before = (await item.innerText()).trim()
      assert.match(before, CJK, `menu starts in Chinese, got "${before}"`)
      await page.locator('[data-test=locale-switch]').click()
      await page.locator('[data-test=locale-en]').click()
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      const afterText = (await item.innerText()).trim()
      assert.notEqual(afterText, before)
      assert.doesNotMatch(afterText, CJK, `menu text after the switch: "${afterText}"`)
      assert.match(afterText, /[A-Za-z]/)
      await page.screenshot({ path: join(ARTIFACTS, 'workers-en.png'), fullPage: true })
    }))

  test('signing out returns to the login page', { skip }, () =>
    snapshotOnFailure('sign-out', async () => {
      await page.locator('[data-test=sign-out]').click()
      await page.waitForURL(/#\/login/)
      await page.locator('[data-test=login-submit]').waitFor()
      // The session is gone on the server too: a protected page sends us back.
      await page.goto(`${BASE}/#/workers`)
      await page.waitForURL(/#\/login/)
      await page.locator('[data-test=login-submit]').waitFor()
    }))
})
