// 上传与信用记录 in the browser: a provider uploads a 行政处罚 CSV with one bad row and without the 处罚机关/数据来源单位
// columns (its department fills them), sees the first rows' problems inline with a link to all, opens the records the
// batch stored (each with its public page), searches them in 信用记录, corrects one and withdraws one with a reason,
// and opens the corrected one with its history (never another department's record); an operator and the listing
// department each end a 重点关注名单 entry early (移出).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn, openNavItem, tableRow, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

function shanghaiDate(daysAgo: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() - daysAgo * 86_400_000),
  )
}

/** Two valid rows and one whose 处罚决定日期 is not a date; no 处罚机关/数据来源单位 columns at all. */
function penaltyCsv(name: string, uscc: string, run: string): string {
  const headers = [
    '行政相对人名称',
    '行政相对人类别',
    '统一社会信用代码',
    '法定代表人',
    '行政处罚决定书文号',
    '违法行为类型',
    '违法事实',
    '处罚依据',
    '处罚类别',
    '处罚内容',
    '罚款金额',
    '处罚决定日期',
  ]
  const row = (n: number, decided: string) => [
    name,
    '法人及非法人组织',
    uscc,
    '张三',
    `津市监罚〔2026〕REC-${run}-${n}号`,
    '销售不合格产品',
    '经查，当事人销售不合格产品。',
    '《中华人民共和国产品质量法》第四十九条',
    '罚款',
    '罚款人民币2万元。',
    '2',
    decided,
  ]
  return `${[headers, row(1, shanghaiDate(2)), row(2, shanghaiDate(3)), row(3, '2026-13-45')].map((r) => r.join(',')).join('\r\n')}\r\n`
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByPlaceholder('名称、统一社会信用代码或文书号').fill(text)
  await page.getByRole('button', { name: '查询', exact: true }).click()
}

