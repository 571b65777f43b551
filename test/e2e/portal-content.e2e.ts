// The public portal without placeholders (issue 18, item 6): 双公示, the content sections written in the console, the
// lists with counts and search, amounts with units, codes that never wrap, the home page's loading placeholders and
// readable category chart, 本月归集 on the demo, and no 「即将上线」 / 「功能建设中」 in the shipped bundles.
// Screenshots at 1366 and 390 px wide: test-results/screenshots/portal-content-*.png.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { phone, screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

const wide = { width: 1366, height: 900 }
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Every file of the built web app (dist/web): HTML, scripts, styles. */
function builtFiles(dir = join(repoRoot, 'dist', 'web')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? builtFiles(join(dir, e.name)) : /\.(js|html|css)$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

/** No sideways scrolling of the page itself. */
async function fitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

const yuan = /^\d{1,3}(,\d{3})*(\.\d+)? 元$/

describe('the shipped bundles', () => {
  it('hold no 「即将上线」 or 「功能建设中」 placeholder, nor the placeholder pages', () => {
    const files = builtFiles()
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    const offending: string[] = []
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      for (const word of ['即将上线', '功能建设中', 'UnderConstructionPage', 'ComingSoonPage'])
        if (text.includes(word)) offending.push(`${f.slice(repoRoot.length)}: ${word}`)
    }
    expect(offending).toEqual([])
  })
})

