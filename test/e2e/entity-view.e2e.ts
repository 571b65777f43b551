// 一户一档 in the console (issue 18, item 3): a consumer department finds a company by a 2-character fragment of its
// name (the portal's search) and by its codes, opens its government file - registration data with labels for codes
// (行业门类 by name), records by category with their scope, commitments, checks, the grade, the history - and follows
// a record to the console record page; a natural person is found by ID number with a stated purpose, which opens the
// authorised section (audited); a file opened without a purpose offers to state one.
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { industryLabels } from '../../web/shared/labels.js'
import { phone, screenshot, useBrowser, withPage } from './browser.js'
import { logIn, openNavItem, tableRow, tableRows, waitForConsolePage } from './console.js'
import { type DemoLogin, loginFor } from './context.js'

interface Company {
  id: string
  name: string
  uscc: string
  orgCode: string | null
  industry: string
  records: number
}

/** A logged-in fetch (cookie and CSRF token) that may state a purpose. */
async function session(baseUrl: string, login: DemoLogin) {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  })
  if (r.status !== 200) throw new Error(`login ${login.username}: ${r.status}`)
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] as string
  return async (path: string, purpose?: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      headers: { cookie, ...(purpose ? { 'x-purpose': encodeURIComponent(purpose) } : {}) },
    })
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
}

/** Two characters of the name that are not the common 天津/有限/公司 (a fragment a user would type). */
function fragmentOf(name: string): string {
  const chars = [...name]
  for (let i = 2; i + 2 <= chars.length; i++) {
    const f = chars.slice(i, i + 2).join('')
    if (!/天津|有限|公司|责任|市|区|\(|\)|（|）/.test(f)) return f
  }
  return chars.slice(2, 4).join('')
}

