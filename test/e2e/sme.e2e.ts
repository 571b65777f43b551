// 优质中小企业 in the browser: a department using data (consumer) opens the list under 名单管理; the rows are the
// organisations the API lists, each with its grade and the reasons it qualifies; filtering by grade A and by the red
// list narrows the rows to those, and a district choice shows only that district's organisations.
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { type ApiCall, apiSession, chooseOption, logIn, openNavItem, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface Item {
  name: string
  grade: string
  redList: boolean
  districtName: string | null
}
interface Rule {
  version: number
  name: string
  description: string
  models: { model: string; minGrade: string; redListMinGrade: string | null }[]
}
interface ListPage {
  total: number
  items: Item[]
  districts: { code: string; name: string; count: number }[]
}

/** The rule in force back to `original`'s definition (a new version) when an edit was saved. */
async function restoreRule(operator: ApiCall, original: Rule): Promise<void> {
  const now = (await operator('GET', '/api/v1/sme/rules/sme')).json as unknown as Rule
  if (now.version === original.version) return
  const { version: _v, ...definition } = original
  const r = await operator('PUT', '/api/v1/sme/rules/sme', {
    definition,
    reason: '浏览器测试结束：恢复原规则',
    baseVersion: now.version,
  })
  if (r.status !== 200) throw new Error(`restore: ${r.status} ${JSON.stringify(r.json)}`)
}

describe('优质中小企业', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('lists the qualifying organisations with their reasons, filtered by grade, red list and district', async () => {
    await withPage(browser(), baseUrl, 'console-sme', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '名单管理', '优质中小企业')
      await waitForConsolePage(page, 'lists/sme', '优质中小企业')
      const api = (query: string) =>
        page.evaluate(async (q) => (await (await fetch(`/api/v1/sme/list?${q}`)).json()) as ListPage, query)
      const all = await api('pageSize=20')
      expect(all.total).toBeGreaterThan(0)
      const rows = tableRows(page.getByTestId('sme-list'))
      await rows.first().waitFor()
      const names = async () => (await rows.locator('td:first-child a').allTextContents()).map((t) => t.trim())
      expect(await names()).toEqual(all.items.map((i) => i.name))
      await page.getByText(`共 ${all.total} 个主体`).waitFor()
      // every row says why it qualifies
      const firstReasons = (await rows.first().textContent()) ?? ''
      expect(firstReasons).toMatch(/信用等级 [AB]/)
      expect(firstReasons).toContain('无在列的黑名单记录')
      expect(firstReasons).toContain('无在效的严重失信记录')
      await page.getByTestId('sme-rule').filter({ hasText: '筛选规则' }).waitFor()
      await screenshot(page, 'console-sme')

      // grade A only
      const gradeA = await api('pageSize=20&grade=A')
      await chooseOption(page, '信用等级', 'A 诚信')
      await page.getByText(`共 ${gradeA.total} 个主体`).waitFor()
      if (gradeA.total > 0) {
        await rows.first().waitFor()
        expect(await names()).toEqual(gradeA.items.map((i) => i.name))
        for (const text of await rows.allTextContents()) expect(text).toContain('A 诚信')
      }

      // and on the red list
      const red = await api('pageSize=20&grade=A&redList=true')
      await page.getByRole('switch', { name: '只看红名单' }).click()
      await page.getByText(`共 ${red.total} 个主体`).waitFor()
      if (red.total > 0) {
        await rows.first().waitFor()
        expect(await names()).toEqual(red.items.map((i) => i.name))
        for (const text of await rows.allTextContents()) expect(text).toContain('列入红名单')
      }

      // afresh (every grade), then one district: only its organisations
      await page.reload()
      await page.getByText(`共 ${all.total} 个主体`).waitFor()
      const district = all.districts[0] as { code: string; name: string; count: number }
      await chooseOption(page, '区县', `${district.name}（${district.count}）`)
      await page.getByText(`共 ${district.count} 个主体`).waitFor()
      const inDistrict = await api(`pageSize=20&district=${district.code}`)
      expect(inDistrict.total).toBe(district.count)
      expect(await names()).toEqual(inDistrict.items.map((i) => i.name))
      expect(problems).toEqual([])
    })
  })

  it('the rule in force in words with its version; an edit with a bad grade is refused with the problem listed, a sound one becomes a version with its diff', async () => {
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const original = (await operator('GET', '/api/v1/sme/rules/sme')).json as unknown as Rule
    const models = (await operator('GET', '/api/v1/grading/models')).json as unknown as {
      items: { code: string; name: string }[]
    }
    const nameOf = (code: string) => models.items.find((m) => m.code === code)?.name ?? code
    const first = original.models[0] as Rule['models'][number]
    try {
      await withPage(browser(), baseUrl, 'console-sme-rule', async ({ page, problems }) => {
        await logIn(page, loginFor(demo, 'operator'))
        await page.goto('/console/lists/sme')
        await waitForConsolePage(page, 'lists/sme', '优质中小企业')
        const card = page.getByTestId('sme-rule-card')
        await card.getByTestId('sme-rule-version').waitFor()
        expect(await card.getByTestId('sme-rule-version').textContent()).toBe(`第 ${original.version} 版`)
        const words = (await card.getByTestId('sme-rule-models').textContent()) ?? ''
        expect(words).toContain(`${nameOf(first.model)} ${first.minGrade} 级及以上`)
        expect(words).not.toMatch(/[a-z]{3,}/) // models by their names, not their codes
        expect(await card.textContent()).toContain(
          '有在列的黑名单记录、在列的重点关注名单记录、在效的严重失信记录的主体不予列入',
        )

        // a grade the model does not give: refused, the problem listed in Chinese, nothing saved
        await card.getByRole('button', { name: '修改筛选规则' }).click()
        const drawer = page.getByRole('dialog', { name: /修改筛选规则/ })
        await drawer.waitFor()
        const box = drawer.getByRole('textbox', { name: '筛选规则（JSON）' })
        const definition = JSON.parse(await box.inputValue()) as Omit<Rule, 'version'>
        expect(definition.name).toBe(original.name)
        const broken = structuredClone(definition)
        ;(broken.models[0] as Rule['models'][number]).minGrade = 'Z'
        await box.fill(JSON.stringify(broken, null, 2))
        await drawer.getByRole('button', { name: '保存为新版本' }).click()
        await drawer.getByTestId('sme-rule-error').waitFor()
        expect(await drawer.getByTestId('sme-rule-error').textContent()).toContain('请填写修改原因')
        await drawer.getByRole('textbox', { name: '修改原因' }).fill('浏览器测试：错误的等级')
        await drawer.getByRole('button', { name: '保存为新版本' }).click()
        const listed = drawer.getByTestId('sme-rule-problems')
        await listed.waitFor()
        const text = (await listed.textContent()) ?? ''
        expect(text).toContain('筛选规则有 1 个问题，未保存')
        expect(text).toContain(`models[0].minGrade：评价模型「${first.model}」没有等级「Z」`)
        expect(((await operator('GET', '/api/v1/sme/rules/sme')).json as unknown as Rule).version).toBe(
          original.version,
        )
        await screenshot(page, 'console-sme-rule-problems')

        // a sound edit (the description only): a new version, the card and the diff say so
        await box.fill(
          JSON.stringify({ ...definition, description: `${definition.description}（浏览器测试补充）` }, null, 2),
        )
        await drawer.getByRole('textbox', { name: '修改原因' }).fill('浏览器测试：补充说明')
        await drawer.getByRole('button', { name: '保存为新版本' }).click()
        await drawer.waitFor({ state: 'hidden' })
        await card
          .getByTestId('sme-rule-version')
          .filter({ hasText: `第 ${original.version + 1} 版` })
          .waitFor()
        await card
          .locator('tr')
          .filter({ hasText: '浏览器测试：补充说明' })
          .getByRole('button', { name: '与上一版比较' })
          .click()
        const diff = card.getByTestId('sme-rule-diff')
        await diff.waitFor()
        const diffText = (await diff.textContent()) ?? ''
        expect(diffText).toContain(`第 ${original.version} 版 → 第 ${original.version + 1} 版：1 项变化`)
        expect(diffText).toContain('说明')
        expect(diffText).toContain('浏览器测试补充')
        await screenshot(page, 'console-sme-rule-diff')
        expect(problems).toEqual([])
      })
    } finally {
      // the server is shared: the rule in force goes back to the original definition
      await restoreRule(operator, original)
    }
  })
})
