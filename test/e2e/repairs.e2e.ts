// Journey (b), credit repair in the browser: the demo subject opens 申请信用修复 on a record that is too early (the
// page shows its earliest date and files nothing), then applies for an eligible one through the portal form; the
// deciding department (市场监管委, the demo provider) approves it on the console case page; the record is gone from
// the portal at once.
import { describe, expect, inject, it } from 'vitest'
import { useBrowser, withPage } from './browser.js'
import { apiSession, logIn } from './console.js'
import { loginFor } from './context.js'

interface Summary {
  id: string
  documentNo: string | null
}

describe('credit repair (journey b)', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')

  it('too early is refused with its earliest date; an eligible one approved is gone from the portal', async () => {
    const subject = loginFor(demo, 'subject')
    const provider = loginFor(demo, 'provider')
    const asSubject = await apiSession(baseUrl, subject)
    const me = (await asSubject('GET', '/api/v1/auth/me')).json as { user: { entityId: string } }
    const entityId = me.user.entityId
    const file = (await (await fetch(`${baseUrl}/api/v1/public/entities/${entityId}`)).json()) as {
      categories: { records: Summary[] }[]
    }
    const records = file.categories.flatMap((c) => c.records)
    const tooEarly = records.find((r) => r.documentNo === '津市监罚〔2026〕9804号')
    const eligible = records.find((r) => r.documentNo === '津市监罚〔2026〕9803号')
    expect(tooEarly && eligible, 'the demo subject’s repair records').toBeTruthy()
    // the demo left an application for the eligible record waiting: the subject withdraws it to apply again here
    const open = (await asSubject('GET', '/api/v1/repairs?state=submitted')).json as {
      items: { id: string; version: number; recordId: string }[]
    }
    for (const c of open.items.filter((i) => i.recordId === eligible?.id))
      expect((await asSubject('POST', `/api/v1/repairs/${c.id}/withdraw`, { version: c.version })).status).toBe(200)

    await withPage(browser(), baseUrl, 'repairs-portal', async ({ page }) => {
      const login = await page.request.post('/api/v1/auth/login', {
        data: { username: subject.username, password: subject.password },
      })
      expect(login.status()).toBe(200)

      // too early: the eligibility first, with the earliest date; no form
      await page.goto(`/records/${tooEarly?.id}`)
      await page.getByTestId('repair-apply').click()
      await page.getByTestId('repair-eligibility').waitFor()
      await expect.poll(() => page.getByTestId('repair-earliest').textContent()).toBe('2027-05-13')
      expect(await page.getByTestId('repair-reasons').textContent()).toContain('最早可于 2027-05-13 申请信用修复')
      expect(await page.getByRole('button', { name: '提交申请' }).count()).toBe(0)

      // eligible: the form, filed
      await page.goto(`/records/${eligible?.id}`)
      await page.getByTestId('repair-apply').click()
      await page
        .getByLabel('申请说明（已纠正失信行为、履行法定义务的情况）')
        .fill('已补报并公示年度报告，罚款已缴清，申请信用修复。')
      await page.getByLabel('信用修复承诺书').fill('本单位承诺所提交材料真实有效，今后按时公示年度报告，依法诚信经营。')
      await page.getByRole('button', { name: '提交申请' }).click()
      await page.getByTestId('repair-filed').waitFor()
      expect(await page.getByTestId('repair-filed').textContent()).toMatch(/XF2026\d{6}/)
    })

    const filed = (await asSubject('GET', '/api/v1/repairs?state=submitted')).json as {
      items: { id: string; number: string; recordId: string }[]
    }
    const c = filed.items.find((i) => i.recordId === eligible?.id)
    expect(c).toBeTruthy()

    // the deciding department approves on the console case page
    await withPage(browser(), baseUrl, 'repairs-console', async ({ page }) => {
      await logIn(page, provider)
      await page.goto(`/console/rights/repairs/${c?.id}`)
      await page.getByRole('heading', { name: `信用修复 ${c?.number}` }).waitFor()
      await page.getByRole('button', { name: '同意修复' }).click()
      const dialog = page.getByRole('dialog', { name: '同意修复' })
      await dialog.getByLabel('同意理由').fill('已补报年度报告并缴清罚款，最短公示期已满，同意修复。')
      await dialog.getByRole('button', { name: '确定' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await page.getByText('已同意修复').first().waitFor()
    })

    // gone from the portal at once: the record page and the entity's file
    await withPage(browser(), baseUrl, 'repairs-gone', async ({ page }) => {
      await page.goto(`/records/${eligible?.id}`)
      await page.getByText('未找到该信息').waitFor()
      await page.goto(`/entities/${entityId}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      expect(await page.content()).not.toContain('津市监罚〔2026〕9803号')
    })
  })
})
