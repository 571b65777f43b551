import { beforeAll, describe, expect, inject, it } from 'vitest'
import { phone, screenshot, useBrowser, withPage } from './browser.js'

interface SearchItem {
  id: string
  name: string
  matchedName: string | null
  uscc: string | null
  kind: string
  district: string | null
  flags: string[]
}
interface SearchJson {
  total: number
  items: SearchItem[]
}
interface RecordSummary {
  id: string
  class: string
  className: string
  polarity: string
  documentNo: string | null
  authority: string | null
  decidedOn: string | null
  publication: { from: string; until: string } | null
  marks: string[]
}
interface EntityJson {
  id: string
  name: string
  uscc: string | null
  districtName: string | null
  legalRep: string | null
  establishedOn: string | null
  categories: { code: string; records: RecordSummary[] }[]
}

const baseUrl = inject('baseUrl')

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`)
  expect(response.status, path).toBe(200)
  return (await response.json()) as T
}
const search = (q: string, extra = '') =>
  get<SearchJson>(`/api/v1/public/search?q=${encodeURIComponent(q)}&pageSize=50${extra}`)

describe('portal search, entity file and record', () => {
  const browser = useBrowser()
  /** A demo company with a public negative record, its file, a distinctive 2-character fragment of its name. */
  let entity: EntityJson
  let fragment = ''
  let fragmentTotal = 0
  let penalty: RecordSummary | undefined
  let negative: RecordSummary

  beforeAll(async () => {
    const all = await search('有限', '&negative=true')
    expect(all.total).toBeGreaterThan(0)
    // Prefer a company whose file shows a 行政处罚 (few entity files: their rate budget is small).
    for (const item of all.items.filter((i) => i.kind === 'legal_person' && i.uscc).slice(0, 4)) {
      const file = await get<EntityJson>(`/api/v1/public/entities/${item.id}`)
      const records = file.categories.flatMap((c) => c.records)
      const found = records.find((r) => r.class === 'admin_penalty')
      if (!entity || found) {
        entity = file
        penalty = found
        negative = found ?? (records.find((r) => r.polarity === 'negative') as RecordSummary)
      }
      if (found) break
    }
    expect(negative).toBeDefined()
    // A 2-character fragment of the name that finds this company among few others.
    const chars = [...entity.name]
    for (let i = 0; i + 2 <= chars.length && !fragment; i++) {
      const candidate = chars.slice(i, i + 2).join('')
      if (/[天津市有限公司()（）]/.test(candidate)) continue
      const hits = await search(candidate)
      if (hits.total <= 20 && hits.items.some((h) => h.id === entity.id)) {
        fragment = candidate
        fragmentTotal = hits.total
      }
    }
    expect(fragment).toHaveLength(2)
  })

  it('finds a company by a 2-character fragment and by its USCC, opens its file and a record', async () => {
    await withPage(browser(), baseUrl, 'portal-search-flow', async ({ page, problems }) => {
      await page.goto('/')
      const box = page.getByRole('searchbox', { name: '信用信息查询' })
      await box.fill(fragment)
      await box.press('Enter')
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === fragment)
      await page.getByRole('heading', { name: `共找到 ${fragmentTotal} 个相关主体` }).waitFor()
      const results = page.getByTestId('search-results')
      expect(await results.locator(':scope > li').count()).toBe(fragmentTotal)
      const link = results.getByRole('link', { name: entity.name, exact: true })
      await link.waitFor()
      // The matched characters are highlighted.
      expect(await link.locator('mark').allTextContents()).toContain(fragment)
      // Filters on the left at desktop width.
      expect(await page.getByRole('complementary', { name: '筛选条件' }).isVisible()).toBe(true)
      await screenshot(page, 'portal-results-fragment-desktop')

      // By USCC: exactly this company, with its code, kind and district.
      const uscc = entity.uscc as string
      await box.fill(uscc)
      await box.press('Enter')
      await page.waitForURL((url) => url.searchParams.get('q') === uscc)
      await page.getByRole('heading', { name: '共找到 1 个相关主体' }).waitFor()
      await results.locator(':scope > li', { hasText: uscc }).waitFor()
      const row = results.locator(':scope > li')
      // the list can re-render once more as the answer settles: read the count when it has
      await expect.poll(() => row.count()).toBe(1)
      const rowText = (await row.textContent()) ?? ''
      expect(rowText).toContain(entity.name)
      expect(rowText).toContain(uscc)
      expect(rowText).toContain('法人 (企业法人)')
      if (entity.districtName) expect(rowText).toContain(entity.districtName)

      // The credit file: header card and tabs with counts.
      await results.getByRole('link', { name: entity.name, exact: true }).click()
      await page.waitForURL(`**/entities/${entity.id}`)
      await page.getByRole('heading', { level: 1, name: entity.name }).waitFor()
      const head = (await page.locator('.gx-file-head').textContent()) ?? ''
      expect(head).toContain(uscc)
      if (entity.legalRep) expect(head).toContain(entity.legalRep)
      if (entity.establishedOn) expect(head).toContain(entity.establishedOn)
      const tabs = (await page.getByRole('tab').allTextContents()).map((t) => t.trim())
      expect(tabs).toHaveLength(8)
      expect(tabs.map((t) => t.replace(/ \(\d+\)$/, ''))).toEqual([
        '基本信息',
        '行政许可',
        '行政处罚',
        '守信激励',
        '失信惩戒',
        '信用承诺',
        '信用评价',
        '其他',
      ])
      const all = entity.categories.flatMap((c) => c.records)
      const licenses = all.filter((r) => r.class === 'admin_license').length
      expect(tabs[1]).toBe(`行政许可 (${licenses})`)
      const tabLabel = penalty ? '行政处罚' : '失信惩戒'
      const tabCount = penalty
        ? all.filter((r) => r.class === 'admin_penalty').length
        : Number(/\((\d+)\)/.exec(tabs[4] ?? '')?.[1])
      expect(tabCount).toBeGreaterThan(0)
      await page.getByRole('tab', { name: `${tabLabel} (${tabCount})` }).click()
      const panel = page.getByRole('tabpanel', { name: `${tabLabel} (${tabCount})` })
      const recordLink = panel.locator(`a[href="/records/${negative.id}"]`)
      await recordLink.waitFor()
      const recordText = (await recordLink.textContent()) ?? ''
      expect(recordText).toContain(negative.className)
      if (negative.documentNo) expect(recordText).toContain(negative.documentNo)
      if (negative.authority) expect(recordText).toContain(negative.authority)
      if (negative.decidedOn) expect(recordText).toContain(negative.decidedOn)
      const until = negative.publication?.until ?? ''
      expect(recordText).toContain(until.startsWith('9999') ? '长期公示' : `公示期至 ${until}`)
      // An empty tab says so.
      const emptyIndex = tabs.findIndex((t) => t.endsWith(' (0)'))
      if (emptyIndex >= 0) {
        await page.getByRole('tab', { name: tabs[emptyIndex] }).click()
        await page.getByRole('tabpanel', { name: tabs[emptyIndex] }).getByText('暂无公示信息').waitFor()
        await page.getByRole('tab', { name: `${tabLabel} (${tabCount})` }).click()
      }
      await screenshot(page, 'portal-entity-desktop')

      // The record detail.
      await recordLink.click()
      await page.waitForURL(`**/records/${negative.id}`)
      await page.getByRole('heading', { level: 1, name: negative.className }).waitFor()
      const detail = (await page.locator('main').textContent()) ?? ''
      if (negative.documentNo) expect(detail).toContain(negative.documentNo)
      expect(detail).toContain('法律依据')
      expect(await page.getByRole('link', { name: '对此信息提出异议申诉' }).getAttribute('href')).toBe(
        `/objection/apply?record=${negative.id}`,
      )
      expect(await page.getByRole('link', { name: '申请信用修复' }).getAttribute('href')).toBe(
        `/repair/apply/${negative.id}`,
      )
      await screenshot(page, 'portal-record-desktop')
      expect(problems).toEqual([])
    })
  })

  it('filters by kind and shows the empty state', async () => {
    const expected = (await search('有限', '&kind=individual_business')).total
    await withPage(browser(), baseUrl, 'portal-search-filter', async ({ page, problems }) => {
      await page.goto(`/search?q=${encodeURIComponent('有限')}`)
      await page.getByRole('heading', { name: /^共找到 \d+ 个相关主体$/ }).waitFor()
      // click, not check(): the filter re-renders the list (and the radio) as the URL changes
      await page.getByRole('radio', { name: '个体工商户' }).click()
      await page.waitForURL((url) => url.searchParams.get('kind') === 'individual_business')
      await page.getByRole('heading', { name: `共找到 ${expected} 个相关主体` }).waitFor()
      if (expected === 0) await page.getByRole('heading', { name: '未找到相关主体' }).waitFor()
      expect(problems).toEqual([])
    })
  })

  it('results at phone width (390x844): no sideways scroll, filters in a drawer', async () => {
    const expected = await search('有限')
    await withPage(browser(), baseUrl, { name: 'portal-search-phone', viewport: phone }, async ({ page, problems }) => {
      await page.goto(`/search?q=${encodeURIComponent('有限')}`)
      await page.getByRole('heading', { name: `共找到 ${expected.total} 个相关主体` }).waitFor()
      const first = expected.items[0] as SearchItem
      await page.getByTestId('search-results').getByRole('link', { name: first.name, exact: true }).waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width)
      expect(await page.getByRole('complementary', { name: '筛选条件' }).isVisible()).toBe(false)
      await screenshot(page, 'portal-results-phone')
      await page.getByRole('button', { name: '筛选' }).click()
      const drawer = page.getByRole('dialog', { name: '筛选' })
      await drawer.getByRole('radio', { name: '个体工商户' }).waitFor()
      await page.waitForTimeout(400)
      await screenshot(page, 'portal-results-filter-phone')
      expect(problems).toEqual([])
    })
  })
})

describe('portal lists', () => {
  const browser = useBrowser()

  it('红黑名单 leads to the list classes; a black list shows its entries', async () => {
    const list = (await (await fetch(`${baseUrl}/api/v1/public/lists/court_defaulter`)).json()) as {
      className: string
      total: number
      items: { name: string; basis: string | null; until: string | null }[]
    }
    await withPage(browser(), baseUrl, 'portal-lists', async ({ page, problems }) => {
      await page.goto('/')
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '红黑名单' }).click()
      await page.waitForURL('**/lists')
      await page.getByRole('heading', { level: 1, name: '红黑名单' }).waitFor()
      for (const name of ['红名单', '黑名单', '重点关注名单'])
        await page.getByRole('heading', { name, exact: true }).waitFor()
      await page.getByRole('link', { name: '失信被执行人' }).click()
      await page.waitForURL('**/lists/court_defaulter')
      await page.getByRole('heading', { name: `共 ${list.total} 个主体` }).waitFor()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${list.className}（黑名单）`)
      const first = list.items[0]
      if (first) {
        const rowText = (await page.getByTestId('list-table').locator('tbody tr').first().textContent()) ?? ''
        expect(rowText).toContain(first.name)
        if (first.basis) expect(rowText).toContain(first.basis)
        if (first.until) expect(rowText).toContain(first.until)
      }
      await screenshot(page, 'portal-list-desktop')
      expect(problems).toEqual([])
    })
  })
})
