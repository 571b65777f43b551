// 待匹配主体 in the browser: the court submits defaulters named only by their names; one is a registered company
// written slightly differently, one is new. The operator finds both in the queue, matches the first to the candidate
// found by its name fragment, registers the second, and the records show that they were re-submitted from the queue.
import { describe, expect, inject, it } from 'vitest'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, logIn, openNavItem, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

/** The civil date in Shanghai today. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

function defaulter(caseNo: string, name: string): Record<string, string> {
  return {
    case_no: caseNo,
    subject_name: name,
    subject_category: '法人及非法人组织',
    legal_rep: '周七',
    court: '天津市和平区人民法院',
    basis_doc_no: '（2025）津0101民初88号',
    basis_issuer: '天津市和平区人民法院',
    obligation: '支付货款人民币8000元。',
    performance: '全部未履行',
    conduct: '有履行能力而拒不履行生效法律文书确定义务',
    filed_on: '2026-01-10',
    published_on: today(),
  }
}

async function post(baseUrl: string, path: string, key: string, body: unknown) {
  const r = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: r.status, json: (await r.json()) as Record<string, unknown> }
}

describe('console: 待匹配主体', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('operator matches a subject to the candidate found by its name, and registers another', async () => {
    const run = Date.now().toString(36).toUpperCase()
    const uscc = generateUscc(createRng(Date.now() % 1_000_000), { dept: '9', category: '1', region: '120101' })
    const registered = `天津市浏览器${run}测试科技有限公司`
    const written = `天津浏览器${run}测试科技有限公司`
    const fresh = `天津市浏览器${run}新设有限公司`

    // the market regulator's penalty registers the company; the court names it without 市 and names a new one
    const provider = await apiSession(baseUrl, loginFor(demo, 'provider'))
    const penalty = await provider('POST', '/api/v1/batches', {
      class: 'admin_penalty',
      rows: [
        {
          CF_XDR_MC: registered,
          CF_XDR_LB: '法人及非法人组织',
          CF_XDR_SHXYM: uscc,
          CF_FRDB: '周七',
          CF_WSH: `津市监罚〔2026〕${run}号`,
          CF_WFXW: '销售不合格产品',
          CF_SY: '经查，当事人销售不合格产品。',
          CF_YJ: '《中华人民共和国产品质量法》第四十九条',
          CF_CFLB: '警告',
          CF_NR: '警告。',
          CF_JDRQ: today(),
          CF_CFJG: '天津市市场监督管理委员会',
          CF_CFJGDM: '1112000000015929XK',
          CF_SJLY: '天津市市场监督管理委员会',
          CF_SJLYDM: '1112000000015929XK',
        },
      ],
    })
    expect(penalty.json.accepted, JSON.stringify(penalty.json)).toBe(1)
    const operatorApi = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const key = await operatorApi('POST', '/api/v1/keys', { role: 'provider', dept: 'tj-fy', name: `浏览器测试${run}` })
    expect(key.status, JSON.stringify(key.json)).toBe(201)
    const court = await post(baseUrl, '/api/v1/batches', key.json.key as string, {
      class: 'court_defaulter',
      rows: [defaulter(`（2026）津0101执${run}1号`, written), defaulter(`（2026）津0101执${run}2号`, fresh)],
    })
    expect(court.json, JSON.stringify(court.json)).toMatchObject({ total: 2, rejected: 2 })

    await withPage(browser(), baseUrl, 'unmatched', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '主体管理', '待匹配主体')
      await waitForConsolePage(page, 'entities/unmatched', '待匹配主体')
      await page.getByLabel('名称或代码').fill(run)
      await page.getByLabel('名称或代码').press('Enter')
      const rows = tableRows(page)
      const first = rows.filter({ hasText: written })
      await first.waitFor()
      await first.getByText('名称未找到主体').waitFor()
      await first.getByText('待归集 1 行').waitFor()
      await rows.filter({ hasText: fresh }).waitFor()
      expect(await rows.count()).toBe(2)
      await screenshot(page, 'unmatched-queue')

      // the drawer: the reason, the row, and the registered company as a candidate by name fragment
      await first.getByText('处理', { exact: true }).click()
      const drawer = page.getByRole('dialog').filter({ hasText: `待匹配主体：${written}` })
      await drawer.waitFor()
      await drawer.getByText(`没有名称为「${written}」的已登记主体`).waitFor()
      await drawer.getByText(`津0101执${run}1号`).waitFor()
      const candidate = tableRows(drawer.locator('section[aria-labelledby="unmatched-candidates"]')).filter({
        hasText: registered,
      })
      await candidate.waitFor()
      await candidate.getByText('名称相近').waitFor()
      await candidate.getByText(uscc).waitFor()
      await screenshot(page, 'unmatched-drawer')

      await candidate.getByRole('button', { name: '匹配到此主体' }).click()
      const confirm = page.getByRole('dialog', { name: '匹配主体', exact: true })
      await confirm.waitFor()
      await confirm.getByText(`归入「${registered}」（${uscc}）`).waitFor()
      await confirm.getByLabel('核实情况').fill('经与执行法院核实，为同一企业（名称少写「市」）。')
      await confirm.getByRole('button', { name: '确认匹配' }).click()
      await page.getByText(`已匹配到「${registered}」：重新归集 1 行，新增记录 1 条。`).waitFor()
      await drawer.getByText(`已匹配：「${registered}」（${uscc}）`).waitFor()
      await drawer.getByText('已归集：新增记录').waitFor()
      await screenshot(page, 'unmatched-matched')

      // the record: submitted by the court in its batch and row, re-submitted from the queue
      await drawer.getByRole('link', { name: '查看记录' }).click()
      await page.waitForURL('**/console/records/**')
      await page.getByText('经运维人员匹配后代为重新提交').waitFor()
      await screenshot(page, 'unmatched-record')

      // the new company: registered from the row's data
      // back to the queue (its drawer open on the matched entry, as the address says): close it
      await page.goBack()
      await drawer.getByText(`已匹配：「${registered}」（${uscc}）`).waitFor()
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })
      await page.getByLabel('名称或代码').fill(run)
      await page.getByLabel('名称或代码').press('Enter')
      const second = tableRows(page).filter({ hasText: fresh })
      await second.waitFor()
      expect(await tableRows(page).count()).toBe(1)
      await second.getByText('处理', { exact: true }).click()
      const drawer2 = page.getByRole('dialog').filter({ hasText: `待匹配主体：${fresh}` })
      await drawer2.waitFor()
      await drawer2.getByRole('button', { name: '登记为新主体' }).click()
      const register = page.getByRole('dialog', { name: '登记为新主体', exact: true })
      await register.waitFor()
      expect(await register.getByLabel('主体名称').inputValue()).toBe(fresh)
      expect(await register.getByLabel('法定代表人').inputValue()).toBe('周七')
      await register.getByLabel('所属区县（6 位行政区划代码）').fill('120101')
      await register.getByLabel('核实情况').fill('经核实为新设立企业，尚未登记。')
      await register.getByRole('button', { name: '登记并归集' }).click()
      await page.getByText(`已登记为新主体「${fresh}」：重新归集 1 行，新增记录 1 条。`).waitFor()
      await drawer2.getByText(`已登记新主体：「${fresh}」`).waitFor()
      await page.keyboard.press('Escape')
      await page.getByText('没有符合条件的项。').waitFor()
      await screenshot(page, 'unmatched-done')
      expect(problems).toEqual([])
    })
  })
})
