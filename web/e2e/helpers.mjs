// Shared by the browser tests of verification and lists (not a test file).
import { PASSWORD } from '../../tests/api/verification_helpers.mjs'

export const TIMEOUT = 15_000

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** A page in a fresh context, signed in as `username` through the sign-in form. */
export async function signedInPage(browser, base, username, viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: viewport.width < 500 ? 2 : 1 })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  await page.goto(`${base}/#/login`)
  await page.locator('input[data-test=username]').fill(username)
  await page.locator('input[data-test=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.hash.startsWith('#/login'))
  return page
}
