// 信用核查 in the browser: a consumer department (财政局) checks a demo entity on the 失信被执行人 list in government
// procurement, sees the hit with its basis, records feedback and opens the receipt; an A-grade taxpayer with a
// serious penalty gets no reward and the result and receipt name the excluding penalty; then uploads a small CSV for
// a batch comparison and downloads the XLSX result (核查编号 HC-...); the batch repeats the answered check, so the
// feedback queue has no new to-do for it; operators see the charts.
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn, openNavItem, tableRow, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

const chooseScenario = (page: Page, label: string) => chooseOption(page, '应用场景', label)

interface ListEntry {
  recordId: string
  name: string
  uscc: string | null
}

describe('信用核查', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  /** A company on the public 失信被执行人 list now: its entry is in period, so it triggers measures. */
  let defaulter: ListEntry
  /** A company that is on no black list. */
  let clean: { name: string; uscc: string }

  beforeAll(async () => {
    const list = (await (await fetch(`${baseUrl}/api/v1/public/lists/court_defaulter?pageSize=100`)).json()) as {
      items: ListEntry[]
    }
    const company = list.items.find((i) => i.uscc)
    if (!company) throw new Error('the demo has no company on the court_defaulter list')
    defaulter = company
    const listed = new Set(list.items.map((i) => i.uscc))
    const search = (await (
      await fetch(`${baseUrl}/api/v1/public/search?q=${encodeURIComponent('有限公司')}`)
    ).json()) as {
      items: { name: string; uscc: string | null; flags: string[] }[]
    }
    // no red or black list flag: neither a punishment nor a reward in the check
    const other = search.items.find((i) => i.uscc && !listed.has(i.uscc) && i.flags.length === 0)
    if (!other?.uscc) throw new Error('no company outside the list found through the public search')
    clean = { name: other.name, uscc: other.uscc }
  })

  it('a consumer checks a listed company: 失信惩戒 with the measure, its basis and record; feedback; receipt', async () => {
    await withPage(browser(), baseUrl, 'checks-single', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '信用核查', '单个核查')
      await waitForConsolePage(page, 'checks/single', '单个核查')

      await page.getByRole('textbox', { name: '统一社会信用代码' }).fill(defaulter.uscc as string)
      await chooseScenario(page, '政府采购')
      await page.getByRole('textbox', { name: '查询用途' }).fill('政府采购供应商资格审查')
      await page.getByRole('button', { name: '核查', exact: true }).click()

      const result = page.getByTestId('check-result')
      await result.waitFor()
      expect(await result.locator('.ant-card-head').first().textContent()).toContain('失信惩戒')
      expect(await result.textContent()).toContain(defaulter.name)
      const hit = page.getByTestId('hit-punish_cd_procurement')
      await hit.waitFor()
      // department and class labels arrive with their lists, which may load after the result: wait for them
      await hit.getByText('天津市财政局').waitFor()
      await hit.getByText('失信被执行人').first().waitFor()
      const hitText = (await hit.textContent()) ?? ''
      expect(hitText).toContain('惩戒')
      expect(hitText).toContain('发改财金〔2016〕141号')
      expect(hitText).toContain('天津市财政局')
      expect(hitText).toContain('有效期至')
      // the triggering record links to the console record page
      const recordLink = hit.locator(`a[href="/console/records/${defaulter.recordId}"]`)
      expect(await recordLink.count()).toBe(1)
      expect(await recordLink.textContent()).toContain('失信被执行人')
      expect(new URL(page.url()).searchParams.get('check')).toMatch(/^[0-9a-f-]{36}$/)
      await screenshot(page, 'checks-single')

      // feedback on the hit
      await hit.getByRole('button', { name: '反馈实施情况' }).click()
      const modal = page.getByRole('dialog', { name: /反馈实施情况/ })
      await modal.waitFor()
      await modal.getByRole('radio', { name: '已实施' }).check()
      await modal.getByRole('textbox', { name: '成效' }).fill('取消其供应商资格')
      await modal.getByRole('button', { name: '提交反馈' }).click()
      await modal.waitFor({ state: 'hidden' })
      await hit.getByRole('button', { name: '更新反馈' }).waitFor()
      expect(await hit.textContent()).toContain('成效：取消其供应商资格')

      // the receipt
      await result.getByRole('link', { name: /打印回执/ }).click()
      await page.waitForURL('**/console/checks/receipts/**')
      const receipt = page.getByTestId('check-receipt')
      await receipt.waitFor()
      const receiptText = (await receipt.textContent()) ?? ''
      expect(receiptText).toContain('联合奖惩核查回执')
      expect(receiptText).toContain(defaulter.uscc as string)
      expect(receiptText).toContain('政府采购供应商资格审查')
      expect(receiptText).toContain('已实施')
      expect(await page.getByRole('button', { name: '打印' }).isEnabled()).toBe(true)
      await screenshot(page, 'checks-receipt')
      expect(problems).toEqual([])
    })
  })

  it('an A-grade taxpayer with a serious penalty: the reward is not applied, and the page names the penalty and why', async () => {
    // a company on the public 纳税信用A级 list now, and a serious penalty (吊销许可证件) the market regulator submits
    const red = (await (await fetch(`${baseUrl}/api/v1/public/lists/tax_a_grade?pageSize=100`)).json()) as {
      items: ListEntry[]
    }
    const company = red.items.find((i) => i.uscc)
    if (!company?.uscc) throw new Error('the demo has no company on the tax_a_grade list')
    const day = new Date(Date.now() + 8 * 3_600_000 - 3 * 86_400_000).toISOString().slice(0, 10)
    const documentNo = `津市监罚〔${day.slice(0, 4)}〕E2E${Date.now().toString(36).toUpperCase()}号`
    const provider = await apiSession(baseUrl, loginFor(demo, 'provider'))
    const submitted = await provider('POST', '/api/v1/batches', {
      class: 'admin_penalty',
      rows: [
        {
          CF_XDR_MC: company.name,
          CF_XDR_LB: '法人及非法人组织',
          CF_XDR_SHXYM: company.uscc,
          CF_FRDB: '王五',
          CF_WSH: documentNo,
          CF_WFXW: '未取得许可从事经营活动',
          CF_SY: '经查，当事人许可证件被依法吊销后仍从事经营活动。',
          CF_YJ: '《中华人民共和国食品安全法》',
          CF_CFLB: '吊销许可证件',
          CF_NR: '吊销食品经营许可证。',
          CF_JDRQ: day,
          CF_CFJG: '天津市市场监督管理委员会',
          CF_CFJGDM: '1112000000015929XK',
          CF_SJLY: '天津市市场监督管理委员会',
          CF_SJLYDM: '1112000000015929XK',
        },
      ],
    })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    expect(submitted.json.accepted).toBe(1)

    await withPage(browser(), baseUrl, 'checks-exclusion', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto('/console/checks/single')
      await waitForConsolePage(page, 'checks/single', '单个核查')
      await page.getByRole('textbox', { name: '统一社会信用代码' }).fill(company.uscc as string)
      await chooseScenario(page, '政府采购')
      await page.getByRole('button', { name: '核查', exact: true }).click()

      const result = page.getByTestId('check-result')
      await result.waitFor()
      expect(await page.getByTestId('hit-reward_taxa_procurement').count()).toBe(0)
      const excluded = page.getByTestId('exclusion-reward_taxa_procurement')
      await excluded.waitFor()
      // Class labels arrive with the catalog, which may load after the result: wait for them.
      await excluded.getByText('纳税信用A级').first().waitFor()
      const text = (await excluded.textContent()) ?? ''
      expect(text).toContain('政府采购中同等条件下优先')
      expect(text).toContain('不予适用')
      expect(text).toContain(documentNo)
      expect(text).toContain('严重失信记录')
      expect(text).toContain('纳税信用A级')
      await screenshot(page, 'checks-exclusion')

      await result.getByRole('link', { name: /打印回执/ }).click()
      await page.waitForURL('**/console/checks/receipts/**')
      const receipt = page.getByTestId('check-receipt')
      await receipt.waitFor()
      const receiptExcluded = receipt.getByTestId('exclusion-reward_taxa_procurement')
      await receiptExcluded.waitFor()
      expect(await receiptExcluded.textContent()).toContain(documentNo)
      expect(problems).toEqual([])
    })
  })

  it('batch check: upload a CSV, see the summary and table, download and read the XLSX', async () => {
    await withPage(browser(), baseUrl, 'checks-batch', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto('/console/checks/batch')
      await page.getByRole('heading', { name: '批量核查', level: 1 }).waitFor()
      const csv = `统一社会信用代码,主体名称\n${defaulter.uscc},${defaulter.name}\n${clean.uscc},${clean.name}\nABC123,不存在的单位\n`
      await page.locator('input[type="file"]').setInputFiles({
        name: '供应商名单.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      })
      await page.getByText('供应商名单.csv').waitFor()
      await chooseScenario(page, '政府采购')
      await page.getByRole('button', { name: '开始比对' }).click()

      const result = page.getByTestId('batch-result')
      await result.waitFor({ timeout: 30_000 })
      const figure = async (key: string) =>
        (await page.getByTestId(`batch-figure-${key}`).locator('.ant-statistic-content').textContent())?.trim()
      expect(await figure('total')).toBe('3')
      expect(await figure('checked')).toBe('2')
      expect(await figure('failed')).toBe('1')
      expect(await figure('punish')).toBe('1')
      const rows = tableRows(page.getByTestId('batch-table'))
      expect(await rows.count()).toBe(3)
      expect(await rows.nth(0).textContent()).toContain('失信惩戒')
      expect(await rows.nth(2).textContent()).toContain('无法确定核查主体')
      await screenshot(page, 'checks-batch')

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /下载结果（Excel）/ }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
      const path = await download.path()
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(path)
      const ws = wb.getWorksheet('比对结果')
      const values: unknown[][] = []
      ws?.eachRow((row) => {
        values.push((row.values as unknown[]).slice(1))
      })
      const header = values[0] as string[]
      const col = (name: string) => header.indexOf(name)
      expect(values).toHaveLength(4)
      expect(values[1]?.[col('输入代码')]).toBe(defaulter.uscc)
      expect(values[1]?.[col('匹配主体')]).toBe(defaulter.name)
      expect(values[1]?.[col('核查结果')]).toBe('失信惩戒')
      expect(String(values[1]?.[col('命中措施')])).toContain('punish_cd_procurement')
      expect(String(values[1]?.[col('核查编号')])).toMatch(/^HC-\d{8}-\d{6}$/)
      expect(String(values[1]?.[col('核查记录 ID')])).toMatch(/^[0-9a-f-]{36}$/)
      expect(values[2]?.[col('输入代码')]).toBe(clean.uscc)
      expect(values[3]?.[col('核查结果')]).toBe('核查失败')
      expect(String(values[3]?.[col('错误说明')])).toContain('无法确定核查主体')

      // the batch's check repeats the single check of the same company and scenario answered minutes before: one
      // feedback to-do, already answered, so the queue does not list it again
      const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/checks/feedback/pending'))
      await page.goto('/console/checks/feedback')
      await page.getByRole('heading', { name: '反馈待办', level: 1 }).waitFor()
      await loaded
      await page.locator('.ant-table-wrapper .ant-spin-spinning').waitFor({ state: 'detached' })
      expect(await tableRow(page, defaulter.name).filter({ hasText: '限制参与政府采购活动' }).count()).toBe(0)
      expect(problems).toEqual([])
    })
  })

  it('operators see the check statistics by scenario and department', async () => {
    await withPage(browser(), baseUrl, 'checks-stats', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await page.goto('/console/stats/checks')
      await page.getByRole('heading', { name: '核查统计', level: 1 }).waitFor()
      const checks = page.getByTestId('stats-checks').locator('.ant-statistic-content')
      await checks.waitFor()
      expect(Number((await checks.textContent())?.replace(/,/g, ''))).toBeGreaterThanOrEqual(3)
      const scenario = page.getByTestId('stats-by-scenario').locator('tr').filter({ hasText: '政府采购' })
      await scenario.waitFor()
      const dept = page.getByTestId('stats-by-dept').locator('tr').filter({ hasText: '天津市财政局' })
      await dept.waitFor()
      await page.locator('canvas').first().waitFor()
      await screenshot(page, 'checks-stats')
      expect(problems).toEqual([])
    })
  })
})
