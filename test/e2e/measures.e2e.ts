// 措施清单 in the browser: the operator opens the measure list, edits a measure (version 2) and sees the diff; a
// consumer department reads the list without the edit buttons.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot, withFailureCapture } from './browser.js'
import { loginFor } from './context.js'
import type { DemoLogin } from './context.js'

async function logIn(page: Page, login: DemoLogin): Promise<void> {
  await page.goto('/console/login')
  await page.getByLabel('用户名').fill(login.username)
  await page.getByLabel('密码').fill(login.password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/console' || url.pathname === '/console/')
  await page.getByRole('heading', { name: '工作台' }).waitFor()
}

const cellsOf = async (row: ReturnType<Page['locator']>) =>
  (await row.locator('td').allTextContents()).map((t) => t.trim())

describe('措施清单', () => {
  let browser: Browser
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('the operator edits a measure: version 2 is current and the diff shows the changed content', async () => {
    const { context, page, problems } = await openPage(browser, baseUrl)
    try {
      await withFailureCapture(page, 'measures-edit', async () => {
        await logIn(page, loginFor(demo, 'operator'))
        const nav = page.getByRole('navigation', { name: '控制台导航' })
        await nav.getByText('目录与规则', { exact: true }).click()
        await nav.getByRole('link', { name: '措施清单', exact: true }).click()
        await page.waitForURL('**/console/catalog/measures')
        await page.getByRole('heading', { name: '奖惩措施清单', level: 1 }).waitFor()

        // the list row: name and code, 惩戒 tag, scenario, departments, basis, status, version
        const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'punish_cd_honors' })
        await row.waitFor()
        const cells = await cellsOf(row)
        expect(cells[0]).toBe('不得授予荣誉称号、参加评优评先punish_cd_honors')
        expect(cells[1]).toBe('惩戒')
        expect(cells[2]).toBe('评优评先')
        expect(cells[3]).toContain('天津市发展和改革委员会')
        expect(cells[4]).toContain('发改财金〔2016〕141号')
        expect(cells[5]).toBe('有效')
        expect(cells[6]).toBe('第 1 版')
        await page.getByText(/^共 \d+ 项措施$/).waitFor()
        // filter: 激励 only
        await page.getByRole('combobox', { name: '类型' }).click()
        await page
          .locator('.ant-select-item-option')
          .filter({ hasText: /^守信激励$/ })
          .click()
        const kinds = async () => [
          ...new Set(await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allTextContents()),
        ]
        await expect.poll(kinds).toEqual(['激励'])
        await screenshot(page, 'measures-list')

        await page.goto('/console/catalog/measures/punish_cd_honors')
        await page.getByRole('heading', { name: '不得授予荣誉称号、参加评优评先', level: 1 }).waitFor()
        expect(await page.getByTestId('measure-basis').textContent()).toContain('发改财金〔2016〕141号')
        await page.getByRole('button', { name: '修改措施' }).click()
        const drawer = page.getByRole('dialog', { name: /修改措施/ })
        await drawer.waitFor()
        const content = drawer.getByRole('textbox', { name: '措施内容' })
        const before = await content.inputValue()
        expect(before.length).toBeGreaterThan(4)
        const after = `${before}（本市补充：三年内不得推荐为市级评优对象。）`
        await content.fill(after)
        await drawer.getByRole('textbox', { name: '修改原因' }).fill('依据本市实施细则补充措施内容')
        await drawer.getByRole('button', { name: '保存为新版本' }).click()
        await drawer.waitFor({ state: 'hidden' })

        await page.waitForURL((url) => url.searchParams.get('diff') === '1-2')
        const diff = page.getByTestId('measure-diff')
        await diff.waitFor()
        const diffText = (await diff.textContent()) ?? ''
        expect(diffText).toContain('第 1 版 → 第 2 版：1 项变化。')
        expect(diffText).toContain('措施内容（content）')
        expect(diffText).toContain(`修改前：${before}`)
        expect(diffText).toContain(`修改后：${after}`)
        const v2 = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '第 2 版' })
        const v2cells = await cellsOf(v2)
        expect(v2cells[0]).toContain('当前')
        expect(v2cells[1]).toBe('运维修改')
        expect(v2cells[4]).toBe('依据本市实施细则补充措施内容')
        await screenshot(page, 'measures-diff')

        // the definition tab shows the new content
        await page.getByRole('tab', { name: '措施定义' }).click()
        await page.getByRole('tabpanel', { name: '措施定义' }).getByText(after).waitFor()
        expect(problems).toEqual([])
      })
    } finally {
      await context.close()
    }
  })

  it('a consumer department reads the list and a measure without edit buttons', async () => {
    const { context, page, problems } = await openPage(browser, baseUrl)
    try {
      await withFailureCapture(page, 'measures-readonly', async () => {
        await logIn(page, loginFor(demo, 'consumer'))
        await page.goto('/console/catalog/measures')
        await page.getByRole('heading', { name: '奖惩措施清单', level: 1 }).waitFor()
        await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'punish_cd_procurement' }).waitFor()
        expect(await page.getByRole('button', { name: '新增措施' }).count()).toBe(0)
        await page.goto('/console/catalog/measures/punish_cd_procurement')
        await page.getByRole('heading', { name: '限制参与政府采购活动', level: 1 }).waitFor()
        expect(await page.getByRole('button', { name: '修改措施' }).count()).toBe(0)
        expect(await page.getByRole('button', { name: '停用措施' }).count()).toBe(0)
        expect(problems).toEqual([])
      })
    } finally {
      await context.close()
    }
  })
})
