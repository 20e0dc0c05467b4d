// Browser test of posting verification (issue 3, "Done when"): a posting
// below the minimum wage, one that demands a sex and one from a blacklisted
// enterprise are each refused in the console with the reason on screen; a
// station officer fills the outline on a 375 px phone page, attaches photos
// and rejects with reasons. Desktop and phone screenshots go to
// ${XIEZUO_ARTIFACTS:-../test-artifacts}.
//
//   XIEZUO_URL=http://127.0.0.1:8080 node --test e2e/verification.e2e.mjs
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { Client, PNG, allOk, newEnterprise, newPosting } from '../../tests/api/verification_helpers.mjs'
import { CHROMIUM_ARGS, signedInPage } from './helpers.mjs'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : false

describe('posting verification in the console', { concurrency: false }, () => {
  let browser
  let desk
  let phone
  const ids = {}

  before(async () => {
    if (skip) return
    await mkdir(ARTIFACTS, { recursive: true })
    const admin = await new Client(BASE).login('admin')
    const station = await new Client(BASE).login('station_tiandeng_jm')
    const enterprise = await newEnterprise(admin, '江门市浏览器测试电子厂')
    // 昆明市五华区: tier 1 of Yunnan, 1,990 yuan a month.
    ids.lowPay = await newPosting(admin, enterprise, { title: '包装工（低于最低工资）', region_code: '530102', wage_min: 1800, wage_max: 2200 })
    ids.sex = await newPosting(admin, enterprise, { title: '搬运工（限男性）', description: '限男性，能吃苦耐劳' })
    const black = await newEnterprise(admin, '江门市欠薪浏览器测试厂')
    ids.black = await newPosting(admin, black, { title: '五金冲压工' })
    assert.equal((await station.req('POST', `/api/v1/postings/${ids.black}/submit`, {})).status, 200)
    const { answers } = await allOk(station)
    assert.equal((await station.req('POST', `/api/v1/postings/${ids.black}/verify`, { answers })).status, 200)
    const b = await admin.req('POST', `/api/v1/enterprises/${black}/blacklist`, { blacklisted: true, reason: '欠薪案件（测试）' })
    assert.equal(b.status, 200, b.text)
    ids.visit = await newPosting(admin, enterprise, { title: '电子装配工（现场核验）' })
    assert.equal((await station.req('POST', `/api/v1/postings/${ids.visit}/submit`, {})).status, 200)

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
    desk = await signedInPage(browser, BASE, 'station_tiandeng_jm', { width: 1440, height: 900 })
    phone = await signedInPage(browser, BASE, 'station_tiandeng_jm', { width: 375, height: 812 })
  })

  after(async () => {
    await browser?.close()
  })

  async function shot(page, name, fn) {
    try {
      await fn()
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
    } catch (e) {
      await page.screenshot({ path: join(ARTIFACTS, `failure-${name}.png`), fullPage: true }).catch(() => {})
      throw e
    }
  }

  /** Opens a posting, clicks `action` and returns the error shown. */
  async function refused(page, id, action) {
    await page.goto(`${BASE}/#/postings/${id}`)
    await page.locator('[data-test=rules] .el-alert').first().waitFor()
    await page.locator(`[data-test=action-${action}]`).click()
    const err = page.locator('[data-test=action-error]')
    await err.waitFor()
    return { rules: await page.locator('[data-test=rules]').innerText(), error: await err.innerText() }
  }

  test('below the minimum wage: refused with the figure on screen', { skip }, () =>
    shot(desk, 'verification-min-wage', async () => {
      const { rules, error } = await refused(desk, ids.lowPay, 'submit')
      assert.match(rules, /最低工资/)
      assert.match(error, /月薪下限 1800 元低于当地最低月工资标准 1990 元/)
    }))

  test('demanding a sex: refused with the words on screen', { skip }, () =>
    shot(desk, 'verification-sex', async () => {
      const { rules, error } = await refused(desk, ids.sex, 'submit')
      assert.match(rules, /就业歧视/)
      assert.match(error, /性别限制（“限男/)
    }))

  test('a blacklisted enterprise: publishing refused with the reason on screen', { skip }, () =>
    shot(desk, 'verification-blacklist', async () => {
      const { rules, error } = await refused(desk, ids.black, 'publish')
      assert.match(rules, /欠薪黑名单/)
      assert.match(error, /拖欠工资“黑名单”上，不能发布岗位/)
    }))

  test('on a phone: the outline by category, progress, photos, a bad file named, then reject with reasons', { skip }, () =>
    shot(phone, 'verification-phone-done', async () => {
      await phone.goto(`${BASE}/#/m/postings/${ids.visit}/verify`)
      const progress = phone.locator('[data-test=progress]')
      await progress.waitFor()
      assert.match(await progress.innerText(), /已填 0 \/ 88 项/)
      // No horizontal scrolling on a 375 px screen.
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await phone.screenshot({ path: join(ARTIFACTS, 'verification-phone-start.png') })

      // First category open: one item fails with a note, the rest meet.
      const first = phone.locator('.el-collapse-item').first()
      const item = first.locator('.item').first()
      await item.locator('[data-result=fail]').click()
      await item.locator('input').fill('工资由班组长代领')
      await first.locator('.all-ok').click()
      // "The rest meet" opens the next category: the other seven, in turn.
      const cats = phone.locator('.el-collapse-item')
      for (let i = 1; i < (await cats.count()); i++) {
        const all = cats.nth(i).locator('.all-ok')
        await all.waitFor({ state: 'visible' })
        await all.click()
      }
      assert.match(await progress.innerText(), /已填 88 \/ 88 项/)
      assert.match(await progress.innerText(), /1 项不符合/)
      assert.ok(await phone.locator('[data-test=m-verify]').isDisabled(), 'verify is off while an item fails')

      await phone.locator('[data-test=photo-input]').setInputFiles([
        { name: '宿舍.png', mimeType: 'image/png', buffer: PNG },
        { name: '合同.pdf', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7 not a picture') },
      ])
      await phone.locator('.thumb-wrap img').first().waitFor()
      const photoErr = phone.locator('[data-test=photo-error]')
      await photoErr.waitFor()
      assert.match(await photoErr.innerText(), /合同\.pdf.*不是 JPEG 或 PNG/)
      await phone.locator('[data-test=reject-more]').fill('宿舍实际 12 人一间')
      await phone.locator('[data-test=add-photo]').scrollIntoViewIfNeeded()
      await phone.screenshot({ path: join(ARTIFACTS, 'verification-phone-filled.png') })

      await phone.locator('[data-test=m-reject]').click()
      await phone.locator('[data-test=verify-done]').waitFor()
    }))

  test('the posting page shows the rejection, its reasons and the visit photo', { skip }, () =>
    shot(desk, 'verification-history', async () => {
      await desk.goto(`${BASE}/#/postings/${ids.visit}`)
      const history = desk.locator('[data-test=history]')
      await history.waitFor()
      const text = await history.innerText()
      assert.match(text, /退回/)
      assert.match(text, /工资由班组长代领/)
      assert.match(text, /宿舍实际 12 人一间/)
      await desk.locator('[data-test=history] .thumb img').first().waitFor()
    }))
})
