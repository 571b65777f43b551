// The agency registry in the console (issue 17, items 4 and 6): the operator sees the demo agency with its account,
// registers a new agency (its entity registered with it), suspends it with a reason and issues a key for it, shown
// once; the suspended agency's key reads nothing. Screenshots at 1366 and 390 px.
import type { Locator } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { phone, screenshot, useBrowser, withPage } from './browser.js'
import { cellsOf, chooseOption, logIn, openNavItem, tableRow, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

const wide = { width: 1366, height: 900 } as const

/** Waits until a dialog's opening animation is over (a click during the zoom may land beside its target). */
async function settled(dialog: Locator): Promise<void> {
  await dialog.waitFor()
  await expect
    .poll(() =>
      dialog.evaluate((el) => el.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length),
    )
    .toBe(0)
}

describe('agency registry (信用服务机构)', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('operator: the demo agency, a new filing, its suspension with a reason, a key shown once', async () => {
    const run = Date.now().toString(36)
    // a fresh valid USCC per run (the registry refuses one registered before)
    const uscc = generateUscc(createRng(Date.now() % 1_000_000), { dept: '9', category: '1', region: '120103' })
    const name = `天津市浏览器测试信用评级有限公司${run}`
    const filingNo = `津信服备〔E2E〕${run}号`
    await withPage(browser(), baseUrl, { name: 'agencies', viewport: wide }, async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '系统管理', '信用服务机构')
      await waitForConsolePage(page, 'system/agencies', '信用服务机构')
      const demoRow = tableRow(page, '津信服备〔2026〕001号')
      await demoRow.getByText('备案', { exact: true }).waitFor()

      // the demo agency: its account belongs to it
      const demoName = (await cellsOf(demoRow))[1] as string
      await demoRow.getByRole('button', { name: '详情' }).click()
      const demoDrawer = page.getByRole('dialog', { name: demoName })
      await demoDrawer.getByText('近 12 个月查询的主体').waitFor()
      await tableRows(demoDrawer).filter({ hasText: 'agency' }).getByText('账户').waitFor()
      await screenshot(page, 'agencies-detail-1366')
      await page.keyboard.press('Escape')
      await demoDrawer.waitFor({ state: 'hidden' })

      // a new filing: the USCC is not an entity yet, so the name registers it
      await page.getByRole('button', { name: '机构备案' }).click()
      const form = page.getByRole('dialog', { name: '机构备案' })
      await settled(form)
      await form.getByLabel('统一社会信用代码').fill(uscc)
      await form.getByLabel('机构名称').fill(name)
      await form.getByLabel('备案编号').fill(filingNo)
      await form.getByLabel('业务范围').fill('信用评级、信用管理咨询')
      await form.getByRole('button', { name: '备案' }).click()
      await form.waitFor({ state: 'hidden' })
      await page.getByText(`已备案信用服务机构「${name}」（备案编号 ${filingNo}）。`).waitFor()
      const row = tableRow(page, filingNo)
      await row.getByText('备案', { exact: true }).waitFor()
      await screenshot(page, 'agencies-1366')
      await page.setViewportSize(phone)
      await page.waitForTimeout(1000)
      await screenshot(page, 'agencies-390')
      await page.setViewportSize(wide)

      // a duplicate filing number is refused with the server's Chinese message
      await page.getByRole('button', { name: '机构备案' }).click()
      const again = page.getByRole('dialog', { name: '机构备案' })
      await settled(again)
      await again.getByLabel('统一社会信用代码').fill(uscc)
      await again.getByLabel('备案编号').fill(filingNo)
      await again.getByLabel('业务范围').fill('信用评级')
      await again.getByRole('button', { name: '备案' }).click()
      await again.getByText(/已登记为信用服务机构|不能重复/).waitFor()
      await again.getByRole('button', { name: '取消' }).click()
      await again.waitFor({ state: 'hidden' })

      // a key for the new agency, shown once; it reads its own registration
      await row.getByRole('button', { name: '详情' }).click()
      const drawer = page.getByRole('dialog', { name })
      await drawer.getByRole('button', { name: '签发接口密钥' }).click()
      const key = (await page.getByTestId('agency-key').textContent()) ?? ''
      expect(key).toMatch(/^gx_[0-9A-Za-z]{40,}$/)
      await tableRows(drawer).filter({ hasText: '密钥' }).first().waitFor()
      const own = await fetch(`${baseUrl}/api/v1/agency`, { headers: { authorization: `Bearer ${key}` } })
      expect(own.status).toBe(200)
      expect(((await own.json()) as { filingNo: string }).filingNo).toBe(filingNo)
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })

      // suspended with a reason: the tag changes and the key reads nothing
      await row.getByRole('button', { name: '变更状态' }).click()
      const change = page.getByRole('dialog', { name: `变更备案状态：${name}` })
      await settled(change)
      await chooseOption(page, '新的状态', '暂停')
      await change.getByRole('button', { name: '确定' }).click()
      await change.getByText('暂停、注销须说明原因').waitFor()
      await change.getByLabel('原因').fill('浏览器测试：接受检查')
      await change.getByRole('button', { name: '确定' }).click()
      await change.waitFor({ state: 'hidden' })
      await page.getByText(`「${name}」的备案状态已改为「暂停」。`).waitFor()
      await tableRow(page, filingNo).getByText('暂停', { exact: true }).waitFor()
      const refused = await fetch(`${baseUrl}/api/v1/agency/updates`, { headers: { authorization: `Bearer ${key}` } })
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('agency.suspended')

      // the status filter
      await chooseOption(page, '备案状态', '暂停')
      await tableRow(page, filingNo).waitFor()
      expect(await tableRow(page, '津信服备〔2026〕001号').count()).toBe(0)
      await screenshot(page, 'agencies-suspended-1366')
      expect(problems).toEqual([])
    })
  })
})
