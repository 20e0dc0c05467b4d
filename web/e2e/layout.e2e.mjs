// Browser test of the console frame on a phone (375 px): the side menu stays
// out of the way until opened, closes once a page is chosen, the header keeps
// to one line, forms put labels above their fields and nothing scrolls
// sideways; at desktop size the frame is unchanged. Screenshots go to
// ${XIEZUO_ARTIFACTS:-../test-artifacts}.
//
//   XIEZUO_URL=http://127.0.0.1:8080 node --test e2e/layout.e2e.mjs
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, signedInPage } from './helpers.mjs'

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BASE = (process.env.XIEZUO_URL ?? '').replace(/\/+$/, '')
const ARTIFACTS = resolve(WEB_DIR, process.env.XIEZUO_ARTIFACTS || '../test-artifacts')
const skip = !BASE ? 'XIEZUO_URL is not set: no server to test against' : false

describe('console frame at phone and desktop sizes', { concurrency: false }, () => {
  let browser

  before(async () => {
    if (skip) return
    await mkdir(ARTIFACTS, { recursive: true })
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS })
  })
  after(async () => {
    await browser?.close()
  })

  const widthOf = (page, sel) => page.locator(sel).first().evaluate((el) => el.getBoundingClientRect().width)
  // The menu's width animates (0.15 s): wait until it settles at least/at most there.
  const menuWidth = (page, test) =>
    page.waitForFunction(
      ([t]) => {
        const w = document.querySelector('aside.aside')?.getBoundingClientRect().width ?? -1
        return t === 'open' ? w >= 200 : w === 0
      },
      [test],
    )

  test('an officer on a 375 px phone opens the menu, picks a page and reads the form', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'qiaojia', { width: 375, height: 812 })
    try {
      await page.goto(`${BASE}/#/imports`)
      await page.locator('.el-upload-dragger').waitFor()
      // The menu is hidden and the header holds one line: no breadcrumbs,
      // the page's name, the user's initial.
      assert.equal(await widthOf(page, 'aside.aside'), 0)
      assert.equal(await page.locator('[data-test=breadcrumbs]').count(), 0)
      assert.equal((await page.locator('[data-test=phone-title]').innerText()).trim(), '数据导入')
      const header = await page.locator('.header').boundingBox()
      assert.ok(header.height <= 57, `header ${header.height}px high`)
      // Labels above their fields: the upload area starts at the card's left edge.
      const label = await page.locator('.el-form-item__label').first().boundingBox()
      const content = await page.locator('.el-form-item__content').first().boundingBox()
      assert.ok(content.y >= label.y + label.height - 1, 'label above its field')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`)
      await page.screenshot({ path: join(ARTIFACTS, 'phone-imports.png') })

      await page.locator('.collapse-btn').click()
      await page.locator('[data-test=menu-scrim]').waitFor()
      await menuWidth(page, 'open')
      await page.screenshot({ path: join(ARTIFACTS, 'phone-menu.png') })
      await page.locator('[data-test=menu-workers]').click()
      await page.waitForURL((u) => u.hash.startsWith('#/workers'))
      await page.locator('[data-test=menu-scrim]').waitFor({ state: 'detached' })
      await menuWidth(page, 'closed')
      assert.equal((await page.locator('[data-test=phone-title]').innerText()).trim(), '务工人员')
    } finally {
      await page.context().close()
    }
  })

  test('at desktop size the menu, breadcrumbs and the user name stay', { skip }, async () => {
    const page = await signedInPage(browser, BASE, 'qiaojia', { width: 1440, height: 900 })
    try {
      await page.goto(`${BASE}/#/imports`)
      await page.locator('.el-upload-dragger').waitFor()
      assert.ok((await widthOf(page, 'aside.aside')) >= 200)
      assert.equal(await page.locator('[data-test=breadcrumbs]').count(), 1)
      assert.match(await page.locator('[data-test=current-user]').innerText(), /巧家县/)
      assert.equal(await page.locator('[data-test=phone-title]').count(), 0)
    } finally {
      await page.context().close()
    }
  })
})
