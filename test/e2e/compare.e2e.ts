// 批量比对 in the browser: a consumer department uploads a small list with a purpose and a scenario, watches the
// comparison run to done, reads the outcome counts and downloads the workbook with one sheet per outcome.
import { describe, expect, inject, it } from 'vitest'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { chooseOption, logIn, openNavItem, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

describe('批量比对', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('upload a list, follow the progress to done, download the workbook with one sheet per outcome', async () => {
    const list = (await (await fetch(`${baseUrl}/api/v1/public/lists/court_defaulter?pageSize=20`)).json()) as {
      items: { name: string; uscc: string | null }[]
    }
    const listed = list.items.find((i) => i.uscc)
    if (!listed?.uscc) throw new Error('the demo has no company on the court_defaulter list')
    await withPage(browser(), baseUrl, 'compare', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '信用核查', '批量比对')
      await waitForConsolePage(page, 'checks/compare', '批量比对')
      const csv = `统一社会信用代码,主体名称\n${listed.uscc},${listed.name}\n,查无此名的比对单位\n`
      await page.locator('input[type="file"]').setInputFiles({
        name: '比对名单.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      })
      await page.getByText('比对名单.csv').waitFor()
      await page.getByRole('textbox', { name: '查询用途' }).fill('政府采购供应商资格审查')
      await chooseOption(page, '应用场景', '政府采购')
      await page.getByRole('button', { name: '开始比对' }).click()

      const current = page.getByTestId('compare-current')
      await current.getByText('已完成').waitFor({ timeout: 30_000 })
      const figure = async (key: string) =>
        (await page.getByTestId(`compare-figure-${key}`).locator('.ant-statistic-content').textContent())?.trim()
      expect(await figure('total')).toBe('2')
      expect(await figure('hit')).toBe('1')
      expect(await figure('unresolved')).toBe('1')
      expect(await current.getByText('2 / 2 行').count()).toBe(1)
      await tableRow(page.getByTestId('compare-list'), '比对名单.csv').waitFor()
      await screenshot(page, 'compare')

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        current.getByRole('link', { name: /下载结果（Excel）/ }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(await download.path())
      expect(wb.worksheets.map((w) => w.name)).toEqual(['匹配命中', '匹配无命中', '多个候选', '未匹配', '比对信息'])
      const hit = wb.getWorksheet('匹配命中')
      expect(hit?.getRow(2).getCell(3).value).toBe(listed.uscc)
      expect(String(hit?.getRow(2).getCell(8).value)).toContain('失信被执行人')
      expect(String(wb.getWorksheet('未匹配')?.getRow(2).getCell(6).value)).toContain('查无此名的比对单位')
      expect(problems).toEqual([])
    })
  })
})
