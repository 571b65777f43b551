// The same entities (same ids) in SQLite and PostgreSQL give the same result lists, page for page.
// Runs whenever the PostgreSQL tests run (SQLite is always available): in CI, in the PostgreSQL pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng, nameKey, normalizeName } from '../../src/identifiers/index.js'
import { indexEntities } from '../../src/modules/entities/index.js'
import { type SearchFilters, searchEntities } from '../../src/modules/search/index.js'
import { dialects, type TestContext, testContext } from '../support/context.js'
import { generatedNames, oracle } from './support.js'

const both = dialects.includes('postgres')

function fixedId(i: number): string {
  // scattered, so that the id order differs from the insertion order
  const n = (i * 7919 + 104_729) % 1_000_003
  return `0190aaaa-bbbb-7ccc-8ddd-${n.toString(16).padStart(12, '0')}`
}

async function load(
  ctx: TestContext,
  rows: { id: string; name: string; former: string[]; district: string }[],
): Promise<void> {
  const now = '2026-06-01T02:00:00.000Z'
  await ctx.db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const name = normalizeName(r.name)
      await trx
        .insertInto('entities')
        .values({
          id: r.id,
          kind: 'legal_person',
          name,
          name_norm: nameKey(name),
          status: 'active',
          district: r.district,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      const names = [{ name, kind: 'current' }, ...r.former.map((f) => ({ name: normalizeName(f), kind: 'former' }))]
      for (const [j, n] of names.entries())
        await trx
          .insertInto('entity_names')
          .values({
            id: `${r.id.slice(0, 24)}${j}${r.id.slice(25)}`,
            entity_id: r.id,
            name: n.name,
            name_norm: nameKey(n.name),
            kind: n.kind,
            created_at: now,
          })
          .execute()
    }
    await indexEntities(
      trx,
      rows.map((r) => r.id),
    )
  })
}

async function allPages(
  ctx: TestContext,
  q: string,
  filters: SearchFilters,
): Promise<{ total: number; items: unknown[] }> {
  const items: unknown[] = []
  let total = 0
  for (let page = 1; ; page++) {
    const r = await searchEntities(ctx.db, q, filters, { page, pageSize: 50 })
    total = r.total
    items.push(...r.items)
    if (r.items.length < 50) return { total, items }
  }
}

describe.skipIf(!both)('search: SQLite and PostgreSQL agree', () => {
  const ctxs: TestContext[] = []
  const rows = generatedNames(23, 600).map((g, i) => ({
    id: fixedId(i),
    ...g,
    district: i % 3 === 0 ? '120101' : '120104',
  }))

  beforeAll(async () => {
    for (const d of ['sqlite', 'postgres'] as const) {
      const ctx = await testContext(d)
      ctxs.push(ctx)
      await load(ctx, rows)
    }
  }, 120_000)
  afterAll(async () => {
    for (const c of ctxs) await c.close()
  })

  it('returns identical full result lists for overlapping fragments, with and without filters', {
    timeout: 120_000,
  }, async () => {
    const rng = createRng(4)
    const qs = new Set<string>(['天津', '河', '有限公司', '(天津)', '（天津）', 'ab', 'ＡＢ'])
    while (qs.size < 60) {
      const cps = [...(rows[Math.floor(rng.next() * rows.length)] as { name: string }).name]
      const n = Math.min(cps.length, 2 + Math.floor(rng.next() * 5))
      const i = Math.floor(rng.next() * (cps.length - n + 1))
      qs.add(cps.slice(i, i + n).join(''))
    }
    let compared = 0
    for (const q of qs) {
      if ([...nameKey(q)].length < 2) continue
      for (const filters of [{}, { district: '120101' }] as SearchFilters[]) {
        const [a, b] = [
          await allPages(ctxs[0] as TestContext, q, filters),
          await allPages(ctxs[1] as TestContext, q, filters),
        ]
        expect({ q, filters, ...b }).toEqual({ q, filters, ...a })
        compared += a.items.length
      }
      // and both agree with the specification
      expect((await allPages(ctxs[0] as TestContext, q, {})).items.map((i) => (i as { id: string }).id)).toEqual(
        oracle(rows, q),
      )
    }
    expect(compared).toBeGreaterThan(1000)
  })
})
