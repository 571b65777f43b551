import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { cellsOf, consoleNav, openNavItem, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

const operatorGroups = [
  '数据归集',
  '信用核查',
  '信用报告',
  '异议与修复',
  '名单管理',
  '目录与规则',
  '主体管理',
  '统计分析',
  '审计',
  '门户管理',
  '系统管理',
]

describe('console smoke', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('logs in as operator, lists departments, logs out', async () => {
    const operator = loginFor(demo, 'operator')
    await withPage(browser(), baseUrl, 'console-smoke', async ({ page, problems }) => {
      // Not signed in: /console sends us to the login page.
      await page.goto('/console')
      await page.waitForURL('**/console/login')
      await page.getByRole('heading', { name: '用户登录' }).waitFor()
      expect(await page.title()).toMatch(/^登录 - .+ 管理控制台$/)
      await screenshot(page, 'console-login')

      // A wrong password shows the server's Chinese message and keeps us on the login page.
      await page.getByLabel('用户名').fill(operator.username)
      await page.getByLabel('密码').fill(`${operator.password}-wrong`)
      await page.getByRole('button', { name: '登录', exact: true }).click()
      const alert = page.getByRole('alert').filter({ hasText: /[\u4e00-\u9fff]/ })
      await alert.waitFor()
      expect((await alert.textContent())?.trim()).toMatch(/[\u4e00-\u9fff]{2,}/)
      expect(new URL(page.url()).pathname).toBe('/console/login')

      // The right password lands on the 工作台 with the user's role label in the header.
      await page.getByLabel('密码').fill(operator.password)
      await page.getByRole('button', { name: '登录', exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/console' || url.pathname === '/console/')
      await page.getByRole('heading', { name: '工作台' }).waitFor()
      expect(await page.getByTestId('current-role').textContent()).toBe('运维管理')
      expect((await page.getByTestId('current-user').textContent())?.trim().length).toBeGreaterThan(0)

      // The operator sees every task group, in the order of web/console/nav.ts.
      const groups = await consoleNav(page).locator('.ant-menu-submenu-title').allTextContents()
      expect(groups.map((g) => g.trim())).toEqual(operatorGroups)

      // 系统管理 -> 部门: the departments table has rows.
      await openNavItem(page, '系统管理', '部门')
      await waitForConsolePage(page, 'system/departments', '部门')
      const rows = tableRows(page)
      await rows.first().waitFor()
      const rowCount = await rows.count()
      expect(rowCount).toBeGreaterThanOrEqual(1)
      const firstRow = await cellsOf(rows.first())
      expect(firstRow[0]?.length).toBeGreaterThan(0) // 部门代码
      expect(firstRow[1]).toMatch(/[\u4e00-\u9fff]/) // 部门名称 in Chinese
      if (demo.departments !== null) {
        // the demo's departments, and any a browser test added since (registering a peer adds its department)
        const listed = ((await (await page.request.get('/api/v1/departments')).json()) as { items: unknown[] }).items
        expect(listed.length).toBeGreaterThanOrEqual(demo.departments)
        expect(rowCount).toBe(Math.min(listed.length, 20))
        await page.getByText(`共 ${listed.length} 条`).waitFor()
      }
      await screenshot(page, 'console-departments')

      // 退出登录 ends the session on the server too.
      await page.getByRole('button', { name: '退出登录' }).click()
      await page.waitForURL('**/console/login')
      await page.getByRole('heading', { name: '用户登录' }).waitFor()
      expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401)
      await page.goto('/console/system/departments')
      await page.waitForURL('**/console/login')
      await page.getByRole('heading', { name: '用户登录' }).waitFor()

      expect(problems).toEqual([])
    })
  })
})
