// Journey (c): an anonymous tip from the portal form, its status by number and query code on the lookup page; then
// the credit office routes it from the console case page (the routing table's suggestion preselected) and the
// lookup page follows.
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, logIn } from './console.js'
import { loginFor } from './context.js'

describe('tips: portal form, status lookup, console routing', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  let filed = { number: '', code: '' }

  it('an anonymous tip from the portal form, then its status by number and code', async () => {
    await withPage(browser(), baseUrl, 'tips-portal', async ({ page, problems }) => {
      await page.goto('/')
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '信用举报' }).click()
      await page.waitForURL('**/tips')
      await page.getByRole('heading', { level: 1, name: '信用举报' }).waitFor()

      await page.getByRole('combobox', { name: '举报类别' }).click()
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^食品安全$/ })
        .click()
      await page.getByLabel('被举报的企业或个人名称（选填）').fill('天津市示例餐饮管理有限公司')
      await page.getByLabel('举报内容').fill('该餐厅后厨使用过期食材，2026 年 11 月多次看到过期牛奶用于制作甜品。')
      await screenshot(page, 'tips-portal-form')
      await page.getByRole('button', { name: '提交举报' }).click()

      const result = page.getByTestId('tip-filed')
      await result.waitFor()
      await page.getByText('查询码只显示这一次').first().waitFor()
      const number = (await page.getByTestId('tip-number').innerText()).trim()
      const code = (await page.getByTestId('tip-code').innerText()).trim()
      expect(number).toMatch(/^JB\d{10}$/)
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
      filed = { number, code }
      await screenshot(page, 'tips-portal-filed')

      // the lookup page: a wrong code says so, the right one shows the status only
      await page.getByRole('link', { name: '查询办理进度' }).click()
      await page.waitForURL('**/tips/status?number=*')
      await page.getByRole('heading', { level: 1, name: '举报查询' }).waitFor()
      expect(await page.getByLabel('举报编号').inputValue()).toBe(number)
      await page.getByLabel('查询码').fill('AAAA-BBBB-CCCC')
      await page.getByRole('button', { name: '查询' }).click()
      await page.getByRole('alert').filter({ hasText: '编号、查询码不正确' }).waitFor()
      await page.getByLabel('查询码').fill(code)
      await page.getByRole('button', { name: '查询' }).click()
      const status = page.getByTestId('tip-status')
      await status.waitFor()
      const text = await status.innerText()
      expect(text).toContain(number)
      expect(text).toContain('待分办')
      expect(text).not.toContain('过期食材')
      await screenshot(page, 'tips-portal-status')
      expect(problems).toEqual([])
    })
  })

  it('the credit office routes it from the case page with the suggested department; the lookup follows', async () => {
    expect(filed.number, 'the first test filed a tip').not.toBe('')
    const operator = loginFor(demo, 'operator')
    const api = await apiSession(baseUrl, operator)
    const queue = await api('GET', '/api/v1/tips?state=submitted&pageSize=100')
    const tip = (queue.json.items as { id: string; number: string; suggestedDeptName: string }[]).find(
      (t) => t.number === filed.number,
    )
    expect(tip, 'the tip in the credit office queue').toBeTruthy()

    await withPage(browser(), baseUrl, 'tips-console', async ({ page, problems }) => {
      await logIn(page, operator)
      await page.goto(`/console/rights/tips/${tip?.id}`)
      await page.getByText(`办件编号 ${filed.number}`).waitFor()
      // the operator routing it does not see how to reach the tipster
      await page.getByText('举报人联系方式加密保存，只对承办部门显示。').waitFor()
      await page.getByRole('button', { name: '分办' }).click()
      const dialog = page.getByRole('dialog', { name: '分办' })
      await dialog.waitFor()
      await dialog.getByText(`建议：${tip?.suggestedDeptName}`).waitFor()
      await screenshot(page, 'tips-console-route')
      await dialog.getByRole('button', { name: '确定' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('.ant-tag', { hasText: '办理中' }).first().waitFor()
      // the routing table behind the suggestion, with its versions
      await page.getByRole('link', { name: '举报分办表' }).click()
      await page.waitForURL('**/console/rights/tips/routing')
      const row = page.locator('.ant-table-row', { hasText: '食品安全' }).first()
      await row.waitFor()
      expect(await row.innerText()).toContain(tip?.suggestedDeptName as string)
      await page.getByText('版本历史').waitFor()
      await screenshot(page, 'tips-console-routing')
      expect(problems).toEqual([])
    })

    await withPage(browser(), baseUrl, 'tips-portal-routed', async ({ page }) => {
      await page.goto(`/tips/status?number=${filed.number}`)
      await page.getByLabel('查询码').fill(filed.code)
      await page.getByRole('button', { name: '查询' }).click()
      await page.getByTestId('tip-status').filter({ hasText: '办理中' }).waitFor()
    })
  })
})
