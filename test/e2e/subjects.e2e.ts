// Subject accounts in the browser: the operator issues an activation code in the console (shown once), the company
// activates its account at the portal, logs in as a subject and 「我的信用」 shows its entity.
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, logIn, openNavItem, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface Found {
  id: string
  name: string
  kind: string
  uscc: string | null
}

/**
 * Clicks 登录 and waits for 「我的信用」. The browser files share one client address, so a refused login elsewhere in
 * the suite may make the login throttle ask for a short wait (「请求过于频繁，请 N 秒后再试」): the page says so and
 * the user tries again after it, as this does.
 */
async function signIn(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    if (new URL(page.url()).pathname === '/my') return
    await page.getByRole('button', { name: '登录', exact: true }).click()
    const outcome = await Promise.race([
      page.waitForURL('**/my').then(
        () => 'in' as const,
        () => 'timeout' as const,
      ),
      page
        .getByText(/请求过于频繁/)
        .waitFor()
        .then(
          () => 'throttled' as const,
          () => 'timeout' as const,
        ),
    ])
    if (outcome === 'in') return
    if (outcome === 'timeout') break
    await page.waitForTimeout(2_000)
  }
  await page.waitForURL('**/my')
}

describe('subject accounts: activation, login, 我的信用', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  /** The account the first test activates (the second adds its agent). */
  let holder: { username: string; password: string; entityName: string } | null = null

  it('an operator issues a code; the company activates, logs in and sees its entity in 我的信用', async () => {
    const operator = loginFor(demo, 'operator')
    const call = await apiSession(baseUrl, operator)
    // a demo company with a legal representative (whose name the activation asks for)
    const search = await fetch(`${baseUrl}/api/v1/public/search?q=${encodeURIComponent('有限')}&pageSize=50`)
    const candidates = ((await search.json()) as { items: Found[] }).items.filter(
      (i) => i.kind === 'legal_person' && i.uscc,
    )
    let company: { id: string; name: string; uscc: string; legalRep: string } | null = null
    for (const c of candidates.reverse()) {
      const e = await call('GET', `/api/v1/entities/${c.id}`)
      if (e.status === 200 && typeof e.json.legalRep === 'string' && e.json.legalRep) {
        company = { id: c.id, name: e.json.name as string, uscc: c.uscc as string, legalRep: e.json.legalRep }
        break
      }
    }
    expect(company, 'a demo company with a legal representative').toBeTruthy()
    const firm = company as NonNullable<typeof company>
    const username = `e2e.${Date.now().toString(36)}`
    const password = 'e2e-subject-password-2026'

    // console: 主体管理 -> 主体账户 -> 发放激活码
    const code = await withPage(browser(), baseUrl, 'subjects-console', async ({ page, problems }) => {
      await logIn(page, operator)
      await openNavItem(page, '主体管理', '主体账户')
      await waitForConsolePage(page, 'entities/subjects', '主体账户')
      await page.getByLabel('代码或编号').fill(firm.uscc)
      await page.getByRole('button', { name: '发放激活码' }).click()
      const shown = page.getByTestId('activation-code')
      await shown.waitFor()
      const text = ((await shown.textContent()) ?? '').trim()
      expect(text).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/)
      await page.getByText('经办人待审核', { exact: true }).waitFor()
      await screenshot(page, 'subjects-console-issued')
      expect(problems).toEqual([])
      return text
    })

    // portal: 账户激活 -> 主体登录 -> 我的信用
    await withPage(browser(), baseUrl, 'subjects-portal', async ({ page, problems }) => {
      await page.goto('/')
      await page.getByRole('link', { name: '账户激活' }).click()
      await page.getByRole('heading', { name: '账户激活', level: 1 }).waitFor()
      await page.getByLabel('统一社会信用代码').fill(firm.uscc)
      await page.getByLabel('法定代表人（负责人）姓名').fill(firm.legalRep)
      await page.getByLabel('激活码').fill(code.toLowerCase())
      await page.getByLabel('用户名').fill(username)
      await page.getByLabel('密码', { exact: true }).fill(password)
      await page.getByLabel('确认密码').fill(password)
      await page.getByRole('button', { name: '激活账户' }).click()
      await page.getByText('账户已激活').waitFor()
      await page.getByRole('link', { name: '前往登录' }).click()
      await page.getByRole('heading', { name: '主体登录', level: 1 }).waitFor()
      await page.getByLabel('用户名').fill(username)
      await page.getByLabel('密码', { exact: true }).fill(password)
      await signIn(page)
      await page.getByRole('heading', { name: '我的信用', level: 1 }).waitFor()
      await expect.poll(() => page.getByTestId('my-entity-name').textContent()).toBe(firm.name)
      await expect.poll(() => page.locator('.gx-account-facts').textContent()).toContain(firm.uscc)
      await screenshot(page, 'subjects-my-credit')
      holder = { username, password, entityName: firm.name }
      // logging out leads back to the login page
      await page.getByRole('button', { name: '退出登录' }).click()
      await page.waitForURL('**/account/login')
      expect(problems).toEqual([])
    })
  })

  it('the subject adds an agent with its letter; the operator approves; the agent signs in for the entity', async () => {
    expect(holder, 'the first test activated an account').toBeTruthy()
    const account = holder as NonNullable<typeof holder>
    const agentName = `e2e.agent.${Date.now().toString(36)}`
    const agentPassword = 'e2e-agent-password-2026'
    const letter = Buffer.from(
      '%PDF-1.4\n% 授权委托书\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    )

    await withPage(browser(), baseUrl, 'subjects-agent-add', async ({ page, problems }) => {
      await page.goto('/account/login')
      await page.getByLabel('用户名').fill(account.username)
      await page.getByLabel('密码', { exact: true }).fill(account.password)
      await signIn(page)
      await page.getByLabel('经办人姓名').fill('王经办')
      await page.getByLabel('经办人用户名').fill(agentName)
      await page.getByLabel('经办人初始密码').fill(agentPassword)
      await page
        .getByLabel('授权委托书')
        .setInputFiles({ name: '授权委托书.pdf', mimeType: 'application/pdf', buffer: letter })
      await page.getByRole('button', { name: '添加经办人' }).click()
      await page.getByText('待信用办审核通过后即可登录').waitFor()
      await expect.poll(() => page.locator('.gx-account-list').textContent()).toContain('待审核')
      expect(problems).toEqual([])
    })

    await withPage(browser(), baseUrl, 'subjects-agent-approve', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '主体管理', '主体账户')
      await waitForConsolePage(page, 'entities/subjects', '主体账户')
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: agentName })
      await row.waitFor()
      await expect.poll(() => row.textContent()).toContain(account.entityName)
      await screenshot(page, 'subjects-agent-queue')
      await row.getByRole('button', { name: '通过' }).click()
      await row.waitFor({ state: 'detached' })
      expect(problems).toEqual([])
    })

    await withPage(browser(), baseUrl, 'subjects-agent-login', async ({ page, problems }) => {
      await page.goto('/account/login')
      await page.getByLabel('用户名').fill(agentName)
      await page.getByLabel('密码', { exact: true }).fill(agentPassword)
      await signIn(page)
      await expect.poll(() => page.getByTestId('my-entity-name').textContent()).toBe(account.entityName)
      await page.getByText('，经办人').waitFor()
      expect(problems).toEqual([])
    })
  })
})
