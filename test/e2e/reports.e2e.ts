// Credit reports in the browser (issue 15, item 8): an organisation's overview report downloaded from its public
// file is verified on 报告核验 (upload -> 验证通过), a copy with one byte changed fails with its reason, and the
// number + code give the online status; a subject issues its own report and creates and revokes a grant; a
// department issues a report in the console; an auditor checks the latest checkpoint and runs both proofs.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn, openNavItem, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

const PASSWORD = 'subject e2e password'

describe('信用报告', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const username = `report-e2e-${Date.now().toString(36)}`
  let company: { entityId: string; name: string; uscc: string }

  beforeAll(async () => {
    const search = (await (
      await fetch(`${baseUrl}/api/v1/public/search?q=${encodeURIComponent('有限公司')}`)
    ).json()) as { items: { id: string; name: string; uscc: string | null }[] }
    const found = search.items.find((i) => i.uscc)
    if (!found?.uscc) throw new Error('no company found through the public search')
    company = { entityId: found.id, name: found.name, uscc: found.uscc }
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const created = await operator('POST', '/api/v1/users', {
      username,
      displayName: `${company.name}（主体账户）`,
      role: 'subject',
      entityId: company.entityId,
      password: PASSWORD,
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
  })

  it('portal: download the overview from the file, verify it on 报告核验; a tampered copy fails; number + code', async () => {
    await withPage(browser(), baseUrl, 'report-verify', async ({ page, problems }) => {
      await page.goto(`/entities/${company.entityId}`)
      const region = page.getByRole('region', { name: '信用报告' })
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        region.getByRole('button', { name: '下载公共信用信息概况报告' }).click(),
      ])
      const issued = page.getByTestId('overview-issued')
      await issued.waitFor()
      const text = (await issued.textContent()) ?? ''
      const number = /GX[0-9A-Z]+/.exec(text)?.[0] as string
      const code = /核验码\s*([0-9A-Z]{8})/.exec(text)?.[1] as string
      expect(number).toBeTruthy()
      expect(code).toBeTruthy()
      expect(download.suggestedFilename()).toBe(`${number}.pdf`)
      const pdf = readFileSync(await download.path())
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      await screenshot(page, 'report-entity')

      // 报告核验 from the footer
      await page.getByRole('contentinfo').getByRole('link', { name: '报告核验' }).click()
      await page.getByRole('heading', { name: '报告核验', level: 1 }).waitFor()
      const input = page.getByLabel('选择报告 PDF 文件')
      await input.setInputFiles({ name: `${number}.pdf`, mimeType: 'application/pdf', buffer: pdf })
      const result = page.getByTestId('verify-file-result')
      await result.getByText('验证通过').waitFor()
      expect(await result.textContent()).toContain(number)
      expect(await result.locator('[data-state="pass"]').count()).toBe(8)
      await screenshot(page, 'report-verify-ok')

      // one byte changed in the middle of the file
      const tampered = Buffer.from(pdf)
      const at = Math.floor(tampered.length / 2)
      tampered[at] = (tampered[at] as number) ^ 0x01
      await input.setInputFiles({ name: 'tampered.pdf', mimeType: 'application/pdf', buffer: tampered })
      await result.getByText('验证未通过').waitFor()
      expect(await page.getByTestId('verify-reason').textContent()).toContain('PDF 文件已被改动')
      expect(await result.locator('[data-state="fail"]').count()).toBe(1)
      await screenshot(page, 'report-verify-tampered')

      // online: number + code (the QR code's URL carries the number)
      await page.goto(`/verify?number=${number}`)
      expect(await page.getByLabel('报告编号').inputValue()).toBe(number)
      await page.getByLabel('核验码').fill(code.toLowerCase())
      await page.getByRole('button', { name: '核验', exact: true }).click()
      const summary = page.getByTestId('verify-summary')
      await summary.waitFor()
      const s = (await summary.textContent()) ?? ''
      expect(s).toContain('有效')
      expect(s).toContain(company.name)
      expect(s).toContain(company.uscc)
      expect(s).toContain('公共信用信息概况')
      // a wrong code: the same answer as an unknown number
      await page.getByLabel('核验码').fill('ZZZZZZZZ')
      await page.getByRole('button', { name: '核验', exact: true }).click()
      await page.getByRole('alert').waitFor()
      expect(await summary.count()).toBe(0)
      expect(problems.filter((p) => !p.includes('404'))).toEqual([])
    })
  })

  it('portal: the subject issues its full report and creates and revokes a grant', async () => {
    const grantee = loginFor(demo, 'consumer').dept as string
    await withPage(browser(), baseUrl, 'report-subject', async ({ page, problems }) => {
      const login = await page.request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } })
      expect(login.status()).toBe(200)
      await page.goto('/my')
      await page.getByRole('navigation', { name: '我的信用' }).getByRole('link', { name: '信用报告' }).click()
      await page.getByRole('heading', { name: '信用报告', level: 1 }).waitFor()
      await page.getByRole('combobox', { name: '报告种类' }).waitFor()
      await page.getByText('完整信用报告').first().waitFor()
      await page.getByRole('button', { name: '出具报告' }).click()
      const issued = page.getByTestId('my-report-issued')
      await issued.waitFor()
      const number = /GX[0-9A-Z]+/.exec((await issued.textContent()) ?? '')?.[0] as string
      await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: number }).waitFor()
      const pdf = await page.request.get(`/api/v1/reports/${number}/pdf`)
      expect(pdf.status()).toBe(200)
      // a special report over the period and the field the applicant chooses
      await chooseOption(page, '报告种类', '专项信用报告')
      await chooseOption(page, '查询期间', '近 1 年')
      await chooseOption(page, '领域', '市场监管')
      await page.getByRole('button', { name: '出具报告' }).click()
      await issued.filter({ hasNotText: number }).waitFor()
      const special = /GX[0-9A-Z]+/.exec((await issued.textContent()) ?? '')?.[0] as string
      const json = await (await page.request.get(`/api/v1/reports/${special}/json`)).json()
      const year = Number(json.document.issuedAt.slice(0, 4))
      expect(json.document.period.from.slice(0, 4)).toBe(String(year - 1))
      expect(
        json.document.sections.map((x: { code: string }) => x.code).filter((c: string) => c.startsWith('domain.')),
      ).toEqual(['domain.market'])
      await screenshot(page, 'report-my-reports')

      await page.getByRole('navigation', { name: '我的信用' }).getByRole('link', { name: '授权管理' }).click()
      await page.getByRole('heading', { name: '授权管理', level: 1 }).waitFor()
      await page.getByLabel('被授权方').fill(grantee)
      await page.getByRole('checkbox', { name: '完整信用报告' }).check()
      await page.getByLabel('备注').fill('e2e 授权')
      await page.getByRole('button', { name: '授权', exact: true }).click()
      await page.getByText(`已授权 ${grantee}`).waitFor()
      const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'e2e 授权' })
      await row.getByText('有效').waitFor()
      await row.getByRole('button', { name: '撤销' }).click()
      await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销' }).click()
      await row.getByText('已撤销').waitFor()
      await screenshot(page, 'report-my-grants')
      expect(problems).toEqual([])
    })
  })

  it('console: a department issues a report, finds it in the list, and issues a batch from a list', async () => {
    const purpose = `政府采购供应商资格审查（e2e ${Date.now().toString(36)}）`
    await withPage(browser(), baseUrl, 'report-console', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '信用报告', '出具报告')
      await waitForConsolePage(page, 'reports/issue', '出具报告')
      await page.getByLabel('主体代码').fill(company.uscc)
      await chooseOption(page, '报告种类', '完整信用报告')
      await page.getByLabel('查询用途').fill(purpose)
      await page.getByRole('button', { name: '出具', exact: true }).click()
      const issued = page.getByTestId('report-issued')
      await issued.waitFor()
      const number = /GX[0-9A-Z]+/.exec((await issued.textContent()) ?? '')?.[0] as string
      expect(number).toBeTruthy()
      const pdf = await page.request.get(`/api/v1/reports/${number}/pdf`)
      expect(pdf.status()).toBe(200)
      await screenshot(page, 'report-console-issue')

      await page.getByRole('link', { name: '已出具报告' }).first().click()
      await waitForConsolePage(page, 'reports/list', '已出具报告')
      const row = tableRow(page, number)
      await row.waitFor()
      expect(await row.textContent()).toContain(purpose)
      expect(await row.textContent()).toContain(company.name)
      await screenshot(page, 'report-console-list')

      await page
        .getByRole('navigation', { name: '控制台导航' })
        .getByRole('link', { name: '批量出具', exact: true })
        .click()
      await waitForConsolePage(page, 'reports/batch', '批量出具')
      const csv = `统一社会信用代码,主体名称\n${company.uscc},${company.name}\n911200000000000000,不存在的公司\n`
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await page.getByLabel('查询用途').fill(purpose)
      await page.getByRole('button', { name: '开始出具' }).click()
      const progress = page.getByTestId('report-batch-progress')
      await progress.getByText('已完成').waitFor({ timeout: 30_000 })
      expect(await progress.textContent()).toContain('出具 1 份，未出具 1 个')
      const zipHref = await page.getByRole('link', { name: /下载全部报告/ }).getAttribute('href')
      const zip = await page.request.get(zipHref as string)
      expect(zip.status()).toBe(200)
      expect(zip.headers()['content-type']).toBe('application/zip')
      await screenshot(page, 'report-console-batch')
      expect(problems).toEqual([])
    })
  })

  it('console: an auditor checks the latest checkpoint and verifies an inclusion and a consistency proof', async () => {
    const auditor = loginFor(demo, 'auditor')
    const events = await (await apiSession(baseUrl, auditor))(
      'GET',
      '/api/v1/audit/events?action=report.issue&pageSize=1',
    )
    const eventId = (events.json.items as { id: string }[])[0]?.id as string
    expect(eventId).toBeTruthy()
    await withPage(browser(), baseUrl, 'report-audit-proofs', async ({ page, problems }) => {
      await logIn(page, auditor)
      await openNavItem(page, '审计', '检查点与证明')
      await waitForConsolePage(page, 'audit/proofs', '检查点与证明')
      const cp = page.getByTestId('checkpoint')
      await cp.getByText('检查点签名有效').waitFor()
      const size = Number(/树大小（事件数）\s*(\d+)/.exec((await cp.textContent()) ?? '')?.[1])
      expect(size).toBeGreaterThan(1)

      await page.getByLabel('事件编号').fill(eventId)
      await page.getByRole('button', { name: '验证包含证明' }).click()
      const inclusion = page.getByTestId('inclusion-result')
      await inclusion.getByText('证明成立').waitFor()
      expect(await inclusion.getByText('未通过').count()).toBe(0)
      expect(await inclusion.textContent()).toContain(`签名检查点（大小 ${size}）`)

      await page.getByLabel('较早的树大小').fill('1')
      await page.getByLabel('较晚的树大小').fill(String(size))
      await page.getByRole('button', { name: '验证一致性证明' }).click()
      const consistency = page.getByTestId('consistency-result')
      await consistency.getByText('证明成立').waitFor()
      expect(await consistency.getByText('未通过').count()).toBe(0)
      await screenshot(page, 'report-audit-proofs')
      expect(problems).toEqual([])
    })
  })
})
