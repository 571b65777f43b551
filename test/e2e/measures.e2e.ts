// 措施清单 in the browser: the operator opens the measure list, edits a measure (version 2) and sees the diff; a
// consumer department reads the list without the edit buttons.
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { cellsOf, chooseOption, logIn, openNavItem, tableRow, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

describe('措施清单', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('the operator edits a measure: version 2 is current and the diff shows the changed content', async () => {
    await withPage(browser(), baseUrl, 'measures-edit', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '目录与规则', '措施清单')
      await waitForConsolePage(page, 'catalog/measures', '奖惩措施清单')

      // the list row: name and code, 惩戒 tag, scenario, departments, basis, status, version
      const row = tableRow(page, 'punish_cd_honors')
      await row.waitFor()
      const cells = await cellsOf(row)
      expect(cells[0]).toBe('不得授予荣誉称号、参加评优评先punish_cd_honors')
      expect(cells[1]).toBe('惩戒')
      expect(cells[2]).toBe('评优评先')
      expect(cells[3]).toContain('天津市发展和改革委员会')
      expect(cells[4]).toContain('发改财金〔2016〕141号')
      expect(cells[5]).toBe('有效')
      expect(cells[6]).toBe('第 1 版')
      await page.getByText(/^共 \d+ 项措施$/).waitFor()
      // filter: 激励 only
      await chooseOption(page, '类型', '守信激励')
      const kinds = async () => [
        ...new Set(await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allTextContents()),
      ]
      await expect.poll(kinds).toEqual(['激励'])
      await screenshot(page, 'measures-list')

      await page.goto('/console/catalog/measures/punish_cd_honors')
      await page.getByRole('heading', { name: '不得授予荣誉称号、参加评优评先', level: 1 }).waitFor()
      expect(await page.getByTestId('measure-basis').textContent()).toContain('发改财金〔2016〕141号')
      await page.getByRole('button', { name: '修改措施' }).click()
      const drawer = page.getByRole('dialog', { name: /修改措施/ })
      await drawer.waitFor()
      const content = drawer.getByRole('textbox', { name: '措施内容' })
      const before = await content.inputValue()
      expect(before.length).toBeGreaterThan(4)
      const after = `${before}（本市补充：三年内不得推荐为市级评优对象。）`
      await content.fill(after)
      await drawer.getByRole('textbox', { name: '修改原因' }).fill('依据本市实施细则补充措施内容')
      await drawer.getByRole('button', { name: '保存为新版本' }).click()
      await drawer.waitFor({ state: 'hidden' })

      await page.waitForURL((url) => url.searchParams.get('diff') === '1-2')
      const diff = page.getByTestId('measure-diff')
      await diff.waitFor()
      const diffText = (await diff.textContent()) ?? ''
      expect(diffText).toContain('第 1 版 → 第 2 版：1 项变化。')
      expect(diffText).toContain('措施内容（content）')
      expect(diffText).toContain(`修改前：${before}`)
      expect(diffText).toContain(`修改后：${after}`)
      const v2 = tableRow(page, '第 2 版')
      const v2cells = await cellsOf(v2)
      expect(v2cells[0]).toContain('当前')
      expect(v2cells[1]).toBe('运维修改')
      expect(v2cells[4]).toBe('依据本市实施细则补充措施内容')
      await screenshot(page, 'measures-diff')

      // the definition tab shows the new content
      await page.getByRole('tab', { name: '措施定义' }).click()
      await page.getByRole('tabpanel', { name: '措施定义' }).getByText(after).waitFor()
      expect(problems).toEqual([])
    })
  })

  it('a consumer department reads the list and a measure without edit buttons', async () => {
    await withPage(browser(), baseUrl, 'measures-readonly', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await page.goto('/console/catalog/measures')
      await page.getByRole('heading', { name: '奖惩措施清单', level: 1 }).waitFor()
      await tableRow(page, 'punish_cd_procurement').waitFor()
      expect(await page.getByRole('button', { name: '新增措施' }).count()).toBe(0)
      await page.goto('/console/catalog/measures/punish_cd_procurement')
      await page.getByRole('heading', { name: '限制参与政府采购活动', level: 1 }).waitFor()
      expect(await page.getByRole('button', { name: '修改措施' }).count()).toBe(0)
      expect(await page.getByRole('button', { name: '停用措施' }).count()).toBe(0)
      // a reward measure shows its exclusions (data of the measure list)
      await page.goto('/console/catalog/measures/reward_taxa_procurement')
      await page.getByRole('heading', { name: '政府采购中同等条件下优先', level: 1 }).waitFor()
      const exclusions = (await page.getByTestId('measure-exclusions').textContent()) ?? ''
      expect(exclusions).toContain('列入黑名单')
      expect(exclusions).toContain('列入重点关注名单')
      expect(exclusions).toContain('严重及以上')
      expect(problems).toEqual([])
    })
  })
})
