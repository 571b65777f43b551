// The portal's rights pages: 信用修复 and 异议申诉 explain the conditions with the deadlines read live from the
// platform (an operator's change shows on the next visit) and lead an anonymous visitor to login and activation, a
// signed-in subject to 我的档案; 「我的办件」 lists the subject's case with its working-day clock; 「消息」 shows the
// notice of its next step, 标为已读 marks it and the unread badge on the tabs drops. The subject account is created by
// an operator through the users API; the case is a tip filed by the signed-in subject, routed by the credit office.
import type { Locator } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { phone, screenshot, useBrowser, withPage } from './browser.js'
import { type ApiCall, apiSession } from './console.js'
import { loginFor } from './context.js'

const PASSWORD = 'rights e2e password'

/** The element's text ('' when it has none). */
const textOf = async (l: Locator): Promise<string> => (await l.textContent()) ?? ''

interface Term {
  code: string
  workingDays: number
}

async function publicTerms(baseUrl: string): Promise<Record<string, number>> {
  const r = (await (await fetch(`${baseUrl}/api/v1/public/deadlines`)).json()) as { items: Term[] }
  return Object.fromEntries(r.items.map((t) => [t.code, t.workingDays]))
}

describe('portal: 信用修复 and 异议申诉 guides, 我的办件, 消息', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const username = `rights-e2e-${Date.now().toString(36)}`
  let operator: ApiCall
  let company: { entityId: string; name: string }

  beforeAll(async () => {
    operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const search = (await (
      await fetch(`${baseUrl}/api/v1/public/search?q=${encodeURIComponent('有限公司')}`)
    ).json()) as { items: { id: string; name: string; uscc: string | null }[] }
    const found = search.items.find((i) => i.uscc)
    if (!found) throw new Error('no company found through the public search')
    company = { entityId: found.id, name: found.name }
    const created = await operator('POST', '/api/v1/users', {
      username,
      displayName: `${company.name}（主体账户）`,
      role: 'subject',
      entityId: company.entityId,
      password: PASSWORD,
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
  })

  it('an anonymous visitor reads the live terms and is led to login and activation', async () => {
    const terms = await publicTerms(baseUrl)
    await withPage(browser(), baseUrl, 'portal-rights-anonymous', async ({ page, problems }) => {
      await page.goto('/')
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '信用修复' }).click()
      await page.waitForURL('**/repair')
      await page.getByRole('heading', { level: 1, name: '信用修复' }).waitFor()
      expect(await textOf(page.getByTestId('term-repair.decide'))).toBe(`${terms['repair.decide']} 个工作日`)
      expect(await textOf(page.getByTestId('term-repair.notify'))).toBe(`${terms['repair.notify']} 个工作日`)
      // minimum periods per severity from the catalog's two rule sets
      const periods = await textOf(page.getByTestId('rights-periods'))
      expect(periods).toContain('2026 版')
      expect(periods).toContain('2019 版')
      expect(periods).toContain('公示满 1 年后可申请')
      expect(periods).toContain('公示满 6 个月后可申请')
      expect(periods).toContain('履行义务后即可申请')
      expect(await page.getByText('谁认定、谁修复').count()).toBeGreaterThan(0)
      const act = page.getByTestId('rights-act')
      expect(await act.getByRole('link', { name: '主体登录' }).getAttribute('href')).toBe('/account/login')
      expect(await act.getByRole('link', { name: '激活账户' }).getAttribute('href')).toBe('/account/activate')
      expect(await page.getByText('即将上线').count()).toBe(0)
      await screenshot(page, 'portal-rights-repair')
      // both lead to the subject accounts' pages
      await act.getByRole('link', { name: '激活账户' }).click()
      await page.getByRole('heading', { level: 1, name: '账户激活' }).waitFor()
      await page.goBack()
      await page.getByTestId('rights-act').getByRole('link', { name: '主体登录' }).click()
      await page.getByRole('heading', { level: 1, name: '主体登录' }).waitFor()

      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '异议申诉' }).click()
      await page.waitForURL('**/objection')
      await page.getByRole('heading', { level: 1, name: '异议申诉' }).waitFor()
      for (const code of ['objection.accept', 'objection.platform_check', 'objection.provider_verify'])
        expect(await textOf(page.getByTestId(`term-${code}`))).toBe(`${terms[code]} 个工作日`)
      expect(await page.getByText('谁提供、谁核实').count()).toBeGreaterThan(0)
      expect(await page.getByTestId('rights-act').getByRole('link', { name: '主体登录' }).getAttribute('href')).toBe(
        '/account/login',
      )
      expect(problems).toEqual([])
    })
  })

  it('on a phone the guides fit the screen and the actions stack', async () => {
    await withPage(browser(), baseUrl, { name: 'portal-rights-phone', viewport: phone }, async ({ page }) => {
      for (const path of ['/repair', '/objection']) {
        await page.goto(path)
        await page.getByTestId('rights-act').getByRole('link', { name: '主体登录' }).waitFor()
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, path).toBeLessThanOrEqual(0)
      }
      await screenshot(page, 'portal-rights-objection-phone')
    })
  })

  it('an operator’s change of a deadline shows on the next visit', async () => {
    const current = await operator('GET', '/api/v1/deadlines/objection.platform_check')
    expect(current.status).toBe(200)
    const def = current.json as { workingDays: number; version: number }
    const changed = def.workingDays + 1
    const put = (workingDays: number, baseVersion: number, reason: string) =>
      operator('PUT', '/api/v1/deadlines/objection.platform_check', {
        definition: { ...def, workingDays },
        reason,
        baseVersion,
      })
    const edit = await put(changed, def.version, '浏览器测试：临时调整平台核查期限')
    expect(edit.status, JSON.stringify(edit.json)).toBe(200)
    try {
      await withPage(browser(), baseUrl, 'portal-rights-live', async ({ page }) => {
        await page.goto('/objection')
        await page
          .getByTestId('term-objection.platform_check')
          .filter({ hasText: `${changed} 个工作日` })
          .waitFor()
      })
    } finally {
      const back = await put(
        def.workingDays,
        (edit.json as { version: number }).version,
        '浏览器测试：恢复平台核查期限',
      )
      expect(back.status, JSON.stringify(back.json)).toBe(200)
    }
  })

  it('a signed-in subject finds its case with its clock, reads its notice, and the unread badge drops', async () => {
    const subject = await apiSession(baseUrl, { username, password: PASSWORD, role: 'subject', dept: null })
    // a tip filed by the signed-in subject: a case of its own, with the routing clock running
    const filed = await subject('POST', '/api/v1/public/tips', {
      category: 'food',
      entityName: '天津市示例餐饮管理有限公司',
      content: '该餐厅后厨使用过期食材，2026 年 11 月多次看到过期牛奶用于制作甜品（浏览器测试）。',
    })
    expect(filed.status, JSON.stringify(filed.json)).toBe(201)
    const number = filed.json.number as string
    // the credit office routes it: the tip.handle clock starts and the tipster is told (in-app)
    const queue = await operator('GET', '/api/v1/tips?state=submitted&pageSize=100')
    const tip = (
      queue.json.items as { id: string; number: string; version: number; suggestedDept: string | null }[]
    ).find((t) => t.number === number)
    if (!tip?.suggestedDept) throw new Error(`tip ${number} is not in the queue with a suggested department`)
    const routed = await operator('POST', `/api/v1/tips/${tip.id}/route`, {
      dept: tip.suggestedDept,
      version: tip.version,
    })
    expect(routed.status, JSON.stringify(routed.json)).toBe(200)

    const mine = await subject('GET', '/api/v1/me/cases')
    const item = (
      mine.json.items as {
        number: string
        stateLabel: string
        deadlines: {
          label: string
          dueOn: string
          provisional: boolean
          metAt: string | null
          remainingWorkingDays: number | null
        }[]
      }[]
    ).find((c) => c.number === number)
    const running = item?.deadlines.find((d) => d.metAt === null)
    if (!item || !running) throw new Error(`case ${number} has no running clock in GET /api/v1/me/cases`)
    expect(running.label).toBe('举报办理')
    const inbox = await subject('GET', '/api/v1/me/inbox?unread=true')
    const unread = inbox.json.unread as number
    expect(unread).toBeGreaterThan(0)

    await withPage(browser(), baseUrl, 'portal-my-cases', async ({ page, problems }) => {
      const login = await page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } })
      expect(login.status()).toBe(200)

      // the repair guide sends a signed-in subject to its file
      await page.goto('/repair')
      const act = page.getByTestId('rights-act')
      await act.getByText('您已登录信用主体账户').waitFor()
      await act.getByRole('link', { name: '前往我的档案' }).click()
      await page.waitForURL('**/my/file')
      await page.getByRole('heading', { level: 1, name: '我的档案' }).waitFor()

      // 我的办件: the tip with its state and its clock
      const tabs = page.getByRole('navigation', { name: '我的信用' })
      await tabs.getByRole('link', { name: '我的办件' }).click()
      await page.getByRole('heading', { level: 1, name: '我的办件' }).waitFor()
      const card = page.locator(`[data-testid="my-case"][data-case="${number}"]`)
      await card.waitFor()
      const text = await textOf(card)
      expect(text).toContain('举报')
      expect(text).toContain(item.stateLabel)
      const n = running.remainingWorkingDays ?? 0
      const clock = card.getByRole('listitem').filter({ hasText: '举报办理' })
      expect(await textOf(clock.getByTestId('case-clock'))).toBe(n === 0 ? '今日到期' : `剩余 ${n} 个工作日`)
      expect(await textOf(clock)).toContain(`${running.dueOn} 前办结`)
      // past the last published year of holidays the due date is provisional, and says so
      expect((await clock.getByText('暂定', { exact: true }).count()) > 0).toBe(running.provisional)
      expect(await textOf(card.getByRole('listitem').filter({ hasText: '举报分办' }))).toContain('已办结')
      await screenshot(page, 'portal-my-cases')

      // 消息: the badge shows the unread count; 标为已读 drops it by one
      const badge = tabs.getByTestId('inbox-unread')
      expect((await textOf(badge)).replace(/\D/g, '')).toBe(String(unread))
      await tabs.getByRole('link', { name: /消息/ }).click()
      await page.getByRole('heading', { level: 1, name: '消息' }).waitFor()
      const notice = page.getByTestId('my-notice').filter({ hasText: `您的举报 ${number}` })
      await notice.waitFor()
      expect(await textOf(notice)).toContain('未读')
      await screenshot(page, 'portal-my-inbox')
      await notice.getByRole('button', { name: '标为已读' }).click()
      await notice.getByText('已读', { exact: true }).waitFor()
      if (unread > 1) await badge.filter({ hasText: String(unread - 1) }).waitFor()
      else await badge.waitFor({ state: 'detached' })
      expect(await textOf(page.getByTestId('inbox-unread-count'))).toBe(String(unread - 1))
      const after = await subject('GET', '/api/v1/me/inbox?unread=true')
      expect(after.json.unread).toBe(unread - 1)
      expect(problems).toEqual([])
    })

    // an objection the subject filed: 「我的档案」 offers 提出异议 on the record; 「我的办件」 shows the case with its
    // acceptance clock and withdraws it
    const file = await subject('GET', '/api/v1/me/file')
    const records = (
      file.json.records as { categories: { records: { id: string; state: string; marks: string[] }[] }[] }
    ).categories.flatMap((c) => c.records)
    const open = new Set(
      ((await subject('GET', '/api/v1/me/cases?pageSize=100')).json.items as { recordId: string | null }[]).map(
        (c) => c.recordId,
      ),
    )
    const target = records.find((r) => r.state === 'active' && !r.marks.length && !open.has(r.id))
    if (!target) throw new Error(`${company.name} has no active record to object to`)
    const objected = await subject('POST', '/api/v1/objections', {
      recordId: target.id,
      reason: '公示的处罚金额与决定书不一致，请核实（浏览器测试）。',
    })
    expect(objected.status, JSON.stringify(objected.json)).toBe(201)
    const objection = objected.json.number as string

    await withPage(browser(), baseUrl, 'portal-my-cases-withdraw', async ({ page, problems }) => {
      const login = await page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } })
      expect(login.status()).toBe(200)
      await page.goto('/my/file')
      await page.getByRole('heading', { level: 1, name: '我的档案' }).waitFor()
      // the heading shows before the file has loaded: wait for the records themselves
      await page.getByTestId('my-record-objection').first().waitFor()
      expect(await page.getByTestId('my-record-objection').count()).toBeGreaterThan(0)

      await page.goto('/my/cases')
      const card = page.locator(`[data-testid="my-case"][data-case="${objection}"]`)
      await card.waitFor()
      expect(await textOf(card)).toContain('异议')
      await card.getByText('已提交', { exact: true }).waitFor()
      await card.getByRole('listitem').filter({ hasText: '异议受理审查' }).getByTestId('case-clock').waitFor()
      await card.getByRole('button', { name: '撤回' }).click()
      await page.locator('.ant-popconfirm').getByRole('button', { name: '撤回' }).click()
      await card.getByText('已撤回', { exact: true }).waitFor()
      expect(await card.getByRole('button', { name: '撤回' }).count()).toBe(0)
      await screenshot(page, 'portal-my-cases-withdrawn')
      expect(problems).toEqual([])
    })

    // the same pages on a phone: the tabs wrap, nothing overflows sideways
    await withPage(browser(), baseUrl, { name: 'portal-my-cases-phone', viewport: phone }, async ({ page }) => {
      const login = await page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } })
      expect(login.status()).toBe(200)
      await page.goto('/my/cases')
      await page.locator(`[data-testid="my-case"][data-case="${number}"]`).waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      await screenshot(page, 'portal-my-cases-phone')
    })
  })
})