describe('portal: 双公示, content, lists, home', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('home: loading placeholders, key figures with 本月归集 > 0, a readable category chart, the latest content', async () => {
    await withPage(browser(), baseUrl, { name: 'portal-content-home', viewport: wide }, async ({ page, problems }) => {
      // hold the figures back until the placeholders have been seen
      let release: () => void = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      await page.route('**/api/v1/public/stats', async (route) => {
        await held
        await route.continue()
      })
      await page.goto('/')
      const loading = page.getByTestId('stats-loading')
      await loading.waitFor()
      expect(await loading.locator('.ant-skeleton').count()).toBeGreaterThanOrEqual(4)
      expect(await loading.getAttribute('aria-busy')).toBe('true')
      await screenshot(page, 'portal-content-home-loading-1366')
      release()
      const figures = page.getByTestId('key-figures')
      await figures.waitFor()
      await loading.waitFor({ state: 'detached' })
      const stats = (await (await fetch(`${baseUrl}/api/v1/public/stats`)).json()) as {
        recordsThisMonth: number
        byCategory: { label: string; count: number }[]
      }
      // the demo city's records run up to the day it was built
      expect(stats.recordsThisMonth).toBeGreaterThan(0)
      const monthly = figures.getByRole('listitem').filter({ hasText: '本月归集' })
      expect(await monthly.locator('.gx-figure-value').textContent()).toBe(
        new Intl.NumberFormat('zh-CN').format(stats.recordsThisMonth),
      )

      // the category chart: every bar carries its count (SVG text), and one dominant class breaks the axis
      const chart = page.getByTestId('category-chart')
      await chart.scrollIntoViewIfNeeded()
      await chart.locator('svg').waitFor()
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="category-chart"] svg text').length > 0)
      const texts = (await chart.locator('svg text').allTextContents()).map((t) => t.trim())
      const fmt = new Intl.NumberFormat('zh-CN')
      for (const c of stats.byCategory) {
        expect(
          texts.some((t) => t.startsWith(`${fmt.format(c.count)}（`)),
          `${c.label}: ${c.count} in ${texts.join(' | ')}`,
        ).toBe(true)
      }
      const sorted = stats.byCategory.map((c) => c.count).sort((a, b) => b - a)
      const dominant = (sorted[0] ?? 0) > 3 * (sorted[1] ?? 0)
      expect(await chart.locator('[role="img"]').getAttribute('data-axis-break')).toBe(String(dominant))

      // the newest articles of each content section
      const latest = page.getByTestId('latest-content')
      await latest.scrollIntoViewIfNeeded()
      for (const label of ['政策法规', '新闻动态', '典型案例', '通知公告']) {
        const panel = latest.getByRole('region', { name: label })
        await panel.getByRole('listitem').first().waitFor()
        expect(await panel.getByRole('listitem').count()).toBeGreaterThanOrEqual(3)
      }
      await screenshot(page, 'portal-content-home-1366')
      expect(await page.getByText('即将上线').count()).toBe(0)
      expect(problems).toEqual([])
    })
  })

  it('双公示: licences and penalties, filters by keyword, department, district and dates, pages; amounts in 元', async () => {
    await withPage(
      browser(),
      baseUrl,
      { name: 'portal-content-publicity', viewport: wide },
      async ({ page, problems }) => {
        await page.goto('/')
        await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '双公示' }).click()
        await page.waitForURL('**/publicity')
        await page.getByRole('heading', { name: '双公示', level: 1 }).waitFor()
        const table = page.getByTestId('publicity-table')
        await table.waitFor()
        const title = page.locator('#gx-publicity-title')
        expect(await title.textContent()).toMatch(/^行政许可信息 共 \d+ 条$/)
        expect(await table.locator('tbody tr').count()).toBeGreaterThan(0)

        // 行政处罚: the fine with its unit
        await page.getByRole('tab', { name: '行政处罚' }).click()
        await page.waitForURL((u) => u.searchParams.get('kind') === 'penalty')
        await page.waitForFunction(() =>
          document.querySelector('#gx-publicity-title')?.textContent?.startsWith('行政处罚信息'),
        )
        const total = Number((/共 (\d+) 条/.exec((await title.textContent()) ?? '') ?? [])[1])
        expect(total).toBeGreaterThan(0)
        const fines = (
          await table.locator('dt', { hasText: '罚款金额' }).locator('xpath=following-sibling::dd').allTextContents()
        ).map((t) => t.trim())
        expect(fines.length).toBeGreaterThan(0)
        for (const f of fines) expect(f).toMatch(yuan)
        // a document number never wraps
        const docCell = table.locator('tbody tr').first().locator('td').nth(1)
        expect(await docCell.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap')
        await screenshot(page, 'portal-content-publicity-1366')

        // pages
        if (total > 20) {
          await page.locator('.gx-pagination .ant-pagination-item-2').click()
          await page.waitForURL((u) => u.searchParams.get('page') === '2')
          await table.locator('tbody tr').first().waitFor()
        }

        // keyword: a fragment of the first organisation's name
        await page.goto('/publicity?kind=penalty')
        await table.locator('tbody tr').first().waitFor()
        const orgLink = table.locator('tbody tr td:first-child a').first()
        const name = ((await orgLink.textContent()) ?? '').trim()
        const fragment = name.slice(2, 6)
        const filters = page.getByRole('form', { name: '筛选条件' }).first()
        await filters.getByLabel('关键字').fill(fragment)
        await filters.getByRole('button', { name: '查询' }).click()
        await page.waitForURL((u) => u.searchParams.get('q') === fragment)
        await page.waitForFunction(
          (f) =>
            [...document.querySelectorAll('[data-testid="publicity-table"] tbody tr')].length > 0 &&
            [...document.querySelectorAll('[data-testid="publicity-table"] tbody tr')].every((tr) =>
              (tr.textContent ?? '').includes(f),
            ),
          fragment,
        )

        // department and district (the district column shows under the authority)
        await filters.getByRole('button', { name: '重置' }).click()
        await page.waitForURL((u) => !u.searchParams.get('q'))
        await chooseOption(page, '部门', (await firstOptionText(page, '部门')) ?? '')
        await filters.getByRole('button', { name: '查询' }).click()
        await page.waitForURL((u) => Boolean(u.searchParams.get('dept')))
        await table.locator('tbody tr').first().waitFor()
        const district =
          (await table.locator('tbody tr').first().locator('td').nth(3).locator('.gx-cell-sub').textContent()) ?? ''
        if (district) {
          await chooseOption(page, '所属区县', district.trim())
          await filters.getByRole('button', { name: '查询' }).click()
          await page.waitForURL((u) => Boolean(u.searchParams.get('district')))
          await page.waitForFunction(
            (d) =>
              [...document.querySelectorAll('[data-testid="publicity-table"] tbody tr')].every(
                (tr) => tr.querySelector('td:nth-child(4) .gx-cell-sub')?.textContent === d,
              ),
            district.trim(),
          )
        }

        // dates: only decisions inside the range
        await page.goto('/publicity?kind=penalty')
        await table.locator('tbody tr').first().waitFor()
        const firstDay = ((await table.locator('tbody tr').first().locator('td').nth(4).textContent()) ?? '').trim()
        await filters.getByLabel('决定日期起').fill(firstDay)
        await filters.getByLabel('决定日期止').fill(firstDay)
        await filters.getByRole('button', { name: '查询' }).click()
        await page.waitForURL((u) => u.searchParams.get('from') === firstDay && u.searchParams.get('to') === firstDay)
        await page.waitForFunction(
          (d) =>
            [...document.querySelectorAll('[data-testid="publicity-table"] tbody tr')].length > 0 &&
            [...document.querySelectorAll('[data-testid="publicity-table"] tbody tr')].every(
              (tr) => tr.querySelector('td:nth-child(5)')?.textContent === d,
            ),
          firstDay,
        )
        // nothing found says what to do
        await filters.getByLabel('关键字').fill('没有这样的单位名称')
        await filters.getByRole('button', { name: '查询' }).click()
        await page.getByRole('heading', { name: '没有符合条件的公示信息' }).waitFor()
        expect(problems).toEqual([])
      },
    )

    await withPage(
      browser(),
      baseUrl,
      { name: 'portal-content-publicity-phone', viewport: phone },
      async ({ page, problems }) => {
        await page.goto('/publicity?kind=penalty')
        await page.getByTestId('publicity-table').locator('tbody tr').first().waitFor()
        await fitsWidth(page, phone.width)
        await page.getByRole('button', { name: /^筛选/ }).click()
        await page.getByRole('dialog', { name: '筛选' }).waitFor()
        await page.waitForTimeout(400) // the drawer slides in
        await screenshot(page, 'portal-content-publicity-filters-390')
        await page.keyboard.press('Escape')
        await page.getByRole('dialog', { name: '筛选' }).waitFor({ state: 'hidden' })
        await screenshot(page, 'portal-content-publicity-390')
        expect(problems).toEqual([])
      },
    )
  })

  it('a record shows its amounts in 元 and says where to go: objection, repair, the deciding authority', async () => {
    const list = (await (await fetch(`${baseUrl}/api/v1/public/publicity/penalty?pageSize=50`)).json()) as {
      items: { recordId: string; fields: { code: string; value: string }[] }[]
    }
    const fined = list.items.find((i) => i.fields.some((f) => f.code === 'CF_NR_FK' && Number(f.value) >= 1000))
    expect(fined).toBeTruthy()
    const fine = Number(fined?.fields.find((f) => f.code === 'CF_NR_FK')?.value)
    await withPage(
      browser(),
      baseUrl,
      { name: 'portal-content-record', viewport: wide },
      async ({ page, problems }) => {
        await page.goto(`/records/${fined?.recordId}`)
        const fields = page.getByTestId('record-fields')
        await fields.waitFor()
        const dd = fields.locator('div', { has: page.getByText('罚款金额', { exact: true }) }).locator('dd')
        expect((await dd.textContent())?.trim()).toBe(`${new Intl.NumberFormat('zh-CN').format(fine)} 元`)
        await page.getByRole('link', { name: '对此信息提出异议申诉' }).waitFor()
        await page.getByTestId('repair-apply').waitFor()
        expect(await page.getByTestId('record-ask').textContent()).toMatch(/可联系决定机关「.+」/)
        await page.getByTestId('record-ask').getByRole('link', { name: '关于我们 · 联系我们' }).click()
        await page.waitForURL('**/about')
        await page.getByRole('heading', { name: '关于我们', level: 1 }).waitFor()
        await page.getByTestId('where-to-ask').getByRole('link', { name: '异议申诉' }).waitFor()
        await screenshot(page, 'portal-content-about-1366')
        expect(problems).toEqual([])
      },
    )
  })

  it('lists: the index counts entities and entries; a list page counts both and can be searched', async () => {
    await withPage(browser(), baseUrl, { name: 'portal-content-lists', viewport: wide }, async ({ page, problems }) => {
      await page.goto('/lists')
      const black = page.getByTestId('lists-black')
      const defaulters = black.getByRole('listitem').filter({ hasText: '失信被执行人' })
      await defaulters.getByTestId('list-count').waitFor()
      const counted = ((await defaulters.getByTestId('list-count').textContent()) ?? '').trim()
      const m = /^([\d,]+) 个主体 · ([\d,]+) 条记录$/.exec(counted)
      expect(m, counted).not.toBeNull()
      const [entities, entries] = [m?.[1] ?? '', m?.[2] ?? '']
      expect(Number(entities.replace(/,/g, ''))).toBeGreaterThan(0)
      expect(Number(entries.replace(/,/g, ''))).toBeGreaterThanOrEqual(Number(entities.replace(/,/g, '')))
      await screenshot(page, 'portal-content-lists-1366')

      await defaulters.getByRole('link').click()
      await page.waitForURL('**/lists/court_defaulter')
      const counts = page.getByTestId('list-counts')
      await counts.waitFor()
      expect((await counts.textContent())?.trim()).toBe(`共 ${entities} 个主体，${entries} 条列入记录`)
      // a USCC in the table never wraps
      const code = page.getByTestId('list-table').locator('td.gx-code').first()
      expect(await code.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap')
      // search by a name on the list
      const name = (
        (await page.getByTestId('list-table').locator('tbody tr td:first-child').first().textContent()) ?? ''
      )
        .replace('异议处理中', '')
        .trim()
      await page.getByRole('searchbox', { name: '在名单中查找' }).fill(name)
      await page.getByRole('button', { name: '查找' }).click()
      await page.waitForURL((u) => u.searchParams.get('q') === name)
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="list-counts"]')?.textContent?.startsWith(`「${n}」：`),
        name,
      )
      expect((await counts.textContent())?.trim()).toMatch(
        new RegExp(`^「${name}」：共 [\\d,]+ 个主体，[\\d,]+ 条列入记录$`),
      )
      const rows = page.getByTestId('list-table').locator('tbody tr')
      for (const text of await rows.allTextContents()) expect(text).toContain(name)
      await screenshot(page, 'portal-content-list-1366')
      expect(problems).toEqual([])
    })
    await withPage(
      browser(),
      baseUrl,
      { name: 'portal-content-lists-phone', viewport: phone },
      async ({ page, problems }) => {
        await page.goto('/lists/court_defaulter')
        await page.getByTestId('list-counts').waitFor()
        await fitsWidth(page, phone.width)
        await screenshot(page, 'portal-content-list-390')
        expect(problems).toEqual([])
      },
    )
  })

  it('content: an operator writes, previews, publishes, edits and takes down an article; the portal follows', async () => {
    const operator = loginFor(demo, 'operator')
    const onPortal = (name: string, steps: (page: Page) => Promise<void>) =>
      withPage(browser(), baseUrl, { name, viewport: wide }, async ({ page, problems }) => {
        await steps(page)
        expect(problems).toEqual([])
      })
    const title = `关于信用信息归集质量通报的通知 ${Date.now().toString(36)}`
    await withPage(
      browser(),
      baseUrl,
      { name: 'portal-content-console', viewport: wide },
      async ({ page, problems }) => {
        await logIn(page, operator)
        await page.getByRole('navigation', { name: '控制台导航' }).getByText('门户管理', { exact: true }).click()
        await page
          .getByRole('navigation', { name: '控制台导航' })
          .getByRole('link', { name: '门户内容', exact: true })
          .click()
        await waitForConsolePage(page, 'portal/content', '门户内容')
        await tableRow(page, '公共信用信息公示期限一览').waitFor()
        await screenshot(page, 'portal-content-console-list-1366')

        await page.getByRole('button', { name: '新建内容' }).click()
        await page.waitForURL('**/console/portal/content/new')
        await chooseOption(page, '栏目', '通知公告')
        await page.getByLabel('来源').fill('市信用中心')
        await page.getByLabel('标题').fill(title)
        await page
          .getByLabel('正文', { exact: true })
          .fill(
            '## 一、通报范围\n\n各部门报送的**行政处罚**信息。\n\n<script>alert(1)</script>\n\n[双公示](/publicity)',
          )
        await page.getByRole('tab', { name: '预览' }).click()
        const preview = page.getByTestId('content-preview')
        await preview.locator('h2', { hasText: '一、通报范围' }).waitFor()
        expect(await preview.locator('script').count()).toBe(0)
        expect(await preview.textContent()).toContain('<script>alert(1)</script>')
        await page.getByRole('tab', { name: '正文（Markdown）' }).click()
        await page.getByRole('button', { name: '保存草稿' }).click()
        await page.waitForURL((u) => /\/console\/portal\/content\/[0-9a-f-]{36}$/.test(u.pathname))
        await page.getByText('已保存为草稿（第 1 版）').waitFor()
        const id = page.url().split('/').at(-1) as string

        // a draft is not on the portal
        expect((await fetch(`${baseUrl}/api/v1/public/content/${id}`)).status).toBe(404)

        await page.getByRole('button', { name: '发布第 1 版' }).click()
        await page.getByRole('dialog').getByText('门户「通知公告」栏目将显示这篇内容').waitFor()
        await page.getByRole('dialog').getByRole('button', { name: '发布' }).click()
        await page.getByText('已发布第 1 版').waitFor()

        // an edit waits for its own publication
        await page.getByLabel('标题').fill(`${title}（修订）`)
        await page.getByLabel('修改说明').fill('补充通报范围')
        await page.getByRole('button', { name: '保存为新版本' }).click()
        await page.getByText('已保存第 2 版。门户仍显示第 1 版').waitFor()
        const versions = page.getByTestId('content-versions')
        await tableRow(versions, '补充通报范围').waitFor()
        expect(await tableRow(versions, '门户显示中').textContent()).toContain('第 1 版')
        await screenshot(page, 'portal-content-console-edit-1366')
        expect(problems).toEqual([])

        // the portal shows version 1, newest first in 通知公告 and on the home page (a fresh visitor each time: public
        // answers may be kept for a minute by the browser)
        await onPortal('portal-content-article', async (portal) => {
          await portal.goto('/notices')
          await portal.getByTestId('article-list').getByRole('link', { name: title, exact: true }).click()
          await portal.waitForURL(`**/articles/${id}`)
          const body = portal.getByTestId('article-body')
          await body.locator('h2', { hasText: '一、通报范围' }).waitFor()
          expect(await body.locator('strong').textContent()).toBe('行政处罚')
          expect(await body.locator('script').count()).toBe(0)
          expect(await body.textContent()).toContain('<script>alert(1)</script>')
          expect(await body.getByRole('link', { name: '双公示' }).getAttribute('href')).toBe('/publicity')
          await screenshot(portal, 'portal-content-article-1366')
          await portal.goto('/')
          await portal
            .getByTestId('latest-content')
            .getByRole('region', { name: '通知公告' })
            .getByRole('link', { name: title, exact: true })
            .waitFor()
        })

        // publishing version 2, then taking it down with a reason
        await page.getByRole('button', { name: '发布第 2 版' }).click()
        await page.getByRole('dialog').getByText('门户将改为显示第 2 版').waitFor()
        await page.getByRole('dialog').getByRole('button', { name: '发布' }).click()
        await page.getByText('已发布第 2 版').waitFor()
        await onPortal('portal-content-article-v2', async (portal) => {
          await portal.goto(`/articles/${id}`)
          await portal.getByRole('heading', { name: `${title}（修订）`, level: 1 }).waitFor()
        })

        await page.getByRole('button', { name: '撤下' }).click()
        const dialog = page.getByRole('dialog', { name: '从门户撤下' })
        await dialog.getByText('撤下后门户不再显示').waitFor()
        expect(await dialog.getByRole('button', { name: '撤下' }).isDisabled()).toBe(true)
        await dialog.getByLabel('撤下原因').fill('通报已过时效')
        await dialog.getByRole('button', { name: '撤下' }).click()
        await page.getByText('已从门户撤下').waitFor()
        await onPortal('portal-content-article-down', async (portal) => {
          await portal.goto(`/articles/${id}`)
          await portal.getByRole('heading', { name: '该内容不存在或已撤下' }).waitFor()
        })
        expect(problems).toEqual([])
      },
    )

    // the audit log names the new actions in Chinese
    const call = await apiSession(baseUrl, operator)
    const events = await call('GET', '/api/v1/audit/events?action=content.&pageSize=50')
    expect(events.status).toBe(200)
    const actions = (events.json.items as { action: string }[]).map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining(['content.create', 'content.update', 'content.publish', 'content.unpublish']),
    )
  })

  it('every nav item and the content sections lead to real pages, at both widths', async () => {
    for (const viewport of [wide, phone]) {
      await withPage(
        browser(),
        baseUrl,
        { name: `portal-content-nav-${viewport.width}`, viewport },
        async ({ page, problems }) => {
          for (const [path, heading] of [
            ['/policies', '政策法规'],
            ['/news', '新闻动态'],
            ['/cases', '典型案例'],
            ['/notices', '通知公告'],
            ['/about', '关于我们'],
            ['/publicity', '双公示'],
          ] as const) {
            await page.goto(path)
            await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
            expect(await page.getByText('即将上线').count(), path).toBe(0)
            await fitsWidth(page, viewport.width)
          }
          await page.goto('/policies')
          await page.getByTestId('article-list').getByRole('listitem').first().waitFor()
          await screenshot(page, `portal-content-policies-${viewport.width}`)
          await page.getByTestId('article-list').getByRole('link').first().click()
          await page.getByTestId('article-body').waitFor()
          await screenshot(page, `portal-content-policy-${viewport.width}`)
          expect(problems).toEqual([])
        },
      )
    }
  })
})

/** The text of the first real option (not 全部…) of an antd select, opened and closed again. */
async function firstOptionText(page: Page, combobox: string): Promise<string | null> {
  const box = page.getByRole('combobox', { name: combobox }).first()
  await box.click()
  const option = page.locator('.ant-select-item-option').nth(1)
  await option.waitFor()
  const text = (await option.textContent())?.trim() ?? null
  await page.keyboard.press('Escape')
  return text
}
