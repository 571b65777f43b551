// Journey (d) of issue 14 in the browser: a department runs a check on a company with a stated purpose; the
// company's subject account signs in, and 「我的信用 · 查询记录」 lists that check with the department, role and
// purpose; the date filter keeps it for today and drops it for an earlier day; 导出 gives the XLSX; 「我的档案」
// shows the company's records and the check. The subject account is created by an operator through the users API
// and signs in through the login API (the portal's activation and login pages are built separately).
import { beforeAll, describe, expect, inject, it } from 'vitest'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession } from './console.js'
import { loginFor } from './context.js'

const PASSWORD = 'subject e2e password'

describe('我的信用 · 查询记录', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const purpose = `政府采购供应商资格审查（e2e ${Date.now().toString(36)}）`
  const username = `subject-e2e-${Date.now().toString(36)}`
  let company: { entityId: string; name: string; uscc: string }
  let deptName = ''

  beforeAll(async () => {
    const search = (await (
      await fetch(`${baseUrl}/api/v1/public/search?q=${encodeURIComponent('有限公司')}`)
    ).json()) as { items: { id: string; name: string; uscc: string | null }[] }
    const found = search.items.find((i) => i.uscc)
    if (!found?.uscc) throw new Error('no company found through the public search')
    company = { entityId: found.id, name: found.name, uscc: found.uscc }

    const consumer = loginFor(demo, 'consumer')
    const dept = await apiSession(baseUrl, consumer)
    const check = await dept('POST', '/api/v1/checks', {
      subject: { uscc: company.uscc },
      scenario: 'government_procurement',
      purpose,
    })
    expect(check.status, JSON.stringify(check.json)).toBe(200)

    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const created = await operator('POST', '/api/v1/users', {
      username,
      displayName: `${company.name}（主体账户）`,
      role: 'subject',
      entityId: company.entityId,
      password: PASSWORD,
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    // the auditors' view of the same log names the department
    const log = await operator('GET', `/api/v1/entities/${company.entityId}/access-log`)
    expect(log.status).toBe(200)
    const entry = (log.json.items as { purpose: string | null; deptName: string | null; dept: string | null }[]).find(
      (e) => e.purpose === purpose,
    )
    if (!entry) throw new Error('the check is not in the operator’s access log of the company')
    expect(entry.dept).toBe(consumer.dept)
    deptName = entry.deptName ?? entry.dept ?? ''
  })

  it('the subject signs in and finds the department’s check with its purpose; filter by date; export', async () => {
    await withPage(browser(), baseUrl, 'me-access-log', async ({ page, problems }) => {
      const login = await page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } })
      expect(login.status()).toBe(200)

      await page.goto('/my/access-log')
      await page.getByRole('heading', { name: '查询记录', level: 1 }).waitFor()
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: purpose })
      await row.waitFor()
      const text = (await row.textContent()) ?? ''
      expect(text).toContain('联合奖惩核查')
      expect(text).toContain('政府采购')
      expect(text).toContain(deptName)
      expect(text).toContain('数据使用')
      await screenshot(page, 'me-access-log')

      // an earlier day: the check is not listed
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
      const earlier = new Date(`${today}T00:00:00Z`)
      earlier.setUTCDate(earlier.getUTCDate() - 30)
      const day = earlier.toISOString().slice(0, 10)
      await page.getByLabel('开始日期').fill(day)
      await page.getByLabel('结束日期').fill(day)
      await page.getByRole('button', { name: '查询', exact: true }).click()
      await page.waitForURL((u) => u.searchParams.get('to') === day)
      await page.getByText('所选日期范围内没有查询记录').waitFor()
      // today: listed again
      await page.getByLabel('开始日期').fill(today)
      await page.getByLabel('结束日期').fill(today)
      await page.getByRole('button', { name: '查询', exact: true }).click()
      await page.waitForURL((u) => u.searchParams.get('to') === today)
      await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: purpose }).waitFor()

      // 导出: the workbook of the same filter holds the row
      const href = await page.getByRole('link', { name: '导出' }).getAttribute('href')
      expect(href).toBe(`/api/v1/me/access-log.xlsx?from=${today}&to=${today}`)
      const file = await page.request.get(href as string)
      expect(file.status()).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await file.body()) as unknown as ArrayBuffer)
      const ws = wb.getWorksheet('查询记录')
      const cells: string[] = []
      ws?.eachRow((r) => {
        cells.push((r.values as unknown[]).map((v) => (v == null ? '' : String(v))).join('|'))
      })
      expect(cells.some((c) => c.includes(purpose) && c.includes('联合奖惩核查'))).toBe(true)

      // 我的档案: the company's file with the check
      await page.getByRole('link', { name: '我的档案' }).click()
      await page.getByRole('heading', { name: '我的档案', level: 1 }).waitFor()
      await page.getByRole('heading', { name: company.name }).waitFor()
      const checks = page.getByRole('region', { name: /联合奖惩核查/ })
      await checks.getByText(purpose, { exact: false }).waitFor()
      await screenshot(page, 'me-file')
      expect(problems).toEqual([])
    })
  })

  it('an anonymous visitor is asked to sign in', async () => {
    await withPage(browser(), baseUrl, 'me-anonymous', async ({ page }) => {
      await page.goto('/my/access-log')
      await page.getByRole('heading', { name: '请先登录' }).waitFor()
      expect(await page.getByRole('link', { name: '主体登录' }).getAttribute('href')).toBe('/account/login')
    })
  })
})