describe('上传与信用记录', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  let dir: string
  const run = String(Date.now()).slice(-7)
  const company = `天津市记录测试${run}贸易有限公司`
  const rng = createRng(Date.now() % 2_147_483_647)
  const uscc = generateUscc(rng, { dept: '9', category: '1', region: '120116' })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gongxin-e2e-records-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it("provider: upload with one bad row, inline problems, the batch's records, correct one and withdraw one", async () => {
    const provider = loginFor(demo, 'provider')
    await withPage(browser(), baseUrl, 'records-console-provider', async ({ page, problems }) => {
      await logIn(page, provider)
      const depts = (await (await page.request.get('/api/v1/departments')).json()) as {
        items: { code: string; name: string; uscc: string }[]
      }
      const dept = depts.items.find((d) => d.code === provider.dept)
      if (!dept) throw new Error(`department ${provider.dept} of the demo provider is missing`)
      const fileName = `记录-${run}.csv`
      const file = join(dir, fileName)
      await writeFile(file, `\uFEFF${penaltyCsv(company, uscc, run)}`, 'utf8')

      await openNavItem(page, '数据归集', '上传数据')
      await waitForConsolePage(page, 'ingest/upload', '上传数据')
      await chooseOption(page, '信息类别', '行政处罚信息', '行政处罚')
      await page.getByText(/处罚机关.*留空时按本部门的名称和统一社会信用代码填写/).waitFor()
      await page.locator('input[type="file"]').setInputFiles(file)
      await page.getByText(fileName).waitFor()
      await page.getByRole('button', { name: '上传', exact: true }).click()
      const result = page.getByTestId('upload-result')
      await result.waitFor({ timeout: 30_000 })
      expect(await result.textContent()).toContain('共 3 行，接收 2 行，拒收 1 行')

      // the first rows' problems, inline, and the way to all of them
      const inline = page.getByTestId('upload-issues')
      await inline.getByText(/「处罚决定日期」/).waitFor()
      expect(await inline.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1)
      expect((await inline.locator('td').first().textContent())?.trim()).toBe('4')
      const all = inline.getByRole('link', { name: '查看全部错误与警告' })
      expect(await all.getAttribute('href')).toMatch(/^\/console\/ingest\/batches\?batch=[0-9a-f-]{36}$/)
      await screenshot(page, 'records-upload-inline-errors')

      // the records the batch stored, each with its public page
      await page.getByRole('link', { name: '查看本批次入库的记录' }).click()
      await page.waitForURL(/\/console\/ingest\/records\?batch=[0-9a-f-]{36}$/)
      await page.getByRole('heading', { name: '信用记录', level: 1 }).waitFor()
      await page.getByText(/仅显示批次/).waitFor()
      await tableRow(page, `REC-${run}-1号`).waitFor()
      expect(await tableRows(page).count()).toBe(2)
      const publicLink = tableRow(page, `REC-${run}-1号`).getByRole('link', { name: '公示页' })
      expect(await publicLink.getAttribute('href')).toMatch(/^\/records\/[0-9a-f-]{36}$/)
      // the department's name filled 处罚机关 and 数据来源单位
      const stored = (await (
        await page.request.get(`/api/v1/records?entity=${encodeURIComponent(company)}`)
      ).json()) as {
        items: { id: string; documentNo: string; authority: string; version: number; state: string }[]
      }
      expect(stored.items.map((i) => i.authority)).toEqual([dept.name, dept.name])
      await screenshot(page, 'records-batch-records')

      // search, then correct one record
      await page.getByRole('button', { name: '显示全部' }).click()
      await search(page, company)
      await tableRow(page, `REC-${run}-2号`).waitFor()
      expect(await tableRows(page).count()).toBe(2)
      await tableRow(page, `REC-${run}-1号`).getByRole('button', { name: '更正' }).click()
      const correct = page.getByRole('dialog').filter({ hasText: '更正记录' })
      await correct.waitFor()
      await chooseOption(page, '更正字段', '处罚内容', '处罚内容')
      await correct.getByLabel('更正后的值').fill('罚款人民币3万元。')
      await correct.getByLabel('更正原因').fill('处罚内容录入错误')
      await correct.getByRole('button', { name: '提交更正' }).click()
      await page.getByText('记录已更正').waitFor()
      await correct.waitFor({ state: 'hidden' })

      // withdraw the other with a reason
      await tableRow(page, `REC-${run}-2号`).getByRole('button', { name: '撤销' }).click()
      const revoke = page.getByRole('dialog').filter({ hasText: '撤销记录' })
      await revoke.getByLabel('撤销原因').fill('处罚决定已被复议撤销')
      await revoke.getByRole('button', { name: '撤销记录' }).click()
      await page.getByText('记录已撤销').waitFor()
      await tableRow(page, `REC-${run}-2号`).getByText('已撤销').waitFor()
      await screenshot(page, 'records-search-corrected')

      const after = (await (
        await page.request.get(`/api/v1/records?entity=${encodeURIComponent(company)}`)
      ).json()) as {
        items: { id: string; documentNo: string; version: number; state: string }[]
      }
      expect(after.items.map((i) => [i.documentNo, i.version, i.state]).sort()).toEqual([
        [`津市监罚〔2026〕REC-${run}-1号`, 2, 'active'],
        [`津市监罚〔2026〕REC-${run}-2号`, 2, 'revoked'],
      ])

      // the provider opens its corrected record from the list: the record and its history
      const corrected = after.items.find((i) => i.documentNo.endsWith(`REC-${run}-1号`))
      await tableRow(page, `REC-${run}-1号`).getByRole('link', { name: '详情' }).click()
      await page.waitForURL(`**/console/records/${corrected?.id}`)
      await page.getByRole('heading', { name: `行政处罚信息 津市监罚〔2026〕REC-${run}-1号`, level: 1 }).waitFor()
      const versions = page.locator('.ant-card').filter({ hasText: '版本记录' })
      await versions.getByText('第 2 版 · 更正').waitFor()
      await versions.getByText('原因：处罚内容录入错误').waitFor()
      await versions.getByText('变更：处罚内容：罚款人民币2万元。 → 罚款人民币3万元。').waitFor()
      await versions.getByText('第 1 版 · 新增').waitFor()
      expect(await page.getByText('罚款人民币3万元。', { exact: true }).count()).toBe(1)
      await screenshot(page, 'records-provider-record')
      expect(problems).toEqual([])
    })
  })

  it("provider: another department's record does not open, neither in the console nor through the API", async () => {
    const provider = loginFor(demo, 'provider')
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const all = await operator('GET', '/api/v1/records?pageSize=100')
    const other = (all.json.items as { id: string; provider: string }[]).find((i) => i.provider !== provider.dept)
    if (!other) throw new Error("the demo has no record of another department than the provider's")
    await withPage(browser(), baseUrl, 'records-console-provider-other', async ({ page }) => {
      await logIn(page, provider)
      const api = await page.request.get(`/api/v1/records/${other.id}`)
      expect(api.status()).toBe(404)
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('record.not_found')
      await page.goto(`${baseUrl}/console/records/${other.id}`)
      await page.getByText('无法显示该记录').waitFor()
      await page.getByText('未找到该信用记录，请核对记录编号。').waitFor()
    })
  })

  it('an operator and the listing department end 重点关注名单 entries early (移出)', async () => {
    const provider = loginFor(demo, 'provider')
    const call = await apiSession(baseUrl, provider)
    const entry = (n: number) => ({
      subject_name: company,
      uscc,
      reason: '多次违法经营',
      basis: '《天津市社会信用条例》',
      document_no: `津市监关注〔2026〕REC-${run}-${n}号`,
      decision_date: shanghaiDate(5),
    })
    const listed = await call('POST', '/api/v1/batches', { class: 'focus_list', rows: [entry(1), entry(2)] })
    expect(listed.json).toMatchObject({ accepted: 2 })

    const removeEarly = async (page: Page, n: number) => {
      await search(page, `津市监关注〔2026〕REC-${run}-${n}号`)
      const row = tableRow(page, `REC-${run}-${n}号`)
      await row
        .locator('.ant-tag')
        .filter({ hasText: /^重点关注名单$/ })
        .waitFor()
      await row.getByRole('button', { name: '移出' }).click()
      const dialog = page.getByRole('dialog').filter({ hasText: '提前移出名单' })
      await dialog.getByLabel('移出原因').fill('已纠正失信行为并作出信用承诺')
      await dialog.getByRole('button', { name: '移出', exact: true }).click()
      await page.getByText('已移出名单').waitFor()
      await row.locator('.ant-tag').filter({ hasText: '重点关注名单（已移出）' }).waitFor()
      expect(await row.getByRole('button', { name: '移出' }).count()).toBe(0)
    }

    await withPage(browser(), baseUrl, 'records-console-operator', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '数据归集', '信用记录')
      await waitForConsolePage(page, 'ingest/records', '信用记录')
      await removeEarly(page, 1)
      await screenshot(page, 'records-list-exit-operator')
      expect(problems).toEqual([])
    })
    await withPage(browser(), baseUrl, 'records-console-dept', async ({ page, problems }) => {
      await logIn(page, provider)
      await openNavItem(page, '数据归集', '信用记录')
      await waitForConsolePage(page, 'ingest/records', '信用记录')
      await removeEarly(page, 2)
      expect(problems).toEqual([])
    })
    const yesterday = shanghaiDate(1)
    const found = await call('GET', `/api/v1/records?entity=${encodeURIComponent(company)}&class=focus_list`)
    expect((found.json.items as { list: { until: string; inForce: boolean } }[]).map((i) => i.list)).toEqual([
      { kind: 'focus', until: yesterday, inForce: false },
      { kind: 'focus', until: yesterday, inForce: false },
    ])
  })
})
