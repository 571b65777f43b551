// 数据归集 in the browser: a provider uploads a small 行政处罚 CSV (2 valid rows, 1 with a bad date),
// sees 接收 2 / 拒收 1, then finds the batch in 批次记录 with its error detail.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { cellsOf, chooseOption, clickNavLink, logIn, openNavItem, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

/** Waits until the element stops moving (a drawer's opening animation), so screenshots show it in place. */
async function settled(locator: Locator): Promise<void> {
  let last = ''
  for (let i = 0; i < 40; i++) {
    const box = JSON.stringify(await locator.boundingBox())
    if (box === last) return
    last = box
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A civil date in Asia/Shanghai, `daysAgo` days before today. */
function shanghaiDate(daysAgo: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() - daysAgo * 86_400_000),
  )
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** National CF_ headers; 2 valid rows and a third whose 处罚决定日期 is not a date. `run` makes names unique. */
function penaltyCsv(deptName: string, deptUscc: string, subjectUscc: string, run: string): string {
  const headers = [
    'CF_XDR_MC',
    'CF_XDR_LB',
    'CF_XDR_SHXYM',
    'CF_FRDB',
    'CF_WSH',
    'CF_WFXW',
    'CF_SY',
    'CF_YJ',
    'CF_CFLB',
    'CF_NR',
    'CF_NR_FK',
    'CF_JDRQ',
    'CF_CFJG',
    'CF_CFJGDM',
    'CF_SJLY',
    'CF_SJLYDM',
  ]
  const row = (n: number, decided: string) => [
    `天津市浏览器测试${run}贸易有限公司`,
    '法人及非法人组织',
    subjectUscc,
    '张三',
    `津市监罚〔2026〕E2E-${run}-${n}号`,
    '销售不合格产品',
    '经查，当事人销售不合格产品。',
    '《中华人民共和国产品质量法》第四十九条',
    '罚款',
    '罚款人民币2万元。',
    '2',
    decided,
    deptName,
    deptUscc,
    deptName,
    deptUscc,
  ]
  const rows = [headers, row(1, shanghaiDate(2)), row(2, shanghaiDate(3)), row(3, '2026-13-45')]
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

describe('数据归集', () => {
  const browser = useBrowser()
  let dir: string
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const dbPath = inject('dbPath')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gongxin-e2e-upload-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('provider uploads a 行政处罚 CSV: 接收 2, 拒收 1; the batch is listed with its error', async () => {
    const provider = loginFor(demo, 'provider')
    await withPage(browser(), baseUrl, 'collection-upload', async ({ page, problems }) => {
      await logIn(page, provider)

      // The provider's department (its USCC goes into 处罚机关 and 数据来源单位).
      const deptsResponse = await page.request.get('/api/v1/departments')
      expect(deptsResponse.status()).toBe(200)
      const depts = (await deptsResponse.json()) as { items: { code: string; name: string; uscc: string }[] }
      const dept = depts.items.find((d) => d.code === provider.dept)
      if (!dept) throw new Error(`department ${provider.dept} of the demo provider is missing`)
      // Unique per run (a server kept between runs already knows earlier subjects and documents).
      const run = String(Date.now()).slice(-7)
      const subject = generateUscc(createRng(Date.now() % 2_147_483_647), {
        dept: '9',
        category: '1',
        region: '120116',
      })
      const fileName = `行政处罚-${run}.csv`
      const file = join(dir, fileName)
      await writeFile(file, `\uFEFF${penaltyCsv(dept.name, dept.uscc, subject, run)}`, 'utf8')

      // 数据归集 -> 上传数据
      await openNavItem(page, '数据归集', '上传数据')
      await waitForConsolePage(page, 'ingest/upload', '上传数据')

      // Choose 行政处罚信息 by typing part of its name.
      await chooseOption(page, '信息类别', '行政处罚信息', '行政处罚')
      // The guide shows the class and the template links.
      await page
        .locator('code')
        .filter({ hasText: /^admin_penalty$/ })
        .waitFor()
      const template = page.getByRole('link', { name: '下载模板（CSV）' })
      expect(await template.getAttribute('href')).toBe('/api/v1/batches/templates/admin_penalty?format=csv')
      const templateResponse = await page.request.get('/api/v1/batches/templates/admin_penalty?format=csv')
      expect(templateResponse.status()).toBe(200)
      expect(await templateResponse.text()).toContain('行政处罚决定书文号')

      // The file, then 上传 (not a dry run).
      await page.locator('input[type="file"]').setInputFiles(file)
      await page.getByText(fileName).waitFor()
      expect(await page.getByRole('switch').isChecked()).toBe(false)
      await page.getByRole('button', { name: '上传', exact: true }).click()

      const result = page.getByTestId('upload-result')
      await result.waitFor({ timeout: 30_000 })
      expect(await result.textContent()).toContain('共 3 行，接收 2 行，拒收 1 行')
      const figure = async (key: string) =>
        (await page.getByTestId(`batch-count-${key}`).locator('.ant-statistic-content').textContent())?.trim()
      expect(await figure('total')).toBe('3')
      expect(await figure('accepted')).toBe('2')
      expect(await figure('rejected')).toBe('1')
      expect(await figure('duplicates')).toBe('0')
      const report = page.getByRole('link', { name: '下载错误报告（CSV）' })
      const reportHref = await report.getAttribute('href')
      expect(reportHref).toMatch(/^\/api\/v1\/batches\/[0-9a-f-]{36}\/errors\?format=csv$/)
      const reportText = await (await page.request.get(reportHref as string)).text()
      expect(reportText).toContain('date_format')
      expect(reportText).toContain('2026-13-45')
      await screenshot(page, 'collection-upload')

      // 批次记录: the newest batch is ours, with the same counts.
      await clickNavLink(page, '批次记录')
      await waitForConsolePage(page, 'ingest/batches', '批次记录')
      const row = tableRow(page, fileName)
      await row.waitFor()
      const cells = await cellsOf(row)
      // 上传时间, 信息类别, 文件, 状态, 共, 接收, 拒收, 重复, 更正, 超期, 操作 (providers see no 报送部门 column)
      expect(cells[1]).toBe('行政处罚信息')
      expect(cells[2]).toBe(fileName)
      expect(cells[3]).toBe('已完成')
      expect(cells.slice(4, 8)).toEqual(['3', '2', '1', '0'])

      // The table has stopped loading and its fade-in has finished.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.ant-table-wrapper .ant-spin-container')].every(
          (e) => getComputedStyle(e).opacity === '1' && !e.parentElement?.classList.contains('ant-spin-spinning'),
        ),
      )
      await screenshot(page, 'collection-batches')

      // 详情: the drawer lists the rejected row with its Chinese message.
      await row.getByRole('button', { name: '详情' }).click()
      const drawer = page.getByRole('dialog').filter({ hasText: '批次详情' })
      await drawer.waitFor()
      await settled(drawer)
      await drawer.getByText(/「处罚决定日期」/).waitFor()
      expect(await drawer.getByText(fileName).count()).toBeGreaterThan(0)
      expect(await drawer.getByRole('button', { name: '撤销批次' }).isEnabled()).toBe(true)
      await screenshot(page, 'collection-batch-detail')

      // A batch whose process is gone (a server killed mid-import) shows as 已中断, with how to resume it.
      if (dbPath) {
        await page.keyboard.press('Escape')
        await drawer.waitFor({ state: 'hidden' })
        const gone = spawnSync(process.execPath, ['-e', '0']).pid
        const raw = new BetterSqlite3(dbPath)
        raw.pragma('busy_timeout = 10000')
        const setState = (status: string, runner: string | null) =>
          raw.prepare('update batches set status = ?, runner = ? where file_name = ?').run(status, runner, fileName)
        expect(setState('running', `${hostname()}:${gone}`).changes).toBe(1)
        try {
          await page.reload()
          await waitForConsolePage(page, 'ingest/batches', '批次记录')
          await row.waitFor()
          expect((await cellsOf(row))[3]).toBe('已中断')
          await row.getByRole('button', { name: '详情' }).click()
          await drawer.waitFor()
          await drawer.getByText(/处理已中断：处理它的进程已结束/).waitFor()
          expect(await drawer.getByText('重新提交同一文件即可从第 4 行之后继续', { exact: false }).count()).toBe(1)
        } finally {
          setState('completed', null)
          raw.close()
        }
      }

      expect(problems).toEqual([])
    })
  })
})
