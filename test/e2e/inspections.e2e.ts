// 双随机、一公开 in the browser: the portal lists the demo city's completed plan, its page shows the commitment, the
// revealed seed (whose SHA-256 is the commitment), the strata and the targets with their published results; the
// market regulator's inspector (provider) creates a plan in the console, freezes it (the commitment appears, the seed
// does not), draws it (the seed is revealed, targets and inspectors appear), verifies the draw and records a result.
import { createHash } from 'node:crypto'
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { logIn, openNavItem, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

const sha256OfHex = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')

describe('双随机抽查', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('the portal publishes the demo plan: commitment, revealed seed, strata, targets and results', async () => {
    await withPage(browser(), baseUrl, 'portal-inspections', async ({ page, problems }) => {
      await page.goto('/')
      const latest = page.getByRole('region', { name: '双随机抽查公示' })
      await latest.getByRole('link').first().waitFor()
      await latest.getByRole('link', { name: '双随机抽查公示' }).click()
      await page.waitForURL('**/inspections')
      await page.getByRole('heading', { name: '双随机抽查公示', level: 1 }).waitFor()
      const plans = page.getByTestId('inspection-plans')
      const first = plans.locator('tbody tr').first()
      await first.waitFor()
      expect(await first.textContent()).toContain('已完成')
      await first.getByRole('link').click()
      await page.waitForURL(/\/inspections\/[0-9a-f-]+$/)
      await page.getByTestId('plan-status').filter({ hasText: '已完成' }).waitFor()
      const seed = ((await page.getByTestId('seed').textContent()) ?? '').trim()
      const seedHash = ((await page.getByTestId('seed-hash').textContent()) ?? '').trim()
      expect(seed).toMatch(/^[0-9a-f]{64}$/)
      expect(sha256OfHex(seed)).toBe(seedHash)
      const strata = page.getByTestId('strata').locator('tbody tr')
      expect(await strata.count()).toBeGreaterThanOrEqual(4)
      const targets = page.getByTestId('targets').locator('tbody tr')
      await targets.first().waitFor()
      expect(await targets.count()).toBeGreaterThan(0)
      // grades are not public by default: no 等级层 column, the frozen list is not offered, only its hash
      expect(await page.getByTestId('targets').locator('thead').textContent()).not.toContain('等级层')
      await page.getByTestId('frozen-private').waitFor()
      // every result links to its published 行政检查结果信息 record
      const resultLink = targets.first().locator('td').nth(3).getByRole('link')
      await resultLink.click()
      await page.waitForURL(/\/records\/[0-9a-f-]+$/)
      await page.getByText('行政检查结果信息').first().waitFor()
      await page.getByText('双随机抽查').first().waitFor()
      await screenshot(page, 'portal-inspection-record')
      expect(problems).toEqual([])
    })
  })

  it('a department creates, freezes, draws and verifies a plan and records a result in the console', async () => {
    await withPage(browser(), baseUrl, 'console-inspections', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'provider'))
      await openNavItem(page, '信用核查', '双随机抽查')
      await waitForConsolePage(page, 'checks/inspections', '双随机抽查')
      // the demo's completed plan is listed
      await tableRows(page).filter({ hasText: '已完成' }).first().waitFor()

      await page.getByRole('button', { name: '新建抽查计划' }).click()
      const form = page.getByRole('dialog', { name: '新建抽查计划' })
      await form.getByLabel('计划名称').fill('浏览器测试抽查计划')
      await form.getByLabel('检查事项').fill('企业公示信息')
      await form.getByRole('combobox', { name: '监管政策' }).click()
      await page.locator('.ant-select-item-option').filter({ hasText: '通用信用分级分类监管政策' }).click()
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
      await form.getByLabel('检查期间起').fill(`${today.slice(0, 8)}01`)
      await form.getByLabel('检查期间止').fill(today)
      await form.getByRole('button', { name: '保存为草稿' }).click()

      const drawer = page.getByRole('dialog', { name: '抽查计划详情' })
      await drawer.getByText('浏览器测试抽查计划').waitFor()
      await drawer.getByText('草稿').first().waitFor()
      await drawer.getByRole('button', { name: '冻结并公布承诺' }).click()
      await page.locator('.ant-popconfirm').getByRole('button', { name: '冻结', exact: true }).click()
      await drawer.getByText('已冻结（已公布承诺）').first().waitFor()
      await drawer.getByText('抽取时揭示').waitFor()
      const seedHash = ((await drawer.locator('.ant-typography code').first().textContent()) ?? '').trim()
      expect(seedHash).toMatch(/^[0-9a-f]{64}$/)
      await screenshot(page, 'console-inspection-frozen')

      await drawer.getByRole('button', { name: '双随机抽取' }).click()
      await page.locator('.ant-popconfirm').getByRole('button', { name: '抽取', exact: true }).click()
      await drawer.getByText('已抽取（已揭示种子）').first().waitFor()
      const codes = (await drawer.locator('.ant-typography code').allTextContents()).map((t) => t.trim())
      const seed = codes.find((c) => c !== seedHash && /^[0-9a-f]{64}$/.test(c) && sha256OfHex(c) === seedHash)
      expect(seed, `the revealed seed among ${codes.join(', ')}`).toBeTruthy()
      const targets = tableRows(drawer).filter({ has: page.getByRole('button', { name: '登记结果' }) })
      await targets.first().waitFor()

      await drawer.getByRole('button', { name: '核验抽取' }).click()
      await drawer.getByText('核验通过').waitFor()
      await screenshot(page, 'console-inspection-drawn')

      const heading = drawer.getByRole('heading', { name: /^检查对象（0 \/ \d+ 已登记结果）$/ })
      const total = Number(/\/ (\d+) /.exec((await heading.textContent()) ?? '')?.[1])
      expect(total).toBeGreaterThan(0)
      await targets.first().getByRole('button', { name: '登记结果' }).click()
      const dialog = page.getByRole('dialog', { name: /^登记检查结果/ })
      await dialog.getByLabel('检查结果说明').fill('现场检查未发现问题。')
      await dialog.getByRole('button', { name: '登记并公示' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await drawer.getByRole('heading', { name: `检查对象（1 / ${total} 已登记结果）` }).waitFor()
      expect(problems).toEqual([])
    })
  })
})
