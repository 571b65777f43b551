import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'

describe('portal help pages', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')

  it('the home page shows the newest red and black list entries', async () => {
    const black = (await (await fetch(`${baseUrl}/api/v1/public/lists/court_defaulter?pageSize=5`)).json()) as {
      items: { name: string }[]
    }
    await withPage(browser(), baseUrl, 'portal-home-latest-lists', async ({ page }) => {
      await page.goto('/')
      await page.getByRole('heading', { level: 2, name: '最新红黑名单' }).waitFor()
      const section = await page.locator('section[aria-labelledby="gx-latest-title"]').innerText()
      expect(section).toContain('黑名单 · 失信被执行人')
      if (black.items[0]) expect(section).toContain(black.items[0].name)
      await screenshot(page, 'portal-home-latest-lists')
    })
  })

  it('explains publication periods, objections, repair and personal data in plain words', async () => {
    await withPage(browser(), baseUrl, 'portal-help', async ({ page, problems }) => {
      await page.goto('/')
      await page.getByRole('link', { name: '公示期限', exact: true }).click()
      await page.getByRole('heading', { level: 1, name: '公示期限' }).waitFor()
      const table = await page.locator('table.gx-help-table').innerText()
      expect(table).toContain('最短 1 年，最长 3 年')
      expect(table).toContain('最短 6 个月，最长 3 年')
      await page.goto('/help/objection')
      await page.getByRole('heading', { level: 1, name: '异议申诉' }).waitFor()
      expect(await page.locator('article').innerText()).toContain('异议处理中')
      await page.goto('/help/repair')
      await page.getByRole('heading', { level: 1, name: '信用修复' }).waitFor()
      expect(await page.locator('article').innerText()).toContain('谁认定、谁修复')
      // the subject's account and who read its data
      await page.getByRole('navigation', { name: '帮助主题' }).getByRole('link', { name: '主体账户激活' }).click()
      await page.getByRole('heading', { level: 1, name: '主体账户激活' }).waitFor()
      expect(await page.locator('article').innerText()).toContain('法定代表人（负责人）姓名')
      await page.getByRole('navigation', { name: '帮助主题' }).getByRole('link', { name: '查询记录' }).click()
      await page.getByRole('heading', { level: 1, name: '查询记录' }).waitFor()
      expect(await page.locator('article').innerText()).toContain('用途')
      await page.getByRole('link', { name: '个人信息保护' }).first().click()
      await page.getByRole('heading', { level: 1, name: '个人信息保护' }).waitFor()
      await screenshot(page, 'portal-help-privacy')
      expect(problems).toEqual([])
    })
  })
})
