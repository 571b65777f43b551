// 评价结果公开 end to end: a grade is on the portal's public entity file only while its model is published. The
// operator publishes the general model in the console's 评价结果公开 card (basis and reason), the portal file of a
// graded company shows its grade with model and as-of date (no score, no reasons); unpublished again, it is gone.
// The server is shared by every browser test file: publication is off again when this file ends, failed or not.
import BetterSqlite3 from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { type ApiCall, apiSession, logIn, openNavItem, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface Policy {
  version: number
  publication: { models: string[]; basis: string[] }
}

/** Publication back off (the default) through the API, when it is not already. */
async function unpublish(operator: ApiCall): Promise<void> {
  const p = (await operator('GET', '/api/v1/grading/publication')).json as unknown as Policy
  if (p.publication.models.length === 0) return
  const r = await operator('PUT', '/api/v1/grading/publication', {
    publication: { models: [], basis: [] },
    reason: '浏览器测试结束：恢复不公开',
    baseVersion: p.version,
  })
  if (r.status !== 200) throw new Error(`unpublish: ${r.status} ${JSON.stringify(r.json)}`)
}

describe('评价结果公开', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const dbPath = inject('dbPath')

  it('a grade shows on the public file only while its model is published, without score or reasons', async () => {
    if (!dbPath) return // a server given by URL: its database is not at hand to choose the entity
    const raw = new BetterSqlite3(dbPath, { readonly: true })
    const row = raw
      .prepare(
        `select g.entity_id, e.name from grades g join entities e on e.id = g.entity_id
          where g.model_code = 'general' and g.is_current = 1 and e.kind <> 'natural_person'
          order by g.entity_id limit 1`,
      )
      .get() as { entity_id: string; name: string } | undefined
    raw.close()
    expect(row, 'a graded company').toBeTruthy()
    const { entity_id: id, name } = row as { entity_id: string; name: string }
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const grade = (await operator('GET', `/api/v1/entities/${id}/grade?model=general`)).json as {
      grade: string
      gradeLabel: string
      modelName: string
      asOf: string
      score: number
    }
    expect(grade.grade).toMatch(/^[A-Z]/)
    const before = (await operator('GET', '/api/v1/grading/publication')).json as unknown as Policy
    expect(before.publication.models, 'publication is off by default').toEqual([])

    const publicFile = async () =>
      (await (await fetch(`${baseUrl}/api/v1/public/entities/${id}`)).json()) as { grades: Record<string, unknown>[] }
    const openFile = async (page: Page) => {
      await page.goto(`/entities/${id}`)
      await page.getByRole('heading', { level: 1, name }).waitFor()
      await page.getByText('公示记录').first().waitFor()
    }
    const savePolicy = async (page: Page, steps: () => Promise<void>) => {
      const card = page.getByTestId('grade-publication')
      await card.getByRole('button', { name: '修改公开政策' }).click()
      const modal = page.getByRole('dialog', { name: '修改评价结果公开政策' })
      await modal.waitFor()
      await steps()
      await modal.getByRole('button', { name: '保存为新版本' }).click()
      await modal.waitFor({ state: 'hidden' })
      return modal
    }

    // each look at the portal is a new visitor's: the public file may be kept by a browser for up to a minute
    const visit = (name: string, steps: (page: Page) => Promise<void>) =>
      withPage(browser(), baseUrl, name, async ({ page, problems }) => {
        await openFile(page)
        await steps(page)
        expect(problems).toEqual([])
      })
    const inConsole = (name: string, steps: (page: Page) => Promise<void>) =>
      withPage(browser(), baseUrl, name, async ({ page, problems }) => {
        await logIn(page, loginFor(demo, 'operator'))
        await openNavItem(page, '目录与规则', '评价模型')
        await waitForConsolePage(page, 'catalog/grading', '评价模型')
        await page.getByTestId('grade-publication').getByRole('button', { name: '修改公开政策' }).waitFor()
        await steps(page)
        expect(problems).toEqual([])
      })

    try {
      // before: the file shows no grade (the default)
      await visit('grade-publication-before', async (page) => {
        expect(await page.getByTestId('public-grade').count()).toBe(0)
      })
      expect((await publicFile()).grades).toEqual([])

      await inConsole('grade-publication-publish', async (page) => {
        const card = page.getByTestId('grade-publication')
        await card.getByTestId('publication-off').waitFor()
        await savePolicy(page, async () => {
          const modal = page.getByRole('dialog', { name: '修改评价结果公开政策' })
          await modal.getByRole('checkbox', { name: grade.modelName }).check()
          await modal.getByRole('textbox', { name: '公开依据' }).fill('《公共信用综合评价办法》第十二条')
          await modal.getByRole('textbox', { name: '修改原因' }).fill('浏览器测试：公开综合评价结果')
        })
        await card.getByText('《公共信用综合评价办法》第十二条').waitFor()
        expect(await card.getByTestId('publication-off').count()).toBe(0)
        expect(await card.locator('.ant-tag').filter({ hasText: grade.modelName }).count()).toBe(1)
      })
      const published = (await operator('GET', '/api/v1/grading/publication')).json as unknown as Policy
      expect(published.publication).toEqual({ models: ['general'], basis: ['《公共信用综合评价办法》第十二条'] })
      expect(published.version).toBe(before.version + 1)

      // the public file: grade, model and as-of date; no score, no reasons
      await visit('grade-publication-portal', async (page) => {
        const shown = page.getByTestId('public-grade')
        await shown.waitFor()
        expect(await shown.count()).toBe(1)
        const text = (await shown.textContent()) ?? ''
        expect(text).toContain(`${grade.grade} ${grade.gradeLabel}`)
        expect(text).toContain(`（${grade.modelName}，评价日期 ${grade.asOf}`)
        expect(text).not.toMatch(/得分|\d\s*分/)
        await screenshot(page, 'grade-publication-portal')
      })
      const file = await publicFile()
      expect(file.grades).toHaveLength(1)
      expect(file.grades[0]).toMatchObject({ model: 'general', grade: grade.grade, asOf: grade.asOf })
      expect(Object.keys(file.grades[0] ?? {})).not.toContain('score')
      expect(Object.keys(file.grades[0] ?? {})).not.toContain('reasons')

      // unpublished again in the console: the grade is gone from the file
      await inConsole('grade-publication-unpublish', async (page) => {
        const card = page.getByTestId('grade-publication')
        await card.locator('.ant-tag').filter({ hasText: grade.modelName }).waitFor()
        await savePolicy(page, async () => {
          const modal = page.getByRole('dialog', { name: '修改评价结果公开政策' })
          await modal.getByRole('checkbox', { name: grade.modelName }).uncheck()
          await modal.getByRole('textbox', { name: '公开依据' }).fill('')
          await modal.getByRole('textbox', { name: '修改原因' }).fill('浏览器测试：停止公开综合评价结果')
        })
        await card.getByTestId('publication-off').waitFor()
      })
      expect(
        ((await operator('GET', '/api/v1/grading/publication')).json as unknown as Policy).publication.models,
      ).toEqual([])
      await visit('grade-publication-after', async (page) => {
        expect(await page.getByTestId('public-grade').count()).toBe(0)
      })
      expect((await publicFile()).grades).toEqual([])
    } finally {
      await unpublish(operator)
    }
  })
})
