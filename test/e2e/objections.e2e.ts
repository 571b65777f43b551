// Journey (a) of issue 14: a subject objects to a record of its own on the portal; after the credit office accepts
// it the portal shows 「异议处理中」 on that record; the providing department corrects it in the console; the portal
// shows the new version and no mark. The subject account is made for a demo company by the operator (the demo's own
// subject has no record of the demo provider's department); the rest runs in the browser.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn } from './console.js'
import { loginFor } from './context.js'

interface Target {
  id: string
  entity_id: string
  name: string
}

describe('objections: a subject objects, the provider corrects (journey a)', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const dbPath = inject('dbPath')

  it('portal filing -> console acceptance -> 异议处理中 on the portal -> correction -> new version, no mark', async () => {
    if (!dbPath) return // a server given by URL: its database is not at hand to choose the record
    const operatorLogin = loginFor(demo, 'operator')
    const providerLogin = loginFor(demo, 'provider')
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    // a public, active penalty of a company, provided by the demo provider's department, with no objection on it
    const raw = new BetterSqlite3(dbPath, { readonly: true })
    const target = raw
      .prepare(
        `select r.id, r.entity_id, e.name from records r join entities e on e.id = r.entity_id
         where r.class_code = 'admin_penalty' and r.state = 'active' and r.provider_dept = ? and e.kind = 'legal_person'
           and r.minor_at_decision = 0 and r.publish_from <= ? and r.publish_max_until >= ?
           and r.id not in (select record_id from cases where record_id is not null)
         order by r.id limit 1`,
      )
      .get(providerLogin.dept, today, today) as Target | undefined
    raw.close()
    expect(target, 'a public penalty of the demo provider').toBeTruthy()
    const t = target as Target

    // the operator opens a subject account for the company (what the window does before activation codes exist)
    const operator = await apiSession(baseUrl, operatorLogin)
    const run = Date.now().toString(36)
    const subject = { username: `e2e-subject-${run}`, password: `E2e-objection-${run}-pw`, role: 'subject', dept: null }
    const made = await operator('POST', '/api/v1/users', { ...subject, entityId: t.entity_id })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
    const newFacts = `经复核，当事人违法行为持续时间为三日（浏览器测试 ${run} 更正）`

    // 1. the subject objects on the portal, from the record's page
    let number = ''
    await withPage(browser(), baseUrl, 'objection-portal-file', async ({ page }) => {
      await page.goto(`/records/${t.id}`)
      await page.getByRole('link', { name: '对此信息提出异议申诉' }).click()
      await page.waitForURL(`**/objection/apply?record=${t.id}`)
      await page.getByLabel('用户名').fill(subject.username)
      await page.getByLabel('密码').fill(subject.password)
      await page.getByRole('button', { name: '登录', exact: true }).click()
      await page
        .getByLabel('异议理由')
        .fill('公示的违法事实与处罚决定书记载不一致，违法行为持续时间应为三日，请核实更正。')
      await page.getByLabel('联系方式（仅办理人员可见）').fill('王经理 022-23456789')
      await page.getByRole('button', { name: '提交异议' }).click()
      await page.getByRole('heading', { name: '异议已提交' }).waitFor()
      number = (
        (await page
          .locator('strong')
          .filter({ hasText: /^YY\d{10}$/ })
          .first()
          .textContent()) ?? ''
      ).trim()
      expect(number).toMatch(/^YY\d{10}$/)
      await screenshot(page, 'objection-portal-filed')
      // 「我的办件」 lists it
      await page.getByRole('link', { name: '查看我的办件' }).click()
      await page.locator(`[data-case="${number}"]`).getByText('已提交').waitFor()
    })
    const list = await operator('GET', '/api/v1/objections?state=submitted&pageSize=100')
    const item = (list.json.items as { id: string; number: string }[]).find((i) => i.number === number)
    expect(item, 'the case in the credit office queue').toBeTruthy()
    const caseId = item?.id as string

    // 2. the credit office accepts and forwards it in the console
    await withPage(browser(), baseUrl, 'objection-console-accept', async ({ page }) => {
      await logIn(page, operatorLogin)
      await page.goto(`/console/rights/objections/${caseId}`)
      await page.getByRole('heading', { name: `异议 ${number}` }).waitFor()
      await page.getByText('王经理 022-23456789').waitFor()
      await page
        .getByRole('button', { name: '受 理', exact: true })
        .or(page.getByRole('button', { name: '受理', exact: true }))
        .click()
      const accept = page.getByRole('dialog', { name: '受理' })
      await accept.getByRole('button', { name: '确定' }).click()
      await accept.waitFor({ state: 'hidden' })
      await page.getByRole('button', { name: '转提供单位核实' }).waitFor()
      await page.getByRole('button', { name: '转提供单位核实' }).click()
      const forward = page.getByRole('dialog', { name: '转提供单位核实' })
      await forward.getByRole('button', { name: '确定' }).click()
      await forward.waitFor({ state: 'hidden' })
      await page.locator('.ant-card-head').getByText('核实中').waitFor()
      await screenshot(page, 'objection-console-verifying')
    })

    // 3. the portal shows 「异议处理中」 on the record and on the company's file
    await withPage(browser(), baseUrl, 'objection-portal-marked', async ({ page }) => {
      await page.goto(`/records/${t.id}`)
      await page.getByText('异议处理中').first().waitFor()
      await page.goto(`/entities/${t.entity_id}`)
      await page.getByRole('heading', { level: 1, name: t.name }).waitFor()
      await page.getByText('异议处理中').first().waitFor()
      await screenshot(page, 'objection-portal-marked')
    })

    // 4. the providing department decides: corrected, with the corrected fact
    await withPage(browser(), baseUrl, 'objection-console-decide', async ({ page }) => {
      await logIn(page, providerLogin)
      await page.goto(`/console/rights/objections/${caseId}`)
      await page.getByRole('heading', { name: `异议 ${number}` }).waitFor()
      await page.getByRole('button', { name: '作出核实决定' }).click()
      const dialog = page.getByRole('dialog', { name: '作出核实决定' })
      await chooseOption(page, '核实结论', '更正（按更正后的字段生成新版本）')
      await dialog.getByLabel('核实意见与理由').fill('经核对处罚决定书原件，违法事实记载有误，予以更正。')
      await dialog.getByLabel('违法事实（CF_SY）').fill(newFacts)
      await dialog.getByRole('button', { name: '确定' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('.ant-card-head').getByText('已办结').waitFor()
      await page.getByText('第 2 版').first().waitFor()
      await screenshot(page, 'objection-console-decided')
    })

    // 5. the portal shows the new version and no mark
    await withPage(browser(), baseUrl, 'objection-portal-corrected', async ({ page }) => {
      await page.goto(`/records/${t.id}`)
      await page.getByText(newFacts).waitFor()
      expect(await page.getByText('异议处理中').count()).toBe(0)
      await screenshot(page, 'objection-portal-corrected')
    })
    const record = await fetch(`${baseUrl}/api/v1/public/records/${t.id}`)
    expect(await record.text()).toContain(newFacts)
  })
})