describe('console: 一户一档', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  let company: Company
  let person: { id: string; name: string; idNumber: string }

  beforeAll(async () => {
    const consumer = await session(baseUrl, loginFor(demo, 'consumer'))
    // a company with an industry and public records
    const search = (await (
      await fetch(`${baseUrl}/api/v1/public/search?q=${encodeURIComponent('有限')}&pageSize=50`)
    ).json()) as {
      items: { id: string; kind: string; uscc: string | null }[]
    }
    for (const hit of search.items.filter((i) => i.kind === 'legal_person' && i.uscc)) {
      const e = (await consumer(`/api/v1/entities/${hit.id}`)) as {
        name: string
        industry: string | null
        identifiers: { scheme: string; value: string }[]
      }
      const file = (await (await fetch(`${baseUrl}/api/v1/public/entities/${hit.id}`)).json()) as {
        totalRecords: number
      }
      if (!e.industry || file.totalRecords === 0) continue
      company = {
        id: hit.id,
        name: e.name,
        uscc: hit.uscc as string,
        orgCode: e.identifiers.find((i) => i.scheme === 'org_code')?.value ?? null,
        industry: e.industry,
        records: file.totalRecords,
      }
      break
    }
    if (!company) throw new Error('no demo company with an industry and public records')
    // the demo's person account: its ID number, as an operator reads it (with a purpose)
    const subject = await session(baseUrl, demo.logins.find((l) => l.username === 'subject.person') as DemoLogin)
    const me = (await subject('/api/v1/me')) as { entity: { id: string; name: string } }
    const operator = await session(baseUrl, loginFor(demo, 'operator'))
    const revealed = (await operator(`/api/v1/entities/${me.entity.id}/id-number`, '浏览器测试核对自然人身份')) as {
      idNumber: string
    }
    person = { id: me.entity.id, name: me.entity.name, idNumber: revealed.idNumber }
  })

  it('a consumer finds a company by a 2-character fragment and by its codes, and reads its file', async () => {
    const fragment = fragmentOf(company.name)
    await withPage(browser(), baseUrl, 'entity-view', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '主体管理', '主体查询')
      await waitForConsolePage(page, 'entities/lookup', '主体查询')

      // a 2-character fragment of the name: the portal's search, the fragment highlighted
      await page.getByRole('textbox', { name: '名称或代码' }).fill(fragment)
      await page.getByRole('button', { name: '查询', exact: true }).click()
      const row = tableRow(page, company.name)
      await row.waitFor()
      expect(await row.locator('mark').first().textContent()).toBe(fragment)
      expect(await row.textContent()).toContain(company.uscc)
      await screenshot(page, 'entity-view-search-1366')

      // by USCC, and by the organisation code inside it: exactly this company
      for (const code of [company.uscc, company.orgCode].filter((c): c is string => Boolean(c))) {
        await page.getByRole('textbox', { name: '名称或代码' }).fill(code)
        await page.getByRole('button', { name: '查询', exact: true }).click()
        await page.waitForURL((url) => url.searchParams.get('q') === code)
        await tableRow(page, company.uscc).waitFor()
        expect(await tableRows(page).count()).toBe(1)
      }

      // the file
      await tableRow(page, company.uscc).getByRole('link', { name: company.name }).click()
      await page.waitForURL(`**/console/entities/${company.id}`)
      await page.getByRole('heading', { level: 1, name: company.name }).waitFor()
      const basic = page.locator('.ant-descriptions').first()
      await basic.waitFor()
      const industry = basic.locator('th', { hasText: '行业门类' }).locator('xpath=following-sibling::td[1]')
      expect(await industry.textContent()).toBe(`${industryLabels[company.industry]}（${company.industry}）`)
      expect(await basic.textContent()).toContain(company.uscc)
      // every section a consumer may see: records, lists, marks, commitments, its department's checks, grade, history
      const tabs = (await page.getByRole('tab').allTextContents()).map((t) => t.replace(/\s*\(\d+\)$/, ''))
      expect(tabs).toEqual(['信用记录', '授权查询', '名单', '异议标注', '信用承诺', '核查记录', '信用评价', '变更历史'])
      const recordsTab = page.getByRole('tab', { name: /^信用记录/ })
      expect(Number((await recordsTab.textContent())?.match(/\((\d+)\)/)?.[1])).toBeGreaterThanOrEqual(company.records)
      const panel = page.getByRole('tabpanel')
      await panel.getByText(/社会公开 \d+ 条，政务共享 \d+ 条/).waitFor()
      expect(await panel.locator('.ant-tag', { hasText: '社会公开' }).count()).toBeGreaterThan(0)
      await screenshot(page, 'entity-view-file-1366')

      // the grade, then a record in the console record page
      await page.getByRole('tab', { name: '信用评价' }).click()
      await page.getByRole('tabpanel').getByText('评价等级').waitFor()
      await page.getByRole('tab', { name: /^信用记录/ }).click()
      // the records panel itself (the grade panel, with record links of its own, may still be leaving)
      const records = page.getByRole('tabpanel', { name: /^信用记录/ })
      await records.getByText(/社会公开 \d+ 条，政务共享 \d+ 条/).waitFor()
      const first = records.locator('.ant-table-row').first()
      const documentNo = ((await first.locator('td').nth(1).textContent()) ?? '').trim()
      await first.locator('td').nth(1).getByRole('link').click()
      await page.waitForURL('**/console/records/**')
      // the record page's title names the record by its class and document number
      await page.getByRole('heading', { level: 1 }).filter({ hasText: documentNo }).waitFor()
      expect(problems).toEqual([])
    })
  })

  it('a natural person by ID number with a purpose: the authorised section is open; without one it asks', async () => {
    await withPage(browser(), baseUrl, 'entity-view-person', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto('/console/entities/lookup')
      await page.getByRole('heading', { level: 1, name: '主体查询' }).waitFor()
      await page.locator('.ant-radio-button-wrapper', { hasText: '身份证件号码' }).click()
      await page.getByRole('textbox', { name: '身份证件号码' }).fill(person.idNumber)
      // no purpose: the form refuses before anything is looked up
      await page.getByRole('button', { name: '查询', exact: true }).click()
      await page.getByText('按身份证件号码查询须说明用途（记入审计日志）。').waitFor()
      await page.getByRole('textbox', { name: '查询用途' }).fill('公职人员录用信用审查')
      await page.getByRole('button', { name: '查询', exact: true }).click()
      await page.waitForURL(`**/console/entities/${person.id}`)
      await page.getByRole('heading', { level: 1, name: person.name }).waitFor()
      // the ID number masked in the file; the purpose opened the authorised section
      expect(await page.locator('.ant-descriptions').first().textContent()).not.toContain(person.idNumber)
      await page.getByRole('tab', { name: /^授权查询/ }).click()
      await page
        .getByRole('tabpanel')
        .getByText(/查询用途：公职人员录用信用审查。/)
        .waitFor()
      await screenshot(page, 'entity-view-person-1366')

      // opened again without a purpose: the section asks for one, and stating it opens the section
      await page.goto(`/console/entities/${person.id}?tab=authorized`)
      const panel = page.getByRole('tabpanel')
      await panel.getByText('授权查询范围的信用记录须说明查询用途后查看').waitFor()
      await panel.getByRole('textbox', { name: '查询用途' }).fill('公职人员录用信用审查')
      await panel.getByRole('button', { name: '说明用途并查看' }).click()
      await panel.getByText(/查询用途：公职人员录用信用审查。/).waitFor()
      expect(problems).toEqual([])
    })
  })

  it('the file at phone width', async () => {
    await withPage(browser(), baseUrl, { name: 'entity-view-390', viewport: phone }, async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto(`/console/entities/lookup?q=${encodeURIComponent(fragmentOf(company.name))}`)
      await tableRow(page, company.name).waitFor()
      await screenshot(page, 'entity-view-search-390')
      await page.goto(`/console/entities/${company.id}`)
      await page.getByRole('heading', { level: 1, name: company.name }).waitFor()
      await page.getByRole('tab', { name: /^信用记录/ }).waitFor()
      // nothing wider than the screen but the tables' own scrolling: the page, and the registration card
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      const card = page.locator('.ant-card').first()
      expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1)
      await screenshot(page, 'entity-view-file-390')
      expect(problems).toEqual([])
    })
  })
})
