// Steps the console's browser tests share: logging in, the side navigation, antd tables and selects, and a
// logged-in API session for arranging data outside the browser.
import type { Locator, Page } from 'playwright-core'
import type { DemoLogin } from './context.js'

/** Logs in on /console/login and waits for the 工作台. */
export async function logIn(page: Page, login: DemoLogin): Promise<void> {
  await page.goto('/console/login')
  await page.getByLabel('用户名').fill(login.username)
  await page.getByLabel('密码').fill(login.password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/console' || url.pathname === '/console/')
  await page.getByRole('heading', { name: '工作台' }).waitFor()
}

/** The side navigation (控制台导航). */
export const consoleNav = (page: Page): Locator => page.getByRole('navigation', { name: '控制台导航' })

/** Clicks a navigation link; its group must be open (see openNavItem). */
export async function clickNavLink(page: Page, item: string): Promise<void> {
  await consoleNav(page).getByRole('link', { name: item, exact: true }).click()
}

/** Opens a (closed) navigation group and clicks one of its links. */
export async function openNavItem(page: Page, group: string, item: string): Promise<void> {
  const link = consoleNav(page).getByRole('link', { name: item, exact: true })
  if (!(await link.isVisible())) await consoleNav(page).getByText(group, { exact: true }).click()
  await link.waitFor({ state: 'visible' })
  const before = page.url()
  await link.click()
  // a click while the group is still sliding open can miss its link: click once more if the page did not move
  await page.waitForURL((url) => url.href !== before, { timeout: 3_000 }).catch(() => link.click())
}

/** Waits for the console page at /console/<path> with its level-1 heading. */
export async function waitForConsolePage(page: Page, path: string, heading: string): Promise<void> {
  await page.waitForURL(`**/console/${path}`)
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
}

/** The data rows of the antd tables inside `scope` (the page, a tab panel, a card). */
export const tableRows = (scope: Page | Locator): Locator => scope.locator('.ant-table-tbody tr.ant-table-row')

/** The table rows inside `scope` that contain `text`. */
export const tableRow = (scope: Page | Locator, text: string): Locator => tableRows(scope).filter({ hasText: text })

/** The trimmed texts of a row's cells. */
export async function cellsOf(row: Locator): Promise<string[]> {
  return (await row.locator('td').allTextContents()).map((t) => t.trim())
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Picks `option` (its exact text) in the antd select labelled `combobox`; with `typed`, types that into the select
 * first to narrow the list.
 */
export async function chooseOption(page: Page, combobox: string, option: string, typed?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: combobox })
  await box.click()
  if (typed !== undefined) await box.fill(typed)
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: new RegExp(`^${escapeRegExp(option)}$`) })
    .click()
}

export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: Record<string, unknown> }>

/** A logged-in API session outside the browser (cookie and CSRF token); throws when the login fails. */
export async function apiSession(baseUrl: string, login: DemoLogin): Promise<ApiCall> {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  })
  if (r.status !== 200) throw new Error(`login ${login.username}: ${r.status}`)
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] as string
  const { csrfToken } = (await r.json()) as { csrfToken: string }
  return async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, json: (await res.json()) as Record<string, unknown> }
  }
}
