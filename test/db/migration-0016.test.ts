// Migration 0016: free text that services stored before they masked it. The database is brought into the shape the
// earlier code left (clear ID numbers in mark reasons, commitments and their versions, proposals, check batches,
// operators' reasons, names of departments, users, keys and entities, and failed logins of unknown names in the audit
// log - one of them already masked by 0010), then migrated: everything ends masked, data of record sealed, unknown
// login names replaced by their keyed hash, and the audit chain still verifies.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { closeContext, type Ctx } from '../../src/container.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc, nameKey } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { redactStoredEvent, searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { runCheckBatch } from '../../src/modules/checks/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { openMark } from '../../src/flows/record-marks/index.js'
import { recordsOfEntity } from '../../src/modules/records/index.js'
import { ingestPenalties } from '../lists/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { appendOldEvent, beforeMigration, migrateAgain, ownTables } from './helpers.js'

const rng = createRng(20260918)
const ID = generateResidentId(rng, { region: '120104', birthDate: '1966-06-06', sex: 'male' })
const ID_LOGIN = generateResidentId(rng, { region: '120103', birthDate: '1977-07-07', sex: 'female' })
const ID_OLD = generateResidentId(rng, { region: '120102', birthDate: '1988-08-08', sex: 'female' })
const CLEAR = [ID, ID_LOGIN, ID_OLD]
const mask = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`
const admin = systemActor('test-admin')

describeEachDialect('migration 0016: free text stored by services before they masked it', (dialect) => {
  let first: TestContext
  let ctx: Ctx
  let app: FastifyInstance
  const seqs: Record<string, number> = {}
  const ids: Record<string, string> = {}
  /** The entities' change counters just before 0016 runs. */
  const changesBefore = new Map<string, number>()
  const company = {
    name: '天津市测试迁移商贸有限公司',
    uscc: generateUscc(rng, { dept: '9', category: '1', region: '120116' }),
  }
  const committed = {
    name: '天津市测试迁移建材有限公司',
    uscc: generateUscc(rng, { dept: '9', category: '1', region: '120116' }),
  }

  beforeAll(async () => {
    first = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    const c = first
    for (const code of ['tj-scjg', 'tj-czj'])
      await addDepartment(c, admin, {
        code,
        name: `测试部门 ${code}`,
        uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
        district: '120000',
      })
    const czj = { authorization: `Bearer ${(await createApiKey(c, admin, { role: 'consumer', dept: 'tj-czj' })).key}` }
    await createUser(c, admin, { username: 'clerk', role: 'auditor', password: 'correct horse battery' })
    await ingestPenalties(c, company, ['2026-05-20'])
    const penalised = (
      await c.db.selectFrom('entities').select('id').where('uscc', '=', company.uscc).executeTakeFirstOrThrow()
    ).id
    ids.penalised = penalised
    const record = (await recordsOfEntity(c.db, penalised))[0]?.id as string
    ids.mark = (await openMark(c, admin, record, { reason: '当事人提出异议' })).id
    ids.entity = (await createEntity(c, admin, { kind: 'legal_person', legalRep: '王五', ...committed })).id
    app = await buildApp(c, { web: false })
    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/commitments',
      headers: czj,
      payload: { subject: { uscc: committed.uscc }, type: 'voluntary', matter: '食品经营许可', content: '诚信经营' },
    })
    expect(filed.statusCode, filed.body).toBe(200)
    ids.commitment = filed.json().id
    const breach = await app.inject({
      method: 'POST',
      url: `/api/v1/commitments/${ids.commitment}/breach`,
      headers: czj,
      payload: {
        breachTypes: ['未履行承诺事项'],
        facts: '未履行',
        documentNo: '津财认〔2026〕1号',
        decidedOn: '2026-06-01',
      },
    })
    expect(breach.statusCode, breach.body).toBe(200)
    await app.close()
    const batch = await runCheckBatch(
      c,
      { ...admin, dept: 'tj-czj' },
      {
        subjects: [{ uscc: company.uscc, name: '测试' }],
        scenario: 'government_procurement',
      },
    )
    ids.batch = batch.batchId
    // two failed logins of names that are no account (the second one's name an ID number, masked by 0010 since)
    seqs.login = await appendEvent(c, { username: 'Tr0ub4dor&3', reason: 'unknown_user', ip: '10.1.1.1' })
    seqs.old = await appendEvent(c, { username: ID_OLD, reason: 'unknown_user', ip: '10.1.1.2' })
    const old = await c.db.selectFrom('audit_events').selectAll().where('seq', '=', seqs.old).executeTakeFirstOrThrow()
    const r0010 = redactStoredEvent(c.keys, old, '2026-06-01')
    await c.db
      .updateTable('audit_events')
      .set(r0010 as object)
      .where('seq', '=', seqs.old)
      .execute()
    seqs.known = await appendEvent(c, { username: 'clerk', reason: 'bad_password', ip: '10.1.1.3' }, 'user-1')
    expect((await verifyAuditChain(c.db, c.keys)).ok).toBe(true)

    await backToTheOldShape(c)
    ctx = await migrateAgain(c)
  }, 300_000)
  afterAll(async () => {
    if (ctx) await closeContext(ctx)
    await first?.testDb.cleanup()
  })

  /** Appends an access.login_failed event at the tail of the chain, as the code before 0016 wrote it. */
  async function appendEvent(c: TestContext, details: Record<string, unknown>, target: string | null = null) {
    return appendOldEvent(c, 'old-login', {
      at: '2026-05-31T08:00:00.000Z',
      actor_kind: 'public',
      actor_id: null,
      actor_role: 'public',
      actor_dept: null,
      action: 'access.login_failed',
      target_type: 'user',
      target_id: target,
      request_id: null,
      purpose: null,
      details: JSON.stringify(details),
    })
  }

  /** The rows as the code before 0016 stored them: clear text everywhere, no seal columns. */
  async function backToTheOldShape(c: TestContext): Promise<void> {
    await c.db
      .updateTable('record_marks')
      .set({ open_reason: `当事人${ID}提出异议` })
      .execute()
    await c.db
      .updateTable('commitments')
      .set({ matter: `食品经营许可（${ID}）`, content: `联系人 ${ID} 承诺诚信经营` })
      .execute()
    const v = await c.db
      .selectFrom('commitment_versions')
      .selectAll()
      .where('commitment_id', '=', ids.commitment as string)
      .where('op', '=', 'breach')
      .executeTakeFirstOrThrow()
    await c.db
      .updateTable('commitment_versions')
      .set({ details: JSON.stringify({ ...JSON.parse(v.details), facts: `当事人${ID}未履行` }) })
      .where('commitment_id', '=', v.commitment_id)
      .where('version', '=', v.version)
      .execute()
    const b = await c.db.selectFrom('check_batches').selectAll().executeTakeFirstOrThrow()
    const items = JSON.parse(b.items).map((i: Record<string, unknown>) => ({ ...i, name: `测试${ID}` }))
    await c.db
      .updateTable('check_batches')
      .set({ items: JSON.stringify(items), purpose: `核查${ID}` })
      .execute()
    await c.db
      .updateTable('catalog_classes')
      .set({ reason: `经办人${ID}` })
      .where('code', '=', 'admin_penalty')
      .execute()
    await c.db
      .updateTable('departments')
      .set({ name: `测试部门${ID}` })
      .where('code', '=', 'tj-czj')
      .execute()
    await c.db
      .updateTable('users')
      .set({ display_name: `办事员${ID}` })
      .execute()
    await c.db
      .updateTable('api_keys')
      .set({ name: `接口${ID}` })
      .execute()
    await c.db
      .updateTable('entities')
      .set({ name: `${committed.name}${ID}`, legal_rep: `王五${ID}` })
      .where('id', '=', ids.entity as string)
      .execute()
    await c.db
      .updateTable('entity_names')
      .set({ name: `${committed.name}${ID}` })
      .where('entity_id', '=', ids.entity as string)
      .execute()
    for (const r of await c.db.selectFrom('entity_changes').select(['entity_id', 'version']).execute())
      changesBefore.set(r.entity_id, Number(r.version))
    await beforeMigration(c, '0016-personal-text', ['entities', 'commitments'])
  }

  it('leaves no clear ID number in any table', async () => {
    const found: string[] = []
    for (const name of await ownTables(ctx)) {
      for (const row of await ctx.db
        .selectFrom(name as 'records')
        .selectAll()
        .execute()) {
        const text = JSON.stringify(row)
        for (const id of CLEAR) if (text.includes(id)) found.push(`${name}: ${id}`)
      }
    }
    expect(found).toEqual([])
  })

  it('bumps the change counters of the entities whose files show a masked row', async () => {
    const touched = [ids.entity as string, ids.penalised as string]
    const after = await ctx.db
      .selectFrom('entity_changes')
      .select(['entity_id', 'version', 'changed_at'])
      .where('entity_id', 'in', touched)
      .execute()
    expect(Object.fromEntries(after.map((r) => [r.entity_id, [Number(r.version), r.changed_at]]))).toEqual(
      Object.fromEntries(
        touched.map((id) => [id, [(changesBefore.get(id) ?? 0) + 1, first.clock.now().toISOString()]]),
      ),
    )
  })

  it('masks notes and names in place', async () => {
    expect((await ctx.db.selectFrom('record_marks').select('open_reason').executeTakeFirstOrThrow()).open_reason).toBe(
      `当事人${mask(ID)}提出异议`,
    )
    const b = await ctx.db.selectFrom('check_batches').selectAll().executeTakeFirstOrThrow()
    expect([b.purpose, JSON.parse(b.items)[0].name]).toEqual([`核查${mask(ID)}`, `测试${mask(ID)}`])
    const cls = await ctx.db
      .selectFrom('catalog_classes')
      .select('reason')
      .where('code', '=', 'admin_penalty')
      .executeTakeFirstOrThrow()
    expect(cls.reason).toBe(`经办人${mask(ID)}`)
    const dept = await ctx.db
      .selectFrom('departments')
      .select('name')
      .where('code', '=', 'tj-czj')
      .executeTakeFirstOrThrow()
    expect(dept.name).toBe(`测试部门${mask(ID)}`)
    expect((await ctx.db.selectFrom('users').select('display_name').executeTakeFirstOrThrow()).display_name).toBe(
      `办事员${mask(ID)}`,
    )
  })

  it('seals data of record: an entity name and legal representative, a commitment, breach facts', async () => {
    const e = await ctx.db
      .selectFrom('entities')
      .selectAll()
      .where('id', '=', ids.entity as string)
      .executeTakeFirstOrThrow()
    expect([e.name, e.legal_rep, e.name_norm]).toEqual([
      `${committed.name}${mask(ID)}`,
      `王五${mask(ID)}`,
      nameKey(`${committed.name}${mask(ID)}`),
    ])
    const es = JSON.parse(e.sealed as string)
    expect([ctx.keys.decrypt(es.name), ctx.keys.decrypt(es.legal_rep)]).toEqual([`${committed.name}${ID}`, `王五${ID}`])
    const indexed = await ctx.db.selectFrom('search_names').select('name').where('entity_id', '=', e.id).execute()
    expect(indexed.map((n) => n.name)).toContain(`${committed.name}${mask(ID)}`)
    const c = await ctx.db
      .selectFrom('commitments')
      .selectAll()
      .where('id', '=', ids.commitment as string)
      .executeTakeFirstOrThrow()
    expect([c.matter, c.content]).toEqual([`食品经营许可（${mask(ID)}）`, `联系人 ${mask(ID)} 承诺诚信经营`])
    const cs = JSON.parse(c.sealed as string)
    expect(Object.keys(cs).sort()).toEqual(['content', 'matter'])
    expect(ctx.keys.decrypt(cs.content)).toBe(`联系人 ${ID} 承诺诚信经营`)
    const v = await ctx.db
      .selectFrom('commitment_versions')
      .select('details')
      .where('commitment_id', '=', ids.commitment as string)
      .where('op', '=', 'breach')
      .executeTakeFirstOrThrow()
    const details = JSON.parse(v.details)
    expect(details.facts).toBe(`当事人${mask(ID)}未履行`)
    expect(ctx.keys.decrypt(details._sealed.facts)).toBe(`当事人${ID}未履行`)
  })

  it('keeps only the keyed hash of unknown login names; the chain still verifies', async () => {
    const shown = async (seq: number) =>
      JSON.parse(
        (await ctx.db.selectFrom('audit_events').select('details').where('seq', '=', seq).executeTakeFirstOrThrow())
          .details,
      )
    expect(await shown(seqs.login as number)).toEqual({
      usernameHmac: ctx.keys.hmac('Tr0ub4dor&3', 'login-name'),
      reason: 'unknown_user',
      ip: '10.1.1.1',
    })
    // the name masked by 0010 is hashed from its sealed original, like a new event of the same name
    expect((await shown(seqs.old as number)).usernameHmac).toBe(ctx.keys.hmac(ID_OLD, 'login-name'))
    expect(await shown(seqs.known as number)).toEqual({ username: 'clerk', reason: 'bad_password', ip: '10.1.1.3' })
    const redacted = await searchAuditEvents(ctx.db, { action: 'audit.redacted' }, 1, 5)
    expect(redacted.items.map((e) => [e.actor, e.details.seqs])).toEqual([['migration-0016', [seqs.login, seqs.old]]])
    expect(await verifyAuditChain(ctx.db, ctx.keys)).toMatchObject({ ok: true })
  })
})
