// Browser test of the monthly lists page (月度清单), the minimum-wage and
// outline pages, and the village officer's phone registration page, at
// desktop and phone sizes. Screenshots go to
// ${XIEZUO_ARTIFACTS:-../test-artifacts}.
//
//   XIEZUO_URL=http://127.0.0.1:8080 node --test e2e/lists.e2e.mjs
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { Client } from '../../tests/api/verification_helpers.mjs'
import { CHROMIUM_ARGS, signedInPage } from './helpers.mjs'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : false

describe('monthly lists, minimum wages, outline and phone registration', { concurrency: false }, () => {
  let browser

  before(async () => {
    if (skip) return
    await mkdir(ARTIFACTS, { recursive: true })
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
  })
  after(async () => {
    await browser?.close()
  })

  async function shot(page, name, fn, fullPage = true) {
    try {
      await fn()
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage })
    } catch (e) {
      await page.screenshot({ path: join(ARTIFACTS, `failure-${name}.png`), fullPage: true }).catch(() => {})
      throw e
    } finally {
      await page.context().close()
    }
  }

  test('a station publishes 天等县 → 江门市 for a month, sees the summary and downloads both lists', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'station_tiandeng_jm', { width: 1440, height: 900 })
    await shot(page, 'lists', async () => {
      await page.goto(`${BASE}/#/lists`)
      await page.locator('[data-test=pair]').click()
      await page.locator('.el-select-dropdown__item', { hasText: '天等县 → 江门市' }).click()
      const month = page.locator('.publish .el-date-editor input')
      await month.click()
      await month.fill('2025-03')
      await month.press('Enter')
      await page.locator('[data-test=publish]').click()
      const row = page.locator('[data-test=history] .el-table__row', { hasText: '2025-03' }).first()
      await row.waitFor()
      const cells = await row.locator('td').allInnerTexts()
      // The page shows what the API stored for that month.
      const api = await new Client(BASE).login('station_tiandeng_jm')
      const items = (await api.req('GET', '/api/v1/lists')).json.items.filter(
        (x) => x.month === '2025-03' && x.exporting_code === '451425' && x.receiving_code === '440700')
      const supply = items.find((x) => x.kind === 'supply')
      const demand = items.find((x) => x.kind === 'demand')
      assert.ok(supply && demand, JSON.stringify(items))
      const n = (s) => Number(s.replace(/,/g, ''))
      assert.equal(cells[1].trim(), '天等县 → 江门市')
      assert.deepEqual(cells.slice(2, 6).map(n), [supply.enterprises, supply.postings, supply.openings, demand.workers])
      assert.ok(supply.postings > 0 && demand.workers > 0, 'the demo pair has postings and workers')

      // Saved under the names officials file them by.
      const names = { supply: '岗位供给清单-天等县-江门市-2025-03.xlsx', demand: '求职清单-天等县-江门市-2025-03.xlsx' }
      for (const kind of ['supply', 'demand']) {
        const [download] = await Promise.all([page.waitForEvent('download'), row.locator(`[data-test=dl-${kind}]`).click()])
        const bytes = await readFile(await download.path())
        assert.equal(bytes.subarray(0, 2).toString(), 'PK', `${kind} is an xlsx (zip)`)
        assert.equal(download.suggestedFilename(), names[kind])
      }
    })
  })

  test('the lists page on a phone', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'station_tiandeng_jm', { width: 375, height: 812 })
    await shot(page, 'lists-phone', async () => {
      await page.goto(`${BASE}/#/lists`)
      await page.locator('[data-test=history] .el-table__row').first().waitFor()
    }, false)
  })

  test('minimum wages: Yunnan tiers with their counties; a bad edit names the tier', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'admin', { width: 1440, height: 900 })
    await shot(page, 'min-wages', async () => {
      await page.goto(`${BASE}/#/min-wages`)
      await page.locator('[data-test=province]').click()
      await page.locator('.el-select-dropdown__item', { hasText: '云南省' }).first().click()
      const tiers = page.locator('[data-test=tiers]')
      await tiers.locator('text=五华区').waitFor()
      assert.match(await tiers.innerText(), /东川区/)
      assert.equal(await page.locator('[data-test=monthly-1] input').inputValue(), '1990')
      // Tier 2 above tier 1: refused, the tier named, nothing saved.
      await page.locator('[data-test=monthly-2] input').fill('2500')
      await page.locator('[data-test=save-min-wage]').click()
      const err = page.locator('[data-test=min-wage-error]')
      await err.waitFor()
      assert.match(await err.innerText(), /第 2 档月标准不应高于第 1 档/)
      const api = await new Client(BASE).login('admin')
      const yunnan = (await api.req('GET', '/api/v1/min-wages')).json.items.find((x) => x.province_code === '530000')
      assert.deepEqual(yunnan.tiers.map((x) => x.monthly), [1990, 1840, 1690])
    })
  })

  test('the inspection outline: 8 categories, 88 items, editable by admins', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'admin', { width: 1440, height: 900 })
    await shot(page, 'outline', async () => {
      await page.goto(`${BASE}/#/inspection-outline`)
      await page.locator('[data-test="item-pay.01"]').waitFor()
      assert.match(await page.locator('.bar').innerText(), /8 个类别，88 项/)
    })
  })

  test('a village officer registers a person on a phone, with the console form validations', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'qiaojia', { width: 375, height: 812 })
    await shot(page, 'worker-phone', async () => {
      await page.goto(`${BASE}/#/m/workers/new`)
      await page.locator('[data-test=submit]').click()
      await page.locator('.el-form-item__error').first().waitFor()
      const errors = await page.locator('.el-form-item__error').allInnerTexts()
      assert.ok(errors.length >= 3, errors.join(' | '))
      await page.locator('input[data-test=field-id-number]').fill('530622199001011230')
      await page.locator('input[data-test=field-name]').click()
      await page.locator('.el-form-item__error', { hasText: '公民身份号码不正确' }).waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await page.evaluate(() => window.scrollTo(0, 0))
    }, false)
  })
})
