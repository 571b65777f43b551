// 信用承诺 in the browser: a department user (the finance bureau, consumer) files a 告知承诺 on behalf of a demo
// company, records a breach (which makes a 违背信用承诺信息 record), sees both in 信用审查 and on the portal.
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { clickNavLink, logIn, openNavItem, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface Found {
  id: string
  name: string
  kind: string
  uscc: string | null
}

describe('console: credit commitments', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('a department files a commitment, records a breach and sees it in the credit review and on the portal', async () => {
    const consumer = loginFor(demo, 'consumer')
    await withPage(browser(), baseUrl, 'commitments', async ({ page, problems }) => {
      await logIn(page, consumer)
      // a demo company with a legal representative (the commitment record needs one)
      const company = await page.evaluate(async () => {
        const r = await fetch('/api/v1/public/search?q=%E6%9C%89%E9%99%90&pageSize=50')
        const items = ((await r.json()) as { items: Found[] }).items
        for (const i of items.filter((x) => x.kind === 'legal_person' && x.uscc)) {
          const e = (await (await fetch(`/api/v1/entities/${i.id}`)).json()) as { legalRep: string | null }
          if (e.legalRep) return i
        }
        return null
      })
      expect(company, 'a demo company with a legal representative').toBeTruthy()
      const uscc = company?.uscc as string
      const run = Date.now().toString(36).toUpperCase()

      // 信用核查 -> 信用承诺
      await openNavItem(page, '信用核查', '信用承诺')
      await waitForConsolePage(page, 'checks/commitments', '信用承诺')

      // file a 告知承诺 on the applicant's behalf
      await page.getByRole('button', { name: '代申请人提交承诺' }).click()
      const fileDialog = page.getByRole('dialog', { name: '代申请人提交信用承诺' })
      await fileDialog.waitFor()
      // an applicant named by ID number is a lookup of personal data: the form asks for its purpose
      await fileDialog.locator('.ant-radio-button-wrapper', { hasText: '身份证件号码' }).click()
      await fileDialog.getByRole('textbox', { name: '查询用途' }).waitFor()
      await fileDialog.locator('.ant-radio-button-wrapper', { hasText: '统一社会信用代码' }).click()
      await fileDialog.getByRole('textbox', { name: '查询用途' }).waitFor({ state: 'detached' })
      await fileDialog.getByRole('textbox', { name: '统一社会信用代码' }).fill(uscc)
      await fileDialog.getByLabel('承诺事项', { exact: true }).fill(`建筑工程施工许可（浏览器测试 ${run}）`)
      await fileDialog.getByLabel('承诺内容').fill('本单位承诺所报材料真实有效，并于 30 日内补交消防验收意见。')
      await fileDialog.getByLabel('承诺书编号（选填，留空由平台生成）').fill(`津财承诺〔2026〕E2E-${run}号`)
      await fileDialog.getByRole('button', { name: '提交' }).click()
      await fileDialog.waitFor({ state: 'hidden' })

      // the drawer shows the new commitment with its history
      const drawer = page.getByRole('dialog', { name: '信用承诺详情' })
      await drawer.waitFor()
      await drawer.getByText(`津财承诺〔2026〕E2E-${run}号`).waitFor()
      await drawer.getByText('公示承诺').waitFor()
      expect(await drawer.getByText('履约中').count()).toBeGreaterThan(0)
      await screenshot(page, 'commitments-filed')
      await drawer.getByRole('button', { name: '关闭' }).click()
      await drawer.waitFor({ state: 'hidden' })

      // record the breach from the list
      const row = page.locator('.ant-table-row', { hasText: `E2E-${run}` })
      await row.waitFor()
      await row.getByRole('button', { name: '认定违诺' }).click()
      const breachDialog = page.getByRole('dialog', { name: '认定违诺' })
      await breachDialog.waitFor()
      await breachDialog.getByLabel('违诺情形').click()
      await page.locator('.ant-select-item-option', { hasText: '未履行承诺事项' }).click()
      await page.keyboard.press('Escape')
      await breachDialog.getByLabel('违诺事实').fill('逾期未补交消防验收意见，经催告仍未补交。')
      await breachDialog.getByLabel('认定文书号').fill(`津财认〔2026〕E2E-${run}号`)
      await breachDialog.getByRole('button', { name: '确认认定' }).click()
      await breachDialog.waitFor({ state: 'hidden' })
      await drawer.waitFor()
      await drawer.getByText('生成违诺记录').waitFor()
      expect(await drawer.getByText('已认定违诺').count()).toBeGreaterThan(0)
      await screenshot(page, 'commitments-breached')
      await drawer.getByRole('button', { name: '关闭' }).click()
      await drawer.waitFor({ state: 'hidden' })
      await row.getByText('已认定违诺').waitFor()

      // 信用审查: the admin_approval check plus the commitment history with the breach
      await clickNavLink(page, '信用审查')
      await page.waitForURL('**/console/checks/review')
      await page.getByRole('textbox', { name: '统一社会信用代码' }).fill(uscc)
      await page.getByLabel('审查用途（核查自然人时必填）').fill('建筑工程施工许可审批')
      await page.getByRole('button', { name: '开始审查' }).click()
      const result = page.getByTestId('review-result')
      await result.waitFor()
      await result
        .getByText(company?.name as string)
        .first()
        .waitFor()
      await result.getByTestId('review-outcome').waitFor()
      const reviewRow = result.locator('.ant-table-row', { hasText: `E2E-${run}` })
      await reviewRow.getByText('已认定违诺').waitFor()
      const breaches = result.locator('.ant-statistic', { hasText: '违诺' }).locator('.ant-statistic-content-value')
      expect(Number((await breaches.textContent())?.trim())).toBeGreaterThanOrEqual(1)
      await screenshot(page, 'commitments-review')

      // the portal shows the breach record and the commitment marked 未履约 under 信用承诺
      await page.goto(`/entities/${company?.id}?tab=commitment`)
      await page.getByRole('heading', { level: 1, name: company?.name }).waitFor()
      const panel = page.getByRole('tabpanel')
      await panel
        .locator('[data-testid="record-row"]', { hasText: `E2E-${run}` })
        .first()
        .waitFor()
      await panel.getByText('违背信用承诺信息').first().waitFor()
      const commitmentRow = panel.locator('[data-testid="record-row"]', { hasText: `津财承诺〔2026〕E2E-${run}号` })
      expect(await commitmentRow.getByTestId('fulfilment-status').textContent()).toBe('（未履约）')
      await screenshot(page, 'commitments-portal')
      expect(problems).toEqual([])
    })
  })
})
