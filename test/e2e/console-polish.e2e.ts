// Polish found in the walk-through (issue 18, item 7), each in the browser: the commitments table shows whole numbers,
// names and matters and the 已逾期 tag uncovered; 核查统计 picks its range with antd date pickers; the welcome line
// has no doubled brackets; providers and consumers are not told they 维护 pages they only read; a batch's progress
// reads 「已处理 N 行数据」; a check shows its readable number (HC-YYYYMMDD-NNNNNN) beside its id; and two checks of
// the same company and scenario by the same department within minutes are one feedback to-do.
import BetterSqlite3 from 'better-sqlite3'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn, openNavItem, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

/** Today and yesterday in Beijing (YYYY-MM-DD). */
const beijingDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10)

describe('console: polish from the walk-through', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const dbPath = inject('dbPath')
  /** A company on the 经营异常名录 now: the finance bureau's procurement check hits it. */
  let listed: { name: string; uscc: string }

  beforeAll(async () => {
    const list = (await (await fetch(`${baseUrl}/api/v1/public/lists/abnormal_operation?pageSize=100`)).json()) as {
      items: { name: string; uscc: string | null }[]
    }
    const company = list.items.find((i) => i.uscc)
    if (!company?.uscc) throw new Error('the demo has no company on the abnormal_operation list')
    listed = { name: company.name, uscc: company.uscc }
  })

  it('the welcome line names the user and the role without doubled brackets', async () => {
    await withPage(browser(), baseUrl, 'polish-welcome', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      const line = page.getByText(/^欢迎，/)
      await line.waitFor()
      const text = (await line.textContent()) ?? ''
      expect(text).toMatch(/^欢迎，平台运维管理员（演示）。当前角色：运维管理。/)
      expect(text).not.toMatch(/）（/)
      expect(problems).toEqual([])
    })
  })

  it('providers and consumers are told they read (查看) the pages they cannot change, never 维护', async () => {
    for (const role of ['provider', 'consumer'] as const) {
      await withPage(browser(), baseUrl, `polish-landing-${role}`, async ({ page, problems }) => {
        await logIn(page, loginFor(demo, role))
        const features = page.locator('section[aria-labelledby="gx-features-title"]')
        await features.getByRole('link', { name: '信用信息目录' }).waitFor()
        const summary = async (item: string) =>
          (
            await features
              .locator('li', { has: page.getByRole('link', { name: item, exact: true }) })
              .locator('.gx-home-summary')
              .textContent()
          )?.trim()
        expect(await summary('信用信息目录')).toBe('查看信用信息目录中的信息类别、字段定义和历次版本。')
        expect(await summary('措施清单')).toBe('查看各应用场景下的守信激励和失信惩戒措施清单及法律依据。')
        expect(await summary('工作日历')).toBe('查看法定节假日与调休安排（计算办理时限所用的工作日）。')
        expect(await features.textContent()).not.toContain('维护')
        await screenshot(page, `polish-landing-${role}`)
        expect(problems).toEqual([])
      })
    }
  })

  it('a batch shows how many rows it processed in plain words', async () => {
    await withPage(browser(), baseUrl, 'polish-batch', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'provider'))
      await openNavItem(page, '数据归集', '批次记录')
      await waitForConsolePage(page, 'ingest/batches', '批次记录')
      await page.locator('.ant-table-row').first().getByRole('button', { name: '详情' }).click()
      const drawer = page.getByRole('dialog')
      const progress = drawer.locator('th', { hasText: '处理进度' }).locator('xpath=following-sibling::td[1]')
      await progress.waitFor()
      expect((await progress.textContent())?.trim()).toMatch(/^已处理 \d+ 行数据/)
      expect(await drawer.textContent()).not.toContain('已处理行')
      await screenshot(page, 'polish-batch')
      expect(problems).toEqual([])
    })
  })

  it('核查统计 picks its date range with the antd range picker', async () => {
    await withPage(browser(), baseUrl, 'polish-check-stats', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await page.goto('/console/stats/checks')
      await page.getByRole('heading', { name: '核查统计', level: 1 }).waitFor()
      const picker = page.locator('.ant-picker-range')
      await picker.waitFor()
      expect(await page.locator('input[type="date"]').count()).toBe(0)
      const today = beijingDay()
      // (Enter in the picker may already submit the form: the request is awaited whichever asks first)
      const asked = page.waitForResponse(
        (r) => r.url().includes('/checks/stats/by-scenario') && r.url().includes(`from=2026-01-01&to=${today}`),
      )
      await picker.locator('input').first().click()
      await picker.locator('input').first().fill('2026-01-01')
      await picker.locator('input').first().press('Enter')
      await picker.locator('input').nth(1).fill(today)
      await picker.locator('input').nth(1).press('Enter')
      await page.getByRole('button', { name: '统计', exact: true }).click()
      expect((await asked).status()).toBe(200)
      await screenshot(page, 'polish-check-stats')
      expect(problems).toEqual([])
    })
  })

  it('the commitments table shows whole numbers and matters, and the 已逾期 tag uncovered', async () => {
    const consumer = await apiSession(baseUrl, loginFor(demo, 'consumer'))
    const run = Date.now().toString(36).toUpperCase()
    const number = `津财承诺〔${beijingDay().slice(0, 4)}〕E2E-${run}号`
    const matter = `建筑工程施工许可容缺受理补交消防设计审查意见及竣工验收备案材料浏览器测试 ${run}`
    const filed = await consumer('POST', '/api/v1/commitments', {
      subject: { uscc: listed.uscc },
      type: 'tolerate_missing',
      matter,
      content: '本单位承诺在期限内补齐消防设计审查意见。',
      dueOn: beijingDay(),
      number,
    })
    expect(filed.status, JSON.stringify(filed.json)).toBe(200)
    // the due date passes (the server's clock cannot be moved): yesterday, written where the server keeps it
    if (dbPath) {
      const raw = new BetterSqlite3(dbPath)
      raw.pragma('busy_timeout = 10000')
      try {
        expect(
          raw.prepare('update commitments set due_on = ? where number = ?').run(beijingDay(-1), number).changes,
        ).toBe(1)
      } finally {
        raw.close()
      }
    }
    await withPage(
      browser(),
      baseUrl,
      { name: 'polish-commitments', viewport: { width: 1366, height: 900 } },
      async ({ page, problems }) => {
        await logIn(page, loginFor(demo, 'consumer'))
        await openNavItem(page, '信用核查', '信用承诺')
        await waitForConsolePage(page, 'checks/commitments', '信用承诺')
        const row = tableRow(page, number)
        await row.waitFor()
        // the number and the matter whole: no cell cut off with an ellipsis
        const numberCell = row.locator('td').first()
        expect((await numberCell.textContent())?.trim()).toBe(number)
        expect(await numberCell.evaluate((td) => td.scrollWidth - td.clientWidth)).toBeLessThanOrEqual(0)
        expect(await row.textContent()).toContain(matter)
        expect(await row.textContent()).toContain(listed.name)
        expect(await row.locator('.ant-table-cell-ellipsis').count()).toBe(0)
        if (dbPath) {
          // the 已逾期 tag is all on screen: its cell holds it and nothing (the fixed 操作 column) lies over it
          const tag = row.getByTestId('overdue-tag')
          await tag.waitFor()
          const uncovered = await tag.evaluate((el) => {
            const r = el.getBoundingClientRect()
            const cell = el.closest('td')?.getBoundingClientRect()
            const points = [
              [r.left + 2, r.top + r.height / 2],
              [r.right - 2, r.top + r.height / 2],
            ] as const
            return (
              cell !== undefined &&
              r.left >= cell.left &&
              r.right <= cell.right &&
              points.every(([x, y]) => el.contains(document.elementFromPoint(x, y)))
            )
          })
          expect(uncovered).toBe(true)
        }
        await screenshot(page, 'polish-commitments-1366')
        expect(problems).toEqual([])
      },
    )
  })

  it('a check shows its number beside its id, and a repeat within minutes is the same feedback to-do', async () => {
    await withPage(browser(), baseUrl, 'polish-check-number', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '信用核查', '单个核查')
      await waitForConsolePage(page, 'checks/single', '单个核查')
      await page.getByRole('textbox', { name: '统一社会信用代码' }).fill(listed.uscc)
      await chooseOption(page, '应用场景', '政府采购')
      await page.getByRole('textbox', { name: '查询用途' }).fill('政府采购供应商资格审查')
      const numbers: string[] = []
      for (let i = 0; i < 2; i++) {
        const answered = page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/checks') && r.request().method() === 'POST',
        )
        await page.getByRole('button', { name: '核查', exact: true }).click()
        const body = (await (await answered).json()) as { checkId: string; number: string }
        const shown = page.getByTestId('check-result').getByTestId('check-number')
        await shown.getByText(body.number).waitFor()
        const text = (await shown.textContent()) ?? ''
        expect(body.number).toMatch(new RegExp(`^HC-${beijingDay().replaceAll('-', '')}-\\d{6}$`))
        expect(text).toContain(body.number)
        expect(text).toContain(`ID ${body.checkId}`)
        numbers.push(body.number)
      }
      expect(numbers[0]).not.toBe(numbers[1])
      await screenshot(page, 'polish-check-number')

      // 反馈待办: the two checks are one to-do, on the newer one, naming the earlier
      await page.goto('/console/checks/feedback')
      await page.getByRole('heading', { name: '反馈待办', level: 1 }).waitFor()
      const todo = tableRow(page, listed.name)
      await todo.waitFor()
      expect(await todo.count()).toBe(1)
      expect(await todo.textContent()).toContain(numbers[1])
      // (a server used for an earlier run may hold more checks of the company within the window)
      expect(await todo.textContent()).toMatch(/含重复核查 \d+ 次/)
      await todo.getByRole('button', { name: '反馈' }).click()
      const note = page.getByTestId('repeat-note')
      await note.waitFor()
      expect(await note.textContent()).toContain(numbers[0])
      await screenshot(page, 'polish-feedback-repeats')
      expect(problems).toEqual([])
    })
  })
})
