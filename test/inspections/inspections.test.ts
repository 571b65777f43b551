// 双随机、一公开 over HTTP on both databases: inspector pools and conflicts, a plan frozen (commitment published) and
// drawn (seed revealed, the draw recomputable by anyone from the published document), the take-all stratum, the
// conflict exclusion on real data, results published as 行政检查结果信息 records, `gongxin inspections verify-draw`
// catching tampering, who may do what, and the audit trail.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerInspectionCommands } from '../../src/cli/commands/inspections.js'
import { computeDraw, type FrozenDocument } from '../../src/modules/inspections/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { runGrading, updatePublication } from '../../src/modules/grading/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { admin, bearer, companyUscc, penalty, seedDepts, testApp } from '../repairs/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

type Plan = {
  id: string
  number: string
  status: string
  commitment: { seedHash: string; frozenHash: string; frozenAt: string } | null
  seed: string | null
  candidates: number
  targets: number
  results: number
  strata: {
    grade: string
    candidates: number
    requested: number
    drawn: number | null
    takeAll: boolean
    note: string | null
  }[]
  items?: {
    position: number
    entityId: string
    stratum: string
    inspectors: ({ id: string; name: string | null } | string)[]
    result: string | null
    recordId: string | null
    district?: string | null
  }[]
}

const DISTRICTS = ['120101', '120102', '120103']

