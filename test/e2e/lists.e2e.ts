// 名单管理 in the browser: the operator sees the black list's entries, switches the focus-list escalation rule on
// (a new version in its history), scans, and confirms a proposal with a decision document; the entry then shows in
// list management and on the portal's focus list.
import { describe, expect, inject, it } from 'vitest'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, clickNavLink, logIn, openNavItem, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

/** The civil date in Shanghai `days` days ago. */
const daysAgo = (days: number) => new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10)

describe('console: red, black and focus lists', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('operator sees the black list, enables the escalation rule, scans and confirms a proposal', async () => {
    // A company with three recent general penalties (the market regulator submits them through the API).
    const run = Date.now().toString(36).toUpperCase()
    const uscc = generateUscc(createRng(Date.now() % 1_000_000), { dept: '9', category: '1', region: '120101' })
    const company = `天津市名单测试${run}商贸有限公司`
    const provider = await apiSession(baseUrl, loginFor(demo, 'provider'))
    const submitted = await provider('POST', '/api/v1/batches', {
      class: 'admin_penalty',
      rows: [10, 7, 3].map((d, i) => ({
        CF_XDR_MC: company,
        CF_XDR_LB: '法人及非法人组织',
        CF_XDR_SHXYM: uscc,
        CF_FRDB: '王五',
        CF_WSH: `津市监罚〔${daysAgo(d).slice(0, 4)}〕${run}-${i + 1}号`,
        CF_WFXW: '销售不合格产品',
        CF_SY: '经查，当事人销售不合格产品。',
        CF_YJ: '《中华人民共和国产品质量法》第四十九条',
        CF_CFLB: '罚款;没收违法所得',
        CF_NR: '罚款人民币2万元，没收违法所得。',
        CF_NR_FK: '2',
        CF_JDRQ: daysAgo(d),
        CF_CFJG: '天津市市场监督管理委员会',
        CF_CFJGDM: '1112000000015929XK',
        CF_SJLY: '天津市市场监督管理委员会',
        CF_SJLYDM: '1112000000015929XK',
      })),
    })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    expect(submitted.json.accepted).toBe(3)

    await withPage(browser(), baseUrl, 'lists', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      const rowsOf = () => tableRows(page)
      // the focus page keeps visited tabs mounted: look inside the active one
      const tabRows = () => tableRows(page.getByRole('tabpanel'))

      // 黑名单: the entries the API lists are the rows shown
      await openNavItem(page, '名单管理', '黑名单')
      await waitForConsolePage(page, 'lists/black', '黑名单')
      const black = await page.evaluate(async () => {
        const r = await fetch('/api/v1/lists/black/entries?pageSize=20')
        return (await r.json()) as { total: number; items: { entity: { name: string }; documentNo: string | null }[] }
      })
      if (black.total > 0) {
        const first = black.items[0] as { entity: { name: string }; documentNo: string | null }
        await rowsOf().filter({ hasText: first.entity.name }).first().waitFor()
        expect(await rowsOf().count()).toBe(Math.min(20, black.total))
        await page.getByText(`共 ${black.total} 条`).waitFor()
        await rowsOf().first().getByText('在列').waitFor()
      } else await page.getByText('名单中暂无在列主体。').waitFor()
      await screenshot(page, 'lists-black')

      // 重点关注 -> 升级规则: switch it on (N=3 in 6 months): a new version, the old one in the history
      await clickNavLink(page, '重点关注')
      await waitForConsolePage(page, 'lists/focus', '重点关注名单')
      await page.getByRole('tab', { name: '升级规则' }).click()
      const before = await page.evaluate(
        async () => ((await (await fetch('/api/v1/lists/escalation-rule')).json()) as { version: number }).version,
      )
      await page.getByRole('button', { name: '修改规则' }).click()
      const form = page.locator('form#escalation-rule')
      const enabled = form.getByRole('switch')
      if ((await enabled.getAttribute('aria-checked')) !== 'true') await enabled.click()
      await form.getByLabel('一般失信记录条数（N）').fill('3')
      await form.getByLabel('统计期间（M 个月）').fill('6')
      await form.getByLabel('修改原因').fill(`浏览器测试启用升级规则 ${run}`)
      await form.getByRole('button', { name: '保存为新版本' }).click()
      await page.getByText(`升级规则已保存为第 ${before + 1} 版。`).waitFor()
      await page.getByText(`当前规则（第 ${before + 1} 版）`).waitFor()
      const history = tableRows(page.locator('.ant-card').filter({ hasText: '版本历史' }))
      await history
        .first()
        .filter({ hasText: `浏览器测试启用升级规则 ${run}` })
        .waitFor()
      expect(await history.count()).toBe(before + 1)
      await screenshot(page, 'lists-focus-rule')

      // 列入建议: scan, then confirm the proposal for the company
      await page.getByRole('tab', { name: '列入建议' }).click()
      await page.getByRole('button', { name: '按规则扫描' }).click()
      await page.getByText(/^扫描完成：新增列入建议 \d+ 条/).waitFor()
      const proposal = tabRows().filter({ hasText: company })
      await proposal.waitFor()
      await proposal.getByText('3 条一般失信记录').waitFor()
      await proposal.getByRole('button', { name: '确认列入' }).click()
      const dialog = page.getByRole('dialog', { name: '确认列入重点关注名单' })
      await dialog.waitFor()
      expect(await dialog.getByLabel('列入事由').inputValue()).toContain('3 条一般失信记录')
      expect(await dialog.getByLabel('列入依据').inputValue()).toContain('国办发〔2020〕49号')
      await dialog.getByLabel('决定文号').fill(`津发改信用〔2026〕${run}号`)
      await dialog.getByRole('button', { name: '确认列入' }).click()
      await page.getByText(`已将「${company}」列入重点关注名单（津发改信用〔2026〕${run}号）。`).waitFor()
      await dialog.waitFor({ state: 'hidden' })
      await page.getByText('已确认', { exact: true }).click()
      const confirmed = tabRows().filter({ hasText: company })
      await confirmed.getByText('已确认列入').waitFor()
      await screenshot(page, 'lists-focus-proposals')

      // 名单条目: the company is listed and public; the portal's focus list shows it
      await page.getByRole('tab', { name: '名单条目' }).click()
      await page.waitForURL((url) => url.pathname.endsWith('/lists/focus') && !url.search.includes('tab='))
      const entry = tabRows().filter({ hasText: company })
      await entry.waitFor()
      await entry.getByText('在列').waitFor()
      await entry.getByText('公示中').waitFor()
      await entry.getByText(`津发改信用〔2026〕${run}号`).waitFor()
      await entry.getByRole('link', { name: `查看记录：${company}` }).click()
      await page.waitForURL('**/console/records/**')
      await page.getByText('重点关注名单').first().waitFor()
      const portal = (await (await fetch(`${baseUrl}/api/v1/public/lists/focus_list?pageSize=100`)).json()) as {
        items: { name: string }[]
      }
      expect(portal.items.map((i) => i.name)).toContain(company)
      expect(problems).toEqual([])
    })
  })

  it('a data user (consumer) reads the red list but has no proposals or rule tabs', async () => {
    await withPage(browser(), baseUrl, 'lists-consumer', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto('/console/lists/red')
      await page.getByRole('heading', { name: '红名单', level: 1 }).waitFor()
      const red = await page.evaluate(
        async () => ((await (await fetch('/api/v1/lists/red/entries')).json()) as { total: number }).total,
      )
      if (red > 0) await page.getByText(`共 ${red} 条`).waitFor()
      await page.goto('/console/lists/focus')
      await page.getByRole('heading', { name: '重点关注名单', level: 1 }).waitFor()
      expect(await page.getByRole('tab', { name: '名单条目' }).isVisible()).toBe(true)
      expect(await page.getByRole('tab', { name: '列入建议' }).count()).toBe(0)
      expect(problems).toEqual([])
    })
  })
})
