#!/usr/bin/env node
// Screenshots of every page in zh-CN and en, for looking at the layout.
// Dev tool: run against the mock (npm run mock) or a real server.
//
//   MOCK_URL=http://127.0.0.1:5174 node scripts/screenshots.mjs [out-dir]
//
// Signs in as the mock's admin (ADMIN_USER/ADMIN_PASSWORD to override).
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const BASE = (process.env.MOCK_URL ?? 'http://127.0.0.1:5174').replace(/\/+$/, '')
const OUT = resolve(process.argv[2] ?? 'test-artifacts/screens')
const USER = process.env.ADMIN_USER ?? 'admin'
const PASSWORD = process.env.ADMIN_PASSWORD ?? 'xiezuo-admin'

await mkdir(OUT, { recursive: true })
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})

async function settle(page) {
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(500)
}

for (const locale of ['zh-CN', 'en']) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  await context.addInitScript((l) => localStorage.setItem('xiezuo.locale', l), locale)
  const page = await context.newPage()
  const shot = async (name) => {
    await settle(page)
    await page.screenshot({ path: join(OUT, `${locale}-${name}.png`) })
    console.log(`${locale}-${name}.png`)
  }

  await page.goto(`${BASE}/#/login`)
  await page.locator('input[data-test=password]').fill('wrong')
  await page.locator('input[data-test=username]').fill(USER)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=login-error]').waitFor()
  await shot('login-error')
  await page.locator('input[data-test=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL(/#\/dashboard/)
  await shot('dashboard')

  for (const p of ['workers', 'enterprises', 'postings', 'orgs', 'users', 'audit']) {
    await page.goto(`${BASE}/#/${p}`)
    await shot(p)
  }

  await page.goto(`${BASE}/#/workers/1001`)
  await shot('worker-detail')
  await page.locator('[data-test=reveal]').click()
  await page.locator('[data-test=reveal-reason]').fill('岗位对接联系')
  await shot('worker-reveal-dialog')
  await page.locator('[data-test=reveal-submit]').click()
  await page.locator('[data-test=revealed-id]').waitFor()
  await shot('worker-revealed')

  await page.goto(`${BASE}/#/workers/1002/edit`)
  await shot('worker-edit')
  await page.goto(`${BASE}/#/workers/new`)
  await page.locator('[data-test=submit]').click()
  await shot('worker-new-client-errors')
  // A valid-looking form whose ID number the mock rejects: server field errors.
  await page.locator('[data-test=field-name] input, input[data-test=field-name]').first().fill('测试')
  await page.locator('input[data-test=field-id-number]').fill('11010519491231002X')
  await page.locator('.worker-form .el-cascader').first().click()
  await page.locator('.el-cascader-menu .el-cascader-node').filter({ hasText: '云南省' }).click()
  await page.locator('.el-cascader-menu').nth(1).locator('.el-cascader-node').filter({ hasText: '昭通市' }).click()
  await page.locator('.el-cascader-menu').nth(2).locator('.el-cascader-node').filter({ hasText: '巧家县' }).click()
  await page.locator('.el-cascader-menu').nth(3).locator('.el-cascader-node').filter({ hasText: '大寨镇' }).click()
  await page.locator('.el-cascader-menu').nth(4).locator('.el-cascader-node').first().click()
  await page.locator('.el-cascader-menu').nth(4).locator('.el-radio').first().click()
  await shot('worker-new-cascader')
  await page.keyboard.press('Escape')
  await page.locator('.el-form-item').filter({ has: page.locator('.el-select') }).nth(0).locator('.el-select').click()
  await page.locator('.el-select-dropdown__item:visible').first().click()
  await page.locator('input[data-test=field-phone]').fill('138 0013 8000')
  await page.locator('[data-test=submit]').click()
  await page.locator('[data-test=form-error]').waitFor().catch(() => {})
  await shot('worker-new-server-errors')

  await page.goto(`${BASE}/#/enterprises`)
  await settle(page)
  await page.getByRole('button', { name: locale === 'en' ? 'New enterprise' : '新增企业' }).click()
  await page.locator('[data-test=enterprise-dialog] input').nth(1).fill('91350100M000100Y44')
  await shot('enterprise-create-checksum')

  await page.goto(`${BASE}/#/postings/new`)
  await shot('posting-new')
  await page.goto(`${BASE}/#/postings/301`)
  await shot('posting-detail')
  await context.close()
}

// The county officer's menu.
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
const page = await context.newPage()
await page.goto(`${BASE}/#/login`)
await page.locator('input[data-test=username]').fill('qiaojia')
await page.locator('input[data-test=password]').fill('xiezuo-demo')
await page.locator('[data-test=login-submit]').click()
await page.waitForURL(/#\/dashboard/)
await settle(page)
await page.screenshot({ path: join(OUT, 'county-dashboard.png') })
console.log('county-dashboard.png')
await browser.close()
