import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession } from './console.js'
import { loginFor } from './context.js'

interface PublicEntity {
  id: string
  name: string
  categories: { code: string; records?: { recordId: string; documentNo: string | null }[] }[]
  lists: { recordId: string }[]
}

describe('portal: objection marks and expiry', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const dbPath = inject('dbPath')
  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
    })
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
    return (await r.json()) as T
  }

  it('a record under objection shows 异议处理中 on the entity file', async () => {
    const found = await api<{ items: { id: string; kind: string; uscc: string | null }[] }>(
      `/api/v1/public/search?q=${encodeURIComponent('有限')}&negative=true&pageSize=50`,
    )
    let entity: PublicEntity | undefined
    let recordId: string | undefined
    // few entity files: their per-client budget is small
    for (const item of found.items.filter((i) => i.kind === 'legal_person' && i.uscc).slice(0, 4)) {
      const e = await api<PublicEntity>(`/api/v1/public/entities/${item.id}`)
      const id = e.categories.flatMap((c) => c.records ?? [])[0]?.recordId ?? e.lists[0]?.recordId
      if (id) {
        entity = e
        recordId = id
        break
      }
    }
    expect(recordId, 'a demo company with a public record').toBeTruthy()
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const opened = await operator('POST', `/api/v1/records/${recordId}/marks`, {
      kind: 'under_objection',
      reason: '当事人对处罚金额提出异议',
    })
    expect(opened.status, JSON.stringify(opened.json)).toBeLessThan(300)

    await withPage(browser(), baseUrl, 'portal-entity-objection', async ({ page }) => {
      await page.goto(`/entities/${entity?.id}`)
      await page.getByRole('heading', { level: 1, name: entity?.name }).waitFor()
      await page.getByText('异议处理中').first().waitFor()
      expect(await page.getByText('异议处理中').count()).toBeGreaterThan(0)
      await screenshot(page, 'portal-entity-objection')
    })
  })

  it('a record past its publication window is gone from the portal', async () => {
    if (!dbPath) return // a server given by URL: its database is not at hand
    const raw = new BetterSqlite3(dbPath, { readonly: true })
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const expired = raw
      .prepare(
        `select id, entity_id from records where class_code = 'admin_penalty' and state = 'active' and publish_max_until < ? limit 1`,
      )
      .get(today) as { id: string; entity_id: string } | undefined
    raw.close()
    expect(expired, 'the demo has an expired penalty').toBeTruthy()
    const r = await fetch(`${baseUrl}/api/v1/public/records/${expired?.id}`)
    expect(r.status).toBe(404)
    const file = await fetch(`${baseUrl}/api/v1/public/entities/${expired?.entity_id}`)
    if (file.ok) expect(await file.text()).not.toContain(expired?.id as string)
    await withPage(browser(), baseUrl, 'portal-record-expired', async ({ page }) => {
      await page.goto(`/records/${expired?.id}`)
      await page
        .getByText(/不存在|未找到|不予公示|已结束|不公示/)
        .first()
        .waitFor()
    })
  })
})
