// 目录与规则 in the browser: the catalog list and a class's fields (operator), the publication rule sets and
// the working-day calendar; other roles read the catalog without the edit button.
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { cellsOf, clickNavLink, logIn, openNavItem, tableRow, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

describe('目录与规则', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('operator opens 信用信息目录 -> 行政处罚信息 and sees 行政处罚决定书文号 (CF_WSH)', async () => {
    await withPage(browser(), baseUrl, 'catalog-class', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))

      await openNavItem(page, '目录与规则', '信用信息目录')
      await waitForConsolePage(page, 'catalog/classes', '信用信息目录')

      // The list row of admin_penalty: code, name, category, polarity, scope, no list.
      const listRow = tableRow(page, 'admin_penalty')
      await listRow.waitFor()
      const listCells = await cellsOf(listRow)
      expect(listCells.slice(0, 6)).toEqual(['admin_penalty', '行政处罚信息', '行政管理信息', '负面', '社会公开', '—'])
      await page.getByText(/^共 \d+ 类$/).waitFor()

      await listRow.getByRole('link', { name: '行政处罚信息' }).click()
      await waitForConsolePage(page, 'catalog/classes/admin_penalty', '行政处罚信息')
      expect(await page.getByRole('button', { name: '修改类别' }).isVisible()).toBe(true)

      // 字段: CF_WSH is the required, public 行政处罚决定书文号 with its legacy aliases.
      const field = tableRow(page, 'CF_WSH')
      await field.waitFor()
      const cells = await cellsOf(field)
      expect(cells[0]).toBe('CF_WSH')
      expect(cells[1]).toBe('行政处罚决定书文号')
      expect(cells[2]).toBe('文本，最长 100 字')
      expect(cells[3]).toBe('必填')
      expect(cells[4]).toBe('社会公开')
      expect(cells[6]).toContain('处罚决定书文号')
      // A conditional field says when it is required.
      const uscc = await cellsOf(tableRow(page, 'CF_XDR_SHXYM'))
      expect(uscc[3]).toBe('条件必填：「行政相对人类别」为「法人及非法人组织」或「个体工商户」时必填')
      await screenshot(page, 'catalog-class')

      // 失信程度规则: 吊销许可证件 and the like are 严重.
      await page.getByRole('tab', { name: /失信程度规则/ }).click()
      const rule = tableRow(page, '「处罚类别」含「吊销许可证件」或「责令关闭」或「限制从业」或「行政拘留」')
      await rule.waitFor()
      expect((await cellsOf(rule))[2]).toBe('严重')

      // 版本: version 1 is the current one, from the default catalog.
      await page.getByRole('tab', { name: /版本/ }).click()
      const version = tableRow(page, '第 1 版')
      await version.waitFor()
      const versionCells = await cellsOf(version)
      expect(versionCells[0]).toContain('当前')
      expect(versionCells[1]).toBe('默认数据')

      // 公示期规则: the 2026 rule set (severe: 1 to 3 years) and the 2019 one.
      await clickNavLink(page, '公示期规则')
      await page.waitForURL('**/console/catalog/periods')
      const rules2026 = page.getByTestId('rule-set-2026')
      await rules2026.waitFor()
      expect(await rules2026.textContent()).toContain('适用于决定日期 2026-04-01 起的失信信息')
      const serious = await cellsOf(rules2026.locator('tr').filter({ hasText: '严重' }))
      expect(serious).toEqual(['严重', '1 年', '3 年'])
      const minor2019 = await cellsOf(page.getByTestId('rule-set-2019').locator('tr').filter({ hasText: '轻微' }))
      expect(minor2019).toEqual(['轻微', '不单列，按一般处理', '不单列，按一般处理'])
      await screenshot(page, 'catalog-periods')

      // 工作日历: 2026 is loaded with its Spring Festival and adjusted working days.
      await clickNavLink(page, '工作日历')
      await page.waitForURL('**/console/catalog/calendar')
      const year = page.getByTestId('calendar-year-2026')
      await year.waitFor()
      const spring = await cellsOf(year.locator('tr').filter({ hasText: '春节' }))
      expect(spring).toEqual(['春节', '2026-02-15 至 2026-02-23', '9'])
      expect(await year.textContent()).toContain('2026-02-14 周六')
      expect(await page.getByRole('button', { name: '导入年份' }).isVisible()).toBe(true)
      await screenshot(page, 'catalog-calendar')

      // 版本历史 of 2026: the shared version history (the default version is the current one) with its comparison.
      await year.getByRole('button', { name: '版本历史' }).click()
      const drawer = page.getByRole('dialog', { name: '2026 年节假日安排的版本' })
      await drawer.waitFor()
      const yearVersions = (await (await fetch(`${baseUrl}/api/v1/calendar/years/2026/versions`)).json()) as {
        items: { version: number; isCurrent: boolean; source: string }[]
      }
      const currentYear = yearVersions.items.find((v) => v.isCurrent) as { version: number; source: string }
      const yearRow = tableRow(drawer, `第 ${currentYear.version} 版`)
      await yearRow.waitFor()
      const yearCells = await cellsOf(yearRow)
      expect(yearCells[0]).toContain('当前')
      expect(yearCells[1]).toBe(currentYear.source === 'default' ? '默认数据' : '运维修改')
      expect(await tableRows(drawer).count()).toBe(yearVersions.items.length)
      await drawer.getByText('版本比较').waitFor()
      if (yearVersions.items.length < 2) await drawer.getByText('该年份只有一个版本，暂无可比较的版本。').waitFor()
      await screenshot(page, 'catalog-calendar-versions')
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })

      expect(problems).toEqual([])
    })
  })

  it('a provider reads the catalog but cannot edit it', async () => {
    await withPage(browser(), baseUrl, 'catalog-readonly', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'provider'))
      await page.goto('/console/catalog/classes/admin_penalty')
      await page.getByRole('heading', { name: '行政处罚信息', level: 1 }).waitFor()
      await tableRow(page, 'CF_WSH').waitFor()
      expect(await page.getByRole('button', { name: '修改类别' }).count()).toBe(0)
      await page.goto('/console/catalog/calendar')
      await page.getByTestId('calendar-year-2026').waitFor()
      expect(await page.getByRole('button', { name: '导入年份' }).count()).toBe(0)
      expect(problems).toEqual([])
    })
  })
})
