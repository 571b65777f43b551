// Running the platform from the console (issue 18): the operator creates a user and an API key and revokes the key;
// the auditor reads the audit log in Chinese (no raw action codes, no JSON); every role's 工作台 says what needs doing,
// and agency and subject are told what they can do and where. Screenshots at 1366 and 390 px.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { phone, screenshot, useBrowser, withPage } from './browser.js'
import {
  apiSession,
  chooseOption,
  clickNavLink,
  consoleNav,
  logIn,
  openNavItem,
  tableRow,
  tableRows,
  waitForConsolePage,
} from './console.js'
import { loginFor } from './context.js'

const wide = { width: 1366, height: 900 } as const

/** The same page at 390 px (after the 1366 px shot). */
async function phoneShot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(phone)
  // the side navigation folds into the phone menu: let the layout settle
  await page.waitForTimeout(1000)
  await screenshot(page, `${name}-390`)
  await page.setViewportSize(wide)
}

/** Waits until a dialog's opening animation is over (a click during the zoom may land beside its target). */
async function settled(dialog: Locator): Promise<void> {
  await dialog.waitFor()
  await expect
    .poll(() =>
      dialog.evaluate((el) => el.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length),
    )
    .toBe(0)
}

describe('console administration', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('operator: 工作台 to-dos, creates a user, issues an API key and revokes it', async () => {
    const run = Date.now().toString(36)
    const username = `e2e.user.${run}`
    const keyName = `浏览器测试密钥${run}`
    await withPage(browser(), baseUrl, { name: 'admin-operator', viewport: wide }, async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      // 工作台: counts that link to the filtered pages
      const todos = page.getByRole('region', { name: '待办事项' })
      await todos.locator('[data-todo="unmatched"] .gx-todo-count').waitFor()
      for (const key of ['unmatched', 'proposals', 'quality', 'objections', 'tips', 'calendar'])
        await todos.locator(`[data-todo="${key}"]`).waitFor()
      await todos.locator('[data-todo="objections"] .gx-todo-note').waitFor()
      expect(await todos.locator('[data-todo="objections"] a').first().getAttribute('href')).toBe(
        '/console/rights/objections?state=submitted',
      )
      await screenshot(page, 'admin-workbench-operator-1366')
      await phoneShot(page, 'admin-workbench-operator')

      // 用户: create a provider of the market regulator; the password is shown once
      await openNavItem(page, '系统管理', '用户')
      await waitForConsolePage(page, 'system/users', '用户')
      await tableRows(page).first().waitFor()
      await page.getByRole('button', { name: '新增用户' }).click()
      const form = page.getByRole('dialog', { name: '新增用户' })
      await settled(form)
      await form.getByLabel('用户名').fill(username)
      await form.getByLabel('姓名（显示名称）').fill('浏览器测试员')
      await chooseOption(page, '所属部门', '天津市市场监督管理委员会（tj-scjg）', 'tj-scjg')
      await form.locator('.ant-select').filter({ hasText: '天津市市场监督管理委员会（tj-scjg）' }).waitFor()
      const typedPassword = await form.getByLabel('初始密码').inputValue()
      expect(typedPassword).toMatch(/^\w{4}(-\w{4}){3}$/)
      await form.getByRole('button', { name: '创建用户' }).click()
      await form.waitFor({ state: 'hidden' })
      expect(await page.getByTestId('user-password').textContent()).toBe(typedPassword)
      await page.getByLabel('筛选用户').fill(username)
      await page.getByLabel('筛选用户').press('Enter')
      const row = tableRow(page, username)
      await row.getByText('数据提供').waitFor()
      await row.getByText('天津市市场监督管理委员会（tj-scjg）').waitFor()
      await row.getByText('启用').waitFor()
      await screenshot(page, 'admin-users-1366')
      await phoneShot(page, 'admin-users')

      // 访问密钥: issue a provider key limited to submitting batches, shown once; it works until revoked
      // 系统管理 is usually still open (the users page is in it); the phone layout may have folded it
      const keysLink = consoleNav(page).getByRole('link', { name: '访问密钥', exact: true })
      if (await keysLink.isVisible()) await clickNavLink(page, '访问密钥')
      else await openNavItem(page, '系统管理', '访问密钥')
      await waitForConsolePage(page, 'system/keys', '访问密钥')
      await page.getByRole('button', { name: '签发密钥' }).click()
      const keyForm = page.getByRole('dialog', { name: '签发访问密钥' })
      await settled(keyForm)
      await keyForm.getByLabel('名称').fill(keyName)
      await chooseOption(page, '所属部门', '天津市市场监督管理委员会（tj-scjg）', 'tj-scjg')
      await chooseOption(page, '权限范围', '报送信用信息（接口、文件）（batch.submit）', 'batch.submit')
      await keyForm.locator('.ant-modal-title').click() // closes the open multiple select
      await keyForm.getByRole('button', { name: '签发' }).click()
      await keyForm.waitFor({ state: 'hidden' })
      const key = (await page.getByTestId('api-key').textContent()) ?? ''
      expect(key).toMatch(/^gx_[0-9A-Za-z]{40,}$/)
      const me = await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } })
      expect(me.status).toBe(200)
      expect(((await me.json()) as { permissions: string[] }).permissions).toEqual(['batch.submit'])
      await page.getByRole('button', { name: '刷新' }).click()
      const keyRow = tableRow(page, keyName)
      await keyRow.getByText('有效').waitFor()
      await keyRow
        .getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
        .first()
        .waitFor() // 最近使用: just now
      await screenshot(page, 'admin-keys-1366')
      await phoneShot(page, 'admin-keys')
      await keyRow.getByRole('button', { name: '吊销' }).click()
      const confirm = page.getByRole('dialog', { name: `吊销密钥：${keyName}` })
      await settled(confirm)
      await confirm.getByRole('button', { name: '吊销' }).click()
      await confirm.waitFor({ state: 'hidden' })
      await page.getByText(`已吊销密钥「${keyName}」`).waitFor()
      await tableRow(page, keyName).getByText('已吊销').waitFor()
      const after = await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } })
      expect(after.status).toBe(401)
      expect(problems).toEqual([])
    })
  })

  it('auditor: the audit log reads in Chinese, no raw action codes and no JSON; statistics by month, department and district', async () => {
    // a revoked key of its own, so this case does not depend on the operator case before it
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const issued = await operator('POST', '/api/v1/keys', {
      name: `审计测试密钥${Date.now().toString(36)}`,
      role: 'provider',
      dept: 'tj-scjg',
      scopes: ['batch.submit'],
    })
    expect(issued.status).toBe(201)
    expect((await operator('DELETE', `/api/v1/keys/${issued.json.id as string}`)).status).toBeLessThan(300)
    await withPage(browser(), baseUrl, { name: 'admin-audit', viewport: wide }, async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'auditor'))
      const todos = page.getByRole('region', { name: '待办事项' })
      await todos.locator('[data-todo="checkpoint"] .gx-todo-note').waitFor()
      await todos.locator('[data-todo="failed-logins"] .gx-todo-count').waitFor()
      await screenshot(page, 'admin-workbench-auditor-1366')

      await openNavItem(page, '审计', '审计日志')
      await waitForConsolePage(page, 'audit/events', '审计日志')
      const rows = tableRows(page)
      await rows.first().waitFor()
      const actions = await page.locator('.ant-table-tbody td:nth-child(4)').allTextContents()
      expect(actions.length).toBeGreaterThan(5)
      for (const a of actions) expect(a.trim()).not.toMatch(/^[a-z_]+\.[a-z_]+$/)
      expect(actions.join('')).toMatch(/[\u4e00-\u9fff]/)
      const details = await page.locator('.ant-table-tbody td:nth-child(6)').allTextContents()
      for (const d of details) expect(d).not.toMatch(/[{}]/)

      // the key the operator revoked: action label, the operator's user name, the key's fields by name
      await page.goto('/console/audit/events?action=access.key_revoked')
      await waitForConsolePage(page, 'audit/events?action=access.key_revoked', '审计日志')
      const revoked = tableRows(page).filter({ hasText: '吊销访问密钥' }).last()
      await revoked.waitFor()
      await revoked.getByText(loginFor(demo, 'operator').username, { exact: true }).waitFor()
      await revoked.getByText('密钥前缀').waitFor()
      expect(await revoked.textContent()).not.toMatch(/access\.key_revoked|[{}]/)
      await screenshot(page, 'admin-audit-1366')
      await phoneShot(page, 'admin-audit')

      // 归集统计: charts over the months, errors labelled with the code in the tooltip
      await openNavItem(page, '统计分析', '归集统计')
      await waitForConsolePage(page, 'stats/ingest', '归集统计')
      await page.locator('.ant-card').filter({ hasText: '逐月报送与拒收' }).locator('canvas').first().waitFor()
      await page.getByText('近 5 年（按年）').click()
      await page.locator('.ant-card').filter({ hasText: '逐年报送与拒收' }).locator('canvas').first().waitFor()
      const code = page.locator('[data-code]').first()
      await code.waitFor()
      const shown = (await code.textContent()) ?? ''
      expect(shown).toMatch(/[\u4e00-\u9fff]/)
      expect(shown).not.toContain((await code.getAttribute('data-code')) as string)
      await code.hover()
      await page
        .getByRole('tooltip')
        .getByText(`代码：${await code.getAttribute('data-code')}`)
        .waitFor()
      await screenshot(page, 'admin-stats-ingest-1366')
      await phoneShot(page, 'admin-stats-ingest')

      // 部门/区县: departments and districts compared
      await page.goto('/console/stats/units')
      await waitForConsolePage(page, 'stats/units', '部门/区县')
      await tableRows(page).first().waitFor()
      await page.getByRole('tab', { name: '按区县' }).click()
      await tableRows(page.getByRole('tabpanel', { name: '按区县' }))
        .first()
        .waitFor()
      await screenshot(page, 'admin-stats-units-1366')
      await phoneShot(page, 'admin-stats-units')
      expect(problems).toEqual([])
    })
  })

  it("each role's 工作台 shows its to-dos; agency and subject are told what they can do", async () => {
    const expected: Record<string, string[]> = {
      provider: ['rejected', 'late', 'objections', 'repairs', 'tips'],
      consumer: ['feedback', 'tips'],
    }
    for (const [role, keys] of Object.entries(expected)) {
      await withPage(
        browser(),
        baseUrl,
        { name: `admin-workbench-${role}`, viewport: wide },
        async ({ page, problems }) => {
          await logIn(page, loginFor(demo, role))
          const todos = page.getByRole('region', { name: '待办事项' })
          for (const key of keys) await todos.locator(`[data-todo="${key}"] .gx-todo-note`).waitFor()
          expect(await todos.locator('.ant-typography-danger').count()).toBe(0)
          await screenshot(page, `admin-workbench-${role}-1366`)
          expect(problems).toEqual([])
        },
      )
    }
    for (const role of ['agency', 'subject']) {
      await withPage(
        browser(),
        baseUrl,
        { name: `admin-workbench-${role}`, viewport: phone },
        async ({ page, problems }) => {
          await logIn(page, loginFor(demo, role))
          await page.getByText('您可以办理的业务').waitFor()
          expect(await page.getByText('暂无控制台功能').count()).toBe(0)
          const link = role === 'agency' ? '信用查询' : '我的档案'
          expect(await page.getByRole('link', { name: link }).getAttribute('href')).toBe(
            role === 'agency' ? '/search' : '/my/file',
          )
          await screenshot(page, `admin-workbench-${role}-390`)
          expect(problems).toEqual([])
        },
      )
    }
  })
})
