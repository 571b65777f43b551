// The demo city is graded while it is built; every graded entity's explanation adds up (base + reasons = score),
// and SQLite and PostgreSQL give the same grades for the whole demo. It has one completed 双随机 plan whose draw
// verifies, the same in both databases, with its results published as records.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemo } from '../../src/flows/demo/index.js'
import { entityGrade, runGrading } from '../../src/modules/grading/index.js'
import { publicPlan, publicPlans, verifyDraw } from '../../src/modules/inspections/index.js'
import { screen } from '../../src/modules/sme/index.js'
import { admin } from '../support/people.js'
import { type DialectName, dialects, type TestContext, testContext } from '../support/context.js'

type Row = { entity_id: string; uscc: string; kind: string; model_code: string; score: number; grade: string }

describe('demo: credit evaluation', () => {
  const ctxs = new Map<DialectName, TestContext>()
  const grades = new Map<DialectName, Row[]>()
  beforeAll(async () => {
    for (const d of dialects) {
      const ctx = await testContext(d, { now: '2026-06-01T02:00:00.000Z' })
      await generateDemo(ctx, { entities: 400, seed: 11, recordsPerEntity: 4 })
      ctxs.set(d, ctx)
      const rows = await sql<Row>`select g.entity_id, e.uscc, e.kind, g.model_code, g.score, g.grade
        from grades g join entities e on e.id = g.entity_id where g.is_current = 1`.execute(ctx.db)
      grades.set(
        d,
        rows.rows
          .map((r) => ({ ...r, score: Number(r.score) }))
          .sort((a, b) => `${a.model_code}${a.uscc}`.localeCompare(`${b.model_code}${b.uscc}`)),
      )
    }
  }, 300_000)
  afterAll(async () => {
    for (const c of ctxs.values()) await c.close()
  })

  it('grades every organisation a model covers, persons never', async () => {
    for (const [d, rows] of grades) {
      expect(rows.length, d).toBeGreaterThan(200)
      expect(new Set(rows.map((r) => r.kind))).toEqual(
        new Set(['legal_person', 'unincorporated_org', 'individual_business', 'farmer_coop']),
      )
      expect(new Set(rows.map((r) => r.model_code))).toEqual(new Set(['construction', 'food', 'general', 'rural']))
      // cooperatives and individual businesses by their own model only, organisations never by it
      for (const r of rows)
        expect(r.model_code === 'rural', `${d} ${r.uscc}`).toBe(
          r.kind === 'individual_business' || r.kind === 'farmer_coop',
        )
      expect(new Set(rows.map((r) => r.grade)).size, d).toBeGreaterThanOrEqual(3)
      const ctx = ctxs.get(d) as TestContext
      const person = await sql<{ id: string }>`select id from entities where kind = 'natural_person' limit 1`.execute(
        ctx.db,
      )
      await expect(entityGrade(ctx, person.rows[0]?.id as string)).rejects.toMatchObject({
        code: 'grading.not_covered',
      })
    }
  })

  it('base + reasons = score for every graded entity, served from the stored grade', async () => {
    for (const [d, rows] of grades) {
      const ctx = ctxs.get(d) as TestContext
      for (const r of rows) {
        const g = await entityGrade(ctx, r.entity_id, { model: r.model_code })
        expect(g.stored).toBe(true)
        expect(g.score).toBe(r.score)
        expect(g.base + g.reasons.reduce((s, x) => s + x.points, 0), `${d} ${r.uscc} ${r.model_code}`).toBe(g.score)
        expect(g.dimensions.reduce((s, x) => s + x.score, 0)).toBe(g.score)
      }
    }
  })

  it('both databases give identical grades for the whole demo; a second full run changes nothing', async () => {
    const [first, ...rest] = [...grades.values()].map((rows) =>
      rows.map((r) => [r.model_code, r.uscc, r.score, r.grade]),
    )
    for (const other of rest) expect(other).toEqual(first)
    for (const [d, ctx] of ctxs) {
      const before = await sql<{ n: number }>`select count(*) as n from grades`.execute(ctx.db)
      await runGrading(ctx, admin)
      const after = await sql<{ n: number }>`select count(*) as n from grades`.execute(ctx.db)
      expect(Number(after.rows[0]?.n), d).toBe(Number(before.rows[0]?.n))
    }
  })

  it('has a 优质中小企业 list with cooperatives or individual businesses on it, the same in both databases', async () => {
    const lists = new Map<DialectName, string[]>()
    for (const [d, ctx] of ctxs) {
      const { items } = await screen(ctx, {})
      expect(items.length, d).toBeGreaterThan(20)
      expect(
        items.some((i) => i.model === 'rural'),
        d,
      ).toBe(true)
      expect(
        items.every((i) => ['A', 'B'].includes(i.grade)),
        d,
      ).toBe(true)
      lists.set(d, items.map((i) => `${i.uscc}:${i.grade}:${i.score}:${i.redList}`).sort())
    }
    const [first, ...rest] = [...lists.values()]
    for (const other of rest) expect(other).toEqual(first)
  })

  it('has one completed 双随机 plan: drawn by grade from a frozen list, verifiable, results published as records', async () => {
    const draws: unknown[] = []
    for (const [d, ctx] of ctxs) {
      const page = await publicPlans(ctx, {})
      expect(page.total, d).toBe(1)
      const plan = page.items[0] as (typeof page.items)[number]
      expect(plan).toMatchObject({ status: 'completed', dept: 'tj-scjg', policy: { code: 'general', version: 1 } })
      expect(plan.targets).toBeGreaterThan(0)
      expect(plan.results).toBe(plan.targets)
      expect(plan.strata.reduce((n, s) => n + (s.drawn ?? 0), 0)).toBe(plan.targets)
      expect(await verifyDraw(ctx, plan.id)).toMatchObject({ matches: true, differences: [] })
      const detail = await publicPlan(ctx, plan.id)
      expect(detail.items.every((t) => t.result !== null && t.recordId !== null && t.inspectors.length === 2)).toBe(
        true,
      )
      const records = await sql<{ n: number }>`select count(*) as n from records where class_code = 'admin_inspection'
        and document_no like ${`${plan.number}-%`}`.execute(ctx.db)
      expect(Number(records.rows[0]?.n), d).toBe(plan.targets)
      draws.push([plan.seed, plan.strata.map((s) => [s.grade, s.candidates, s.requested, s.drawn, s.takeAll])])
    }
    // the same city, the same seed, the same strata in both databases (which entities are drawn depends on their
    // ids, which are not the demo's)
    for (const other of draws.slice(1)) expect(other).toEqual(draws[0])
  })
})
