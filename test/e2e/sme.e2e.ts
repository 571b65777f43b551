// 优质中小企业 in the browser: a department using data (consumer) opens the list under 名单管理; the rows are the
// organisations the API lists, each with its grade and the reasons it qualifies; filtering by grade A and by the red
// list narrows the rows to those, and a district choice shows only that district's organisations.
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { chooseOption, logIn, openNavItem, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface Item {
  name: string
  grade: string
  redList: boolean
  districtName: string | null
}
interface ListPage {
  total: number
  items: Item[]
  districts: { code: string; name: string; count: number }[]
}

describe('优质中小企业', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('lists the qualifying organisations with their reasons, filtered by grade, red list and district', async () => {
    await withPage(browser(), baseUrl, 'console-sme', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '名单管理', '优质中小企业')
      await waitForConsolePage(page, 'lists/sme', '优质中小企业')
      const api = (query: string) =>
        page.evaluate(async (q) => (await (await fetch(`/api/v1/sme/list?${q}`)).json()) as ListPage, query)
      const all = await api('pageSize=20')
      expect(all.total).toBeGreaterThan(0)
      const rows = tableRows(page)
      await rows.first().waitFor()
      const names = async () => (await rows.locator('td:first-child a').allTextContents()).map((t) => t.trim())
      expect(await names()).toEqual(all.items.map((i) => i.name))
      await page.getByText(`共 ${all.total} 个主体`).waitFor()
      // every row says why it qualifies
      const firstReasons = (await rows.first().textContent()) ?? ''
      expect(firstReasons).toMatch(/信用等级 [AB]/)
      expect(firstReasons).toContain('无在列的黑名单记录')
      expect(firstReasons).toContain('无在效的严重失信记录')
      await page.getByTestId('sme-rule').filter({ hasText: '筛选规则' }).waitFor()
      await screenshot(page, 'console-sme')

      // grade A only
      const gradeA = await api('pageSize=20&grade=A')
      await chooseOption(page, '信用等级', 'A 诚信')
      await page.getByText(`共 ${gradeA.total} 个主体`).waitFor()
      if (gradeA.total > 0) {
        await rows.first().waitFor()
        expect(await names()).toEqual(gradeA.items.map((i) => i.name))
        for (const text of await rows.allTextContents()) expect(text).toContain('A 诚信')
      }

      // and on the red list
      const red = await api('pageSize=20&grade=A&redList=true')
      await page.getByRole('switch', { name: '只看红名单' }).click()
      await page.getByText(`共 ${red.total} 个主体`).waitFor()
      if (red.total > 0) {
        await rows.first().waitFor()
        expect(await names()).toEqual(red.items.map((i) => i.name))
        for (const text of await rows.allTextContents()) expect(text).toContain('列入红名单')
      }

      // afresh (every grade), then one district: only its organisations
      await page.reload()
      await page.getByText(`共 ${all.total} 个主体`).waitFor()
      const district = all.districts[0] as { code: string; name: string; count: number }
      await chooseOption(page, '区县', `${district.name}（${district.count}）`)
      await page.getByText(`共 ${district.count} 个主体`).waitFor()
      const inDistrict = await api(`pageSize=20&district=${district.code}`)
      expect(inDistrict.total).toBe(district.count)
      expect(await names()).toEqual(inDistrict.items.map((i) => i.name))
      expect(problems).toEqual([])
    })
  })
})