describeEachDialect('双随机、一公开 over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let scjg: Record<string, string>
  let fy: Record<string, string>
  let consumer: Record<string, string>
  let operator: Record<string, string>
  const companies: { id: string; uscc: string; name: string; district: string }[] = []
  const dCompanies: string[] = []
  const cCompanies: string[] = []
  const inspectors: Record<string, { id: string; district: string }> = {}
  let plan: Plan
  let drawn: Plan

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    // 30 companies in three districts; two graded D (three serious and one general penalty), three C (one serious)
    for (let i = 0; i < 30; i++) {
      const uscc = companyUscc()
      const name = `天津市抽查测试第${i + 1}贸易有限公司`
      const district = DISTRICTS[i % 3] as string
      const e = await createEntity(ctx, admin, {
        kind: 'legal_person',
        name,
        uscc,
        district,
        industry: 'F',
        legalRep: '王五',
      })
      companies.push({ id: e.id, uscc, name, district })
    }
    for (const [k, c] of companies.slice(0, 2).entries()) {
      for (let j = 1; j <= 3; j++) await penalty(ctx, c, `津市监罚〔2026〕D${k}-${j}号`, '2026-10-01', 'serious')
      await penalty(ctx, c, `津市监罚〔2026〕D${k}-4号`, '2026-10-02')
      dCompanies.push(c.id)
    }
    for (const [k, c] of companies.slice(2, 5).entries()) {
      await penalty(ctx, c, `津市监罚〔2026〕C${k}号`, '2026-10-01', 'serious')
      cCompanies.push(c.id)
    }
    await runGrading(ctx, admin)
    app = await testApp(ctx)
    scjg = await bearer(ctx, 'provider', 'tj-scjg')
    fy = await bearer(ctx, 'provider', 'tj-fy')
    consumer = await bearer(ctx, 'consumer', 'tj-scjg')
    operator = await bearer(ctx, 'operator')
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const post = (url: string, payload: unknown, headers = scjg) =>
    app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers })
  const get = (url: string, headers: Record<string, string> = scjg) => app.inject({ method: 'GET', url, headers })

  describe('the inspector pool', () => {
    it('adds inspectors of the department with their district office; a badge number is unique per department', async () => {
      for (const [badge, district] of [
        ['JC-001', '120101'],
        ['JC-002', '120101'],
        ['JC-003', '120102'],
        ['JC-004', '120103'],
        ['JC-005', '120103'],
      ] as const) {
        const res = await post('/api/v1/inspections/inspectors', { name: `执法员${badge}`, badgeNo: badge, district })
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json()).toMatchObject({ dept: 'tj-scjg', badgeNo: badge, district, status: 'active' })
        inspectors[badge] = { id: res.json().id, district }
      }
      const again = await post('/api/v1/inspections/inspectors', {
        name: '重复',
        badgeNo: 'JC-001',
        district: '120101',
      })
      expect([again.statusCode, again.json().error.code]).toEqual([409, 'inspections.badge_taken'])
      const badDistrict = await post('/api/v1/inspections/inspectors', {
        name: '错误',
        badgeNo: 'JC-009',
        district: '999999',
      })
      expect([badDistrict.statusCode, badDistrict.json().error.code]).toEqual([422, 'inspections.bad_input'])
      // another department sees only its own (none), an operator every department's
      expect((await get('/api/v1/inspections/inspectors', fy)).json().items).toEqual([])
      expect((await get('/api/v1/inspections/inspectors', operator)).json().items).toHaveLength(5)
      // an inactive inspector is kept in the pool but never drawn
      const off = await post('/api/v1/inspections/inspectors', {
        name: '退休',
        badgeNo: 'JC-006',
        district: '120102',
        status: 'inactive',
      })
      expect(off.statusCode).toBe(201)
    })

    it('declares a conflict of interest (and only once), lists and withdraws conflicts', async () => {
      const url = `/api/v1/inspections/inspectors/${inspectors['JC-004']?.id}/conflicts`
      const res = await post(url, { entityId: dCompanies[0], reason: '该执法员的亲属在该企业任职' })
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json()).toMatchObject({ entityId: dCompanies[0], entityName: companies[0]?.name, withdrawnAt: null })
      const twice = await post(url, { entityId: dCompanies[0], reason: '再次登记' })
      expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'inspections.conflict_exists'])
      // a conflict declared and withdrawn again does not count
      const temp = await post(url, { entityId: dCompanies[1], reason: '临时登记的回避' })
      const withdrawn = await post(`/api/v1/inspections/conflicts/${temp.json().id}/withdraw`, { reason: '登记有误' })
      expect(withdrawn.statusCode, withdrawn.body).toBe(200)
      expect(withdrawn.json().withdrawnAt).not.toBeNull()
      const list = (await get(url)).json().items as { entityId: string; withdrawnAt: string | null }[]
      expect(list.map((c) => [c.entityId, c.withdrawnAt === null])).toEqual(
        expect.arrayContaining([
          [dCompanies[0], true],
          [dCompanies[1], false],
        ]),
      )
      // another department's inspector is not found
      expect((await post(url, { entityId: dCompanies[1], reason: '他部门' }, fy)).statusCode).toBe(404)
    })
  })

  describe('a plan: freeze (commit), draw (reveal), results (publish)', () => {
    it('creates a draft plan of the department; bad input is listed, who may not is refused', async () => {
      const body = {
        name: '2026 年 12 月商贸企业双随机抽查',
        matter: '企业公示信息、经营行为',
        industries: ['F'],
        period: { from: '2026-12-01', to: '2026-12-31' },
        policy: 'general',
      }
      expect((await post('/api/v1/inspections/plans', body, {})).statusCode).toBe(401)
      expect((await post('/api/v1/inspections/plans', body, consumer)).statusCode).toBe(403)
      const bad = await post('/api/v1/inspections/plans', {
        ...body,
        industries: ['Z'],
        period: { from: '2026-12-31', to: '2026-12-01' },
      })
      expect(bad.statusCode).toBe(400) // Z fails the schema before anything is read
      const backwards = await post('/api/v1/inspections/plans', {
        ...body,
        period: { from: '2026-12-31', to: '2026-12-01' },
      })
      expect([backwards.statusCode, backwards.json().error.code]).toEqual([422, 'inspections.bad_input'])
      const unknown = await post('/api/v1/inspections/plans', { ...body, policy: 'nope' })
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'supervision.not_found'])
      const res = await post('/api/v1/inspections/plans', body)
      expect(res.statusCode, res.body).toBe(201)
      plan = res.json() as Plan
      expect(plan).toMatchObject({ number: 'tj-scjg-2026-001', status: 'draft', commitment: null, seed: null })
      // a draft is the department's own: not public, not another department's
      expect((await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}` })).statusCode).toBe(
        404,
      )
      expect((await get(`/api/v1/inspections/plans/${plan.id}`, fy)).statusCode).toBe(404)
      // a draft cannot be drawn
      const early = await post(`/api/v1/inspections/plans/${plan.id}/draw`, {})
      expect([early.statusCode, early.json().error.code]).toEqual([409, 'inspections.wrong_status'])
    })

    it('freezes: the candidates by grade and the seed commitment are published, the seed is not', async () => {
      const res = await post(`/api/v1/inspections/plans/${plan.id}/freeze`, {})
      expect(res.statusCode, res.body).toBe(200)
      plan = res.json() as Plan
      expect(plan.status).toBe('frozen')
      expect(plan.commitment?.seedHash).toMatch(/^[0-9a-f]{64}$/)
      expect(plan.seed).toBeNull()
      expect(plan.candidates).toBe(30)
      // B: 25 x 5 % = 1.25 -> 2; C: 3 x 20 % = 0.6 -> 1 (minimum 1); D: 2 at 100 %: all, and said so
      expect(plan.strata.map((s) => [s.grade, s.candidates, s.requested, s.takeAll])).toEqual([
        ['A', 0, 0, false],
        ['B', 25, 2, false],
        ['C', 3, 1, false],
        ['D', 2, 2, true],
        ['ungraded', 0, 0, false],
      ])
      expect(plan.strata.find((s) => s.grade === 'D')?.note).toBe('D 级层应抽 2 户，不少于候选的 2 户：全部抽取')
      const pub = await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}` })
      expect(pub.statusCode, pub.body).toBe(200)
      expect(pub.json()).toMatchObject({
        status: 'frozen',
        seed: null,
        commitment: plan.commitment,
        frozenPublic: false,
        items: [],
      })
      // the frozen list groups the candidates by grade: not public while the model's grades are not (the default)
      const hidden = await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}/frozen` })
      expect([hidden.statusCode, hidden.json().error.code]).toEqual([404, 'inspections.frozen_not_public'])
      await updatePublication(
        ctx,
        admin,
        { models: ['general'], basis: ['《天津市社会信用条例》第二十条'] },
        '测试公开',
      )
      const frozen = await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}/frozen` })
      expect(frozen.statusCode).toBe(200)
      expect(createHash('sha256').update(frozen.body, 'utf8').digest('hex')).toBe(plan.commitment?.frozenHash)
      const doc = JSON.parse(frozen.body) as FrozenDocument
      expect(
        doc.strata
          .find((s) => s.grade === 'D')
          ?.candidates.map((c) => c.id)
          .sort(),
      ).toEqual([...dCompanies].sort())
      // the inactive inspector is not in the pool; the open conflict is, the withdrawn one is not
      expect(doc.inspectors.map((i) => i.id).sort()).toEqual(
        Object.values(inspectors)
          .map((i) => i.id)
          .sort(),
      )
      expect(doc.conflicts).toEqual([[inspectors['JC-004']?.id, dCompanies[0]]])
      const twice = await post(`/api/v1/inspections/plans/${plan.id}/freeze`, {})
      expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'inspections.wrong_status'])
    })

    it('draws: the seed is revealed, matches its commitment, and the draw is recomputed from it and the document', async () => {
      const res = await post(`/api/v1/inspections/plans/${plan.id}/draw`, {})
      expect(res.statusCode, res.body).toBe(200)
      drawn = res.json() as Plan
      expect(drawn.status).toBe('drawn')
      const seed = drawn.seed as string
      expect(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')).toBe(plan.commitment?.seedHash)
      expect(drawn.targets).toBe(5)
      expect(drawn.strata.map((s) => [s.grade, s.drawn, s.takeAll])).toEqual([
        ['A', 0, false],
        ['B', 2, false],
        ['C', 1, false],
        ['D', 2, true],
        ['ungraded', 0, false],
      ])
      // anyone: the published document and the revealed seed give exactly the published targets and inspectors
      const text = (await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}/frozen` })).body
      const pub = (
        await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}` })
      ).json() as Plan
      const again = computeDraw(seed, JSON.parse(text) as FrozenDocument)
      expect(pub.items?.map((t) => [t.position, t.entityId, t.stratum, t.inspectors])).toEqual(
        again.targets.map((t) => [t.position, t.entityId, t.stratum, t.inspectors]),
      )
      expect(
        pub.items
          ?.filter((t) => t.stratum === 'D')
          .map((t) => t.entityId)
          .sort(),
      ).toEqual([...dCompanies].sort())
      expect(cCompanies).toContain(pub.items?.find((t) => t.stratum === 'C')?.entityId)
      // grades withdrawn from the public: the targets stay public, their strata and the frozen list do not
      await updatePublication(ctx, admin, { models: [], basis: [] }, '测试撤回公开')
      const now = (
        await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}` })
      ).json() as Plan & { frozenPublic: boolean }
      expect(now.frozenPublic).toBe(false)
      expect(now.items?.map((t) => t.entityId)).toEqual(pub.items?.map((t) => t.entityId))
      expect(now.items?.every((t) => t.stratum === null)).toBe(true)
      const gone = await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}/frozen` })
      expect(gone.statusCode).toBe(404)
      await updatePublication(
        ctx,
        admin,
        { models: ['general'], basis: ['《天津市社会信用条例》第二十条'] },
        '测试公开',
      )
    })

    it('never draws an inspector of the target district or one in declared conflict with it', () => {
      const byId = new Map(Object.values(inspectors).map((i) => [i.id, i]))
      for (const t of drawn.items ?? []) {
        const district = companies.find((c) => c.id === t.entityId)?.district
        const ids = t.inspectors.map((i) => (typeof i === 'string' ? i : i.id))
        expect(ids.length).toBeGreaterThan(0)
        for (const id of ids) expect(byId.get(id)?.district).not.toBe(district)
        if (t.entityId === dCompanies[0]) {
          // 120101: JC-001 and JC-002 share the district, JC-004 declared a conflict: JC-003 and JC-005 remain
          expect([...ids].sort()).toEqual([inspectors['JC-003']?.id, inspectors['JC-005']?.id].sort())
        }
      }
      expect((drawn.items ?? [])[0]?.inspectors[0]).toMatchObject({ name: expect.stringMatching(/^执法员JC-00\d$/) })
    })

    it('records results per target: published as 行政检查结果信息 records through the pipeline, the plan completes', async () => {
      const items = drawn.items ?? []
      const url = `/api/v1/inspections/plans/${plan.id}/results`
      const notTarget = companies.find((c) => !items.some((t) => t.entityId === c.id))?.id
      const stranger = await post(url, {
        items: [{ entityId: notTarget, result: '未发现问题', inspectedOn: '2026-12-05' }],
      })
      expect([stranger.statusCode, stranger.json().error.code]).toEqual([422, 'inspections.not_target'])
      const wrong = await post(url, {
        items: [{ entityId: items[0]?.entityId, result: '一切正常', inspectedOn: '2026-12-07' }],
      })
      expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, 'inspections.bad_input'])
      expect(wrong.json().error.details.problems).toHaveLength(2)
      const first = await post(url, {
        items: [
          {
            entityId: items[0]?.entityId,
            result: '发现问题已责令改正',
            detail: '公示信息与实际不符，已责令改正。',
            inspectedOn: '2026-12-04',
          },
        ],
      })
      expect(first.statusCode, first.body).toBe(200)
      expect(first.json()).toMatchObject({ status: 'drawn', results: 1 })
      const dup = await post(url, {
        items: [{ entityId: items[0]?.entityId, result: '未发现问题', inspectedOn: '2026-12-05' }],
      })
      expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'inspections.result_exists'])
      const rest = await post(url, {
        items: items.slice(1).map((t) => ({ entityId: t.entityId, result: '未发现问题', inspectedOn: '2026-12-05' })),
      })
      expect(rest.statusCode, rest.body).toBe(200)
      expect(rest.json()).toMatchObject({ status: 'completed', results: 5, targets: 5 })
      const pub = (
        await app.inject({ method: 'GET', url: `/api/v1/public/inspections/plans/${plan.id}` })
      ).json() as Plan
      expect(pub.status).toBe('completed')
      for (const t of pub.items ?? []) {
        expect(t.recordId).toBeTruthy()
        const rec = await app.inject({ method: 'GET', url: `/api/v1/public/records/${t.recordId}` })
        expect(rec.statusCode, rec.body).toBe(200)
        expect(JSON.stringify(rec.json())).toContain(t.position === 1 ? '发现问题已责令改正' : '未发现问题')
        expect(JSON.stringify(rec.json())).toContain(`${plan.number}-${String(t.position).padStart(4, '0')}`)
        expect(JSON.stringify(rec.json())).toContain('双随机抽查')
      }
      const records = await sql<{
        n: number
      }>`select count(*) as n from records where class_code = 'admin_inspection'`.execute(ctx.db)
      expect(Number(records.rows[0]?.n)).toBe(5)
      const closed = await post(url, {
        items: [{ entityId: items[0]?.entityId, result: '未发现问题', inspectedOn: '2026-12-05' }],
      })
      expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'inspections.wrong_status'])
    })

    it('every change is audited with a Chinese label; the freeze event carries the commitment', async () => {
      const { items } = await searchAuditEvents(ctx.db, { targetId: plan.id }, 1, 50)
      expect(items.map((e) => e.action).sort()).toEqual(
        [
          'inspection.plan_created',
          'inspection.plan_frozen',
          'inspection.plan_drawn',
          'inspection.results_recorded',
          'inspection.results_recorded',
        ].sort(),
      )
      const frozenEvent = items.find((e) => e.action === 'inspection.plan_frozen')
      expect(frozenEvent?.details).toMatchObject({
        seedHash: plan.commitment?.seedHash,
        frozenHash: plan.commitment?.frozenHash,
      })
      const res = await get(`/api/v1/audit/events?targetId=${plan.id}`, operator)
      expect(res.statusCode, res.body).toBe(200)
      const labels = (res.json().items as { actionLabel?: string }[]).map((e) => e.actionLabel)
      expect(labels).toContain('冻结抽查计划（公布承诺）')
    })
  })

  describe('gongxin inspections verify-draw', () => {
    const run = inProcessCli(() => ctx.testDb, registerInspectionCommands)

    it('recomputes the draw and says it matches (by id or by number)', async () => {
      const out = await run(['inspections', 'verify-draw', plan.number, '--json'])
      expect(out.code, out.err).toBe(0)
      const report = JSON.parse(out.out)
      expect(report).toMatchObject({
        plan: plan.id,
        matches: true,
        checks: { seedCommitment: true, frozenHash: true, auditEvent: true, targets: true },
        targets: 5,
        differences: [],
      })
      const text = await run(['inspections', 'verify-draw', plan.id])
      expect(text.out).toContain('核验通过')
    })

    it('detects a changed target, inspector or seed (exit code 1)', async () => {
      const verify = async () => {
        const out = await run(['inspections', 'verify-draw', plan.id, '--json'])
        return { report: JSON.parse(out.out), code: out.code }
      }
      const items = drawn.items ?? []
      const ids = (t: (typeof items)[number] | undefined) =>
        (t?.inspectors ?? []).map((i) => (typeof i === 'string' ? i : i.id))
      // the first target's inspectors changed: their order reversed (the first drawn leads), or none left when one was
      // drawn (a swap with another target would change nothing when both drew the same ones, as a random seed may)
      const one = items[0]
      const changed = ids(one).length > 1 ? [...ids(one)].reverse() : []
      await sql`update inspection_targets set inspectors = ${JSON.stringify(changed)} where plan_id = ${plan.id} and position = 1`.execute(
        ctx.db,
      )
      let r = await verify()
      expect(r.code, JSON.stringify(r.report)).toBe(1)
      expect(r.report).toMatchObject({
        matches: false,
        checks: { seedCommitment: true, frozenHash: true, targets: false },
      })
      expect(r.report.differences[0]).toContain('第 1 个检查对象的执法人员应为')
      await sql`update inspection_targets set inspectors = ${JSON.stringify(ids(one))} where plan_id = ${plan.id} and position = 1`.execute(
        ctx.db,
      )
      expect((await verify()).report.matches).toBe(true)
      // a different seed: it no longer matches its commitment, and recomputes another draw
      const seed = drawn.seed as string
      const other = `${seed.slice(0, 63)}${seed.endsWith('0') ? '1' : '0'}`
      await sql`update inspection_plans set seed = ${other} where id = ${plan.id}`.execute(ctx.db)
      r = await verify()
      expect(r.code).toBe(1)
      expect(r.report.checks).toMatchObject({ seedCommitment: false, targets: false })
      await sql`update inspection_plans set seed = ${seed} where id = ${plan.id}`.execute(ctx.db)
      // a candidate list rewritten after the freeze no longer matches its published hash
      await sql`update inspection_plans set frozen = replace(frozen, '"minimum":1', '"minimum":2') where id = ${plan.id}`.execute(
        ctx.db,
      )
      r = await verify()
      expect(r.code).toBe(1)
      expect(r.report.checks.frozenHash).toBe(false)
    })

    it('a plan not drawn yet cannot be verified; an unknown plan is not found', async () => {
      const draft = await post('/api/v1/inspections/plans', {
        name: '草稿计划',
        matter: '企业公示信息',
        period: { from: '2026-12-01', to: '2026-12-31' },
        policy: 'general',
      })
      const out = await run(['inspections', 'verify-draw', draft.json().id, '--json'])
      expect([out.code, JSON.parse(out.out).error.code]).toEqual([1, 'inspections.wrong_status'])
      const none = await run(['inspections', 'verify-draw', 'no-such-plan', '--json'])
      expect([none.code, JSON.parse(none.out).error.code]).toEqual([1, 'inspections.plan_not_found'])
    })
  })
})
