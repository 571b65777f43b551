// 信用评价 in the console: the model list (with the publication policy off by default), a model's versions and diff,
// the editor refusing a definition with every problem and its place; the distribution charts drawn from the figures
// of the API; an entity's grade tab with its reasons and the what-if giving the API's answer.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, cellsOf, logIn, openNavItem, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface Stats {
  total: number
  grades: { grade: string; label: string }[]
  byGrade: { grade: string; n: number }[]
  byIndustry: { code: string | null; total: number }[]
  byDistrict: { code: string | null; name: string | null; total: number }[]
}

describe('信用评价 console', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const dbPath = inject('dbPath')

  it('models: list, publication off, editor lists every problem, a saved version and its diff', async () => {
    await withPage(browser(), baseUrl, 'grading-models', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '目录与规则', '评价模型')
      await waitForConsolePage(page, 'catalog/grading', '评价模型')
      const general = tableRow(page, 'general')
      await general.waitFor()
      const cells = await cellsOf(general)
      expect(cells[0]).toContain('general')
      expect(cells[1]).toContain('企业法人')
      expect(cells[2]).toBe('全部行业')
      expect(cells[6]).toBe('有效')
      expect(await page.getByTestId('publication-off').textContent()).toContain('不公开')
      await screenshot(page, 'grading-models')

      // the food model: an edit with a gap in the bands and an unknown class is refused, every problem listed
      await page.goto('/console/catalog/grading/food')
      await page.getByRole('tab', { name: '模型定义' }).waitFor()
      await page.getByTestId('model-bands').locator('tbody tr').first().waitFor()
      expect(await page.getByTestId('model-bands').locator('tbody tr').count()).toBeGreaterThan(1)
      await page.getByRole('button', { name: '修改模型' }).click()
      const drawer = page.getByRole('dialog', { name: /修改评价模型/ })
      await drawer.waitFor()
      const box = drawer.getByRole('textbox', { name: '模型定义（JSON）' })
      const original = JSON.parse(await box.inputValue()) as {
        description: string
        bands: { grade: string; min: number; max: number }[]
        items: { classes: string[] }[]
      }
      const top = [...original.bands].sort((a, b) => b.min - a.min)[0] as { grade: string; min: number }
      const broken = structuredClone(original)
      for (const b of broken.bands) if (b.grade === top.grade) b.min += 5
      ;(broken.items[0] as { classes: string[] }).classes = ['no_such_class']
      await box.fill(JSON.stringify(broken, null, 2))
      await drawer.getByRole('textbox', { name: '修改原因' }).fill('浏览器测试：错误的定义')
      await drawer.getByRole('button', { name: '保存为新版本' }).click()
      const listed = drawer.getByTestId('model-problems')
      await listed.waitFor()
      const text = (await listed.textContent()) ?? ''
      expect(text).toContain('模型定义有 2 个问题，未保存')
      expect(text).toContain('评分项第 1 项：第 1 个评分项')
      expect(text).toContain('引用了信用信息目录中不存在的类别「no_such_class」')
      expect(text).toContain(`等级划分：分数 ${top.min} 到 ${top.min + 4} 分没有对应的等级（等级区间有缺口）`)
      expect(await listed.locator('[data-path="items[0]"]').count()).toBe(1)
      await screenshot(page, 'grading-editor-problems')

      // a sound edit (the description only: no score changes) becomes version 2 and the diff names it
      const edited = { ...original, description: `${original.description}（浏览器测试补充说明）` }
      await box.fill(JSON.stringify(edited, null, 2))
      await drawer.getByRole('button', { name: '校验' }).click()
      await drawer.getByTestId('model-ok').waitFor()
      await drawer.getByRole('button', { name: '保存为新版本' }).click()
      await drawer.waitFor({ state: 'hidden' })
      await page.waitForURL((url) => /^\d+-\d+$/.test(url.searchParams.get('diff') ?? ''))
      const diff = page.getByTestId('model-diff')
      await diff.waitFor()
      const diffText = (await diff.textContent()) ?? ''
      expect(diffText).toMatch(/第 \d+ 版 → 第 \d+ 版：1 项变化。/)
      expect(diffText).toContain('说明')
      expect(diffText).toContain(`修改后：${edited.description}`)
      await screenshot(page, 'grading-diff')
      expect(problems).toEqual([])
    })
  })

  it('distribution: the charts draw the figures of the API, sections and districts named', async () => {
    const consumer = await apiSession(baseUrl, loginFor(demo, 'consumer'))
    const res = await consumer('GET', '/api/v1/grading/stats?model=general')
    expect(res.status).toBe(200)
    const s = res.json as unknown as Stats
    expect(s.total, 'the demo city is graded').toBeGreaterThan(0)
    await withPage(browser(), baseUrl, 'grading-distribution', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '统计分析', '评价分布')
      await waitForConsolePage(page, 'stats/grades', '评价分布')
      const byGrade = page.getByTestId('chart-grade')
      await byGrade.locator('div[role="img"] svg').first().waitFor()
      const label = (await byGrade.locator('div[role="img"]').getAttribute('aria-label')) ?? ''
      expect(label).toBe(`按等级：${s.byGrade.map((b) => `${b.grade} ${b.n}`).join('、')}`)
      // the SVG draws the grades' names on the axis
      const svgText = (await byGrade.locator('div[role="img"] svg').textContent()) ?? ''
      for (const g of s.grades) expect(svgText).toContain(`${g.grade} ${g.label}`)
      for (const id of ['chart-time', 'chart-district', 'chart-industry'])
        await page.getByTestId(id).locator('div[role="img"] svg').first().waitFor()
      const named = s.byIndustry.find((g) => g.code !== null)
      if (named) {
        const industrySvg =
          (await page.getByTestId('chart-industry').locator('div[role="img"] svg').textContent()) ?? ''
        expect(industrySvg).toContain(`${named.code} `)
        expect(industrySvg).not.toMatch(/^[A-T]$/m)
      }
      const district = s.byDistrict.find((g) => g.name !== null)
      if (district) expect(await page.getByTestId('chart-district').textContent()).toContain(district.name as string)
      await screenshot(page, 'grading-distribution')
      expect(problems).toEqual([])
    })
  })

  it('entity grade: reasons with their records; ticking a record gives the what-if of the API', async () => {
    if (!dbPath) return // a server given by URL: its database is not at hand to choose the entity
    const raw = new BetterSqlite3(dbPath, { readonly: true })
    const row = raw
      .prepare(
        `select entity_id, reasons from grades where model_code = 'general' and is_current = 1
           and reasons like '[[%' order by score, entity_id limit 1`,
      )
      .get() as { entity_id: string; reasons: string } | undefined
    raw.close()
    expect(row, 'a graded company with reasons').toBeTruthy()
    const id = (row as { entity_id: string }).entity_id
    const consumer = await apiSession(baseUrl, loginFor(demo, 'consumer'))
    const grade = (await consumer('GET', `/api/v1/entities/${id}/grade`)).json as {
      score: number
      grade: string
      reasons: { records: string[] }[]
    }
    const first = grade.reasons.flatMap((r) => r.records)[0] as string
    const whatIf = (await consumer('POST', `/api/v1/entities/${id}/grade/what-if`, { exclude: [first] })).json as {
      score: number
      grade: string
    }
    expect(whatIf.score).not.toBe(grade.score)
    await withPage(browser(), baseUrl, 'grading-entity', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto(`/console/entities/${id}?tab=grade`)
      const summary = page.getByTestId('grade-summary')
      await summary.waitFor()
      expect(await summary.textContent()).toContain(`得分${grade.score}`)
      const reasons = page.getByTestId('grade-reasons')
      expect(await reasons.locator('tbody tr').count()).toBe(grade.reasons.length)
      expect(await reasons.locator(`a[href$="/records/${first}"]`).count()).toBeGreaterThan(0)
      const card = page.getByTestId('what-if')
      const run = card.getByRole('button', { name: '模拟计算' })
      expect(await run.isDisabled()).toBe(true)
      await card.locator('input[type="checkbox"]').first().check()
      await run.click()
      const result = card.getByTestId('what-if-result')
      await result.waitFor()
      const text = (await result.textContent()) ?? ''
      expect(text).toContain(`排除 1 条记录后：${whatIf.grade}`)
      expect(text).toContain(`${whatIf.score} 分（现为 ${grade.grade}，${grade.score} 分`)
      await screenshot(page, 'grading-what-if')
      expect(problems).toEqual([])
    })
  })
})
