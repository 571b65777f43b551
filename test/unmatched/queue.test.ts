import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchEntry, registerEntry } from '../../src/flows/unmatched/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc, usccCheckChar } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { createEntity, getEntity } from '../../src/modules/entities/index.js'
import { revokeBatch } from '../../src/modules/records/index.js'
import { nameCore } from '../../src/modules/unmatched/index.js'
import { ADULT_ID, actor, penaltyRow, rowsOf, seedDepartments } from '../ingest/helpers.js'
import { type DialectName, describeEachDialect, type TestContext, testContext } from '../support/context.js'

const rng = createRng(20261206)
const uscc = (region = '120116') => generateUscc(rng, { dept: '9', category: '1', region })

/** A 失信被执行人 row of an organisation that carries only its name (or an organisation code). */
function defaulter(over: Record<string, string>): Record<string, string> {
  return {
    case_no: '（2026）津0116执1号',
    subject_name: '天津市某某有限公司',
    subject_category: '法人及非法人组织',
    legal_rep: '赵六',
    court: '天津市滨海新区人民法院',
    basis_doc_no: '（2025）津0116民初1号',
    basis_issuer: '天津市滨海新区人民法院',
    obligation: '支付货款人民币10000元。',
    performance: '全部未履行',
    conduct: '有履行能力而拒不履行生效法律文书确定义务',
    filed_on: '2026-01-10',
    published_on: '2026-05-08',
    ...over,
  }
}

describe('name fragments', () => {
  it('drop leading region names and the trailing organisation form', () => {
    expect(nameCore('天津滨海测试贸易有限公司')).toBe('测试贸易')
    expect(nameCore('天津市滨海新区海河科技股份有限公司')).toBe('海河科技')
    expect(nameCore('和平区张记餐馆')).toBe('张记')
    expect(nameCore('北京（天津）某某有限责任公司')).toBe('某某')
    expect(nameCore('公司')).toBe('')
  })
})

describeEachDialect('the queue of unmatched subjects (待匹配主体)', (dialect: DialectName) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: { id: string; key: string }
  let courtKey: string
  let scjgKey: string
  let consumerKey: string
  const auth = (k: string) => ({ authorization: `Bearer ${k}` })
  const trade = uscc()
  let tradeId = ''
  const holder = uscc()
  let holderId = ''
  const clash = (() => {
    const first17 = `91120101${holder.slice(8, 17)}`
    return `${first17}${usccCheckChar(first17)}`
  })()
  const batches: string[] = []

  const court = (list: Record<string, string>[]) =>
    runIngest(ctx, actor, { classCode: 'court_defaulter', dept: 'tj-fy', channel: 'api', ...rowsOf(list) })
  const entries = async (query = '') =>
    (await app.inject({ url: `/api/v1/unmatched${query}`, headers: auth(operator.key) })).json() as {
      total: number
      items: {
        id: string
        status: string
        cause: string
        message: string
        subject: { name: string; uscc: string | null }
        rows: { pending: number; released: number; resubmitted: number; batches: number; depts: string[] }
        candidates: {
          entityId: string
          matchedBy: string[]
          codes: { scheme: string; value: string }[]
          district: string | null
        }[]
      }[]
    }
  const entryOf = async (name: string, status = 'all') => {
    const found = (await entries(`?status=${status}&q=${encodeURIComponent(name)}`)).items.find(
      (e) => e.subject.name === name,
    )
    if (!found) throw new Error(`no queue entry for ${name}`)
    return found
  }
  const recordsOf = (keys: string[]) =>
    ctx.db
      .selectFrom('records')
      .select(['id', 'entity_id', 'provider_dept', 'provider_key', 'subject_key', 'batch_id', 'version'])
      .where('provider_key', 'in', keys)
      .orderBy('provider_key')
      .execute()
  const post = (url: string, payload: object, key = operator.key) =>
    app.inject({ method: 'POST', url, headers: auth(key), payload })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    await addDepartment(ctx, actor, {
      code: 'tj-fy',
      name: '天津市高级人民法院',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
    operator = await createApiKey(ctx, actor, { role: 'operator' })
    courtKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-fy' })).key
    scjgKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    consumerKey = (await createApiKey(ctx, actor, { role: 'consumer', dept: 'tj-sw' })).key
    tradeId = (
      await createEntity(ctx, actor, {
        kind: 'legal_person',
        name: '天津市滨海测试贸易有限公司',
        uscc: trade,
        district: '120116',
      })
    ).id
    holderId = (
      await createEntity(ctx, actor, {
        kind: 'legal_person',
        name: '天津市机构代码持有有限公司',
        uscc: holder,
        district: '120101',
      })
    ).id
    app = await buildApp(ctx, { web: false })

    // two batches name the same company by a name that is not registered as such; one row names nobody known
    const first = await court([
      defaulter({ case_no: 'Q-1', subject_name: '天津滨海测试贸易有限公司' }),
      defaulter({ case_no: 'Q-2', subject_name: '天津滨海测试贸易有限公司' }),
      defaulter({ case_no: 'Q-3', subject_name: '天津市无名测试有限公司' }),
    ])
    const second = await court([defaulter({ case_no: 'Q-4', subject_name: '天津滨海测试贸易有限公司' })])
    // a penalty whose new USCC carries the organisation code of another entity; its legal representative's ID
    // number is sealed like in any record
    const third = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        penaltyRow({
          CF_WSH: 'Q-5',
          CF_XDR_MC: '天津市新代码测试有限公司',
          CF_XDR_SHXYM: clash,
          CF_FR_ZJLX: '身份证',
          CF_FR_ZJHM: ADULT_ID,
        }),
      ]),
    })
    for (const b of [first, second, third]) batches.push(b.batchId as string)
    expect([first.rejected, second.rejected, third.rejected]).toEqual([3, 1, 1])
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('lists one entry per subject across batches, with candidates by codes and by name fragments', async () => {
    const list = await entries()
    expect(list.total).toBe(3)
    const trading = list.items.find((e) => e.subject.name === '天津滨海测试贸易有限公司')
    expect(trading).toMatchObject({
      status: 'open',
      cause: 'name_not_found',
      rows: { pending: 3, released: 0, batches: 2, depts: ['tj-fy'] },
    })
    expect(trading?.message).toContain('没有名称为「天津滨海测试贸易有限公司」的已登记主体')
    const clashing = list.items.find((e) => e.subject.uscc === clash)
    expect(clashing).toMatchObject({ cause: 'code_taken', rows: { pending: 1, depts: ['tj-scjg'] } })
    expect(clashing?.candidates.map((c) => [c.entityId, c.matchedBy])).toEqual([[holderId, ['org_code']]])

    // the detail adds candidates found by name fragments, with their codes and districts, and lists the rows
    const detail = (await app.inject({ url: `/api/v1/unmatched/${trading?.id}`, headers: auth(operator.key) })).json()
    expect(detail.candidates).toEqual([
      expect.objectContaining({
        entityId: tradeId,
        name: '天津市滨海测试贸易有限公司',
        uscc: trade,
        district: '120116',
        districtName: '滨海新区',
        matchedBy: ['name_fragment'],
        codes: expect.arrayContaining([
          { scheme: 'uscc', value: trade },
          { scheme: 'org_code', value: trade.slice(8, 17) },
        ]),
      }),
    ])
    expect(
      detail.items.map((i: { batchId: string; rowNo: number; documentNo: string; status: string }) => [
        i.batchId,
        i.rowNo,
        i.documentNo,
        i.status,
      ]),
    ).toEqual([
      [batches[0], 2, 'Q-1', 'pending'],
      [batches[0], 3, 'Q-2', 'pending'],
      [batches[1], 2, 'Q-4', 'pending'],
    ])
    // filters: by department, by text
    expect((await entries('?dept=tj-scjg')).items.map((e) => e.subject.uscc)).toEqual([clash])
    expect((await entries('?q=无名')).items.map((e) => e.subject.name)).toEqual(['天津市无名测试有限公司'])
  })

  it('is for operators only', async () => {
    expect((await app.inject({ url: '/api/v1/unmatched' })).statusCode).toBe(401)
    for (const key of [courtKey, scjgKey, consumerKey]) {
      expect((await app.inject({ url: '/api/v1/unmatched', headers: auth(key) })).statusCode).toBe(403)
      const entry = await entryOf('天津市无名测试有限公司')
      const r = await post(`/api/v1/unmatched/${entry.id}/match`, { entityId: tradeId }, key)
      expect(r.statusCode).toBe(403)
    }
    const spec = (await app.inject({ url: '/api/openapi.json' })).json()
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/unmatched',
        '/api/v1/unmatched/{id}',
        '/api/v1/unmatched/{id}/match',
        '/api/v1/unmatched/{id}/register',
      ]),
    )
  })

  it('keeps the queued rows sealed: no ID number in clear', async () => {
    const dump = await ctx.db.selectFrom('unmatched_rows').select(['plan']).execute()
    const entriesDump = await ctx.db.selectFrom('unmatched_entries').select(['subject', 'message']).execute()
    const text = JSON.stringify([dump, entriesDump])
    expect(text).not.toContain(ADULT_ID)
    const plan = JSON.parse((dump.find((d) => d.plan.includes('Q-5')) as { plan: string }).plan)
    const payload = JSON.parse(plan.payload)
    expect(payload.CF_FR_ZJHM).toBe(`${ADULT_ID.slice(0, 4)}**********${ADULT_ID.slice(-4)}`)
    expect(payload._sealed.CF_FR_ZJHM).toBeTruthy()
  })

  it('matching releases every row of the subject through the pipeline on the provider’s behalf, once', async () => {
    const entry = await entryOf('天津滨海测试贸易有限公司')
    const r = await post(`/api/v1/unmatched/${entry.id}/match`, {
      entityId: tradeId,
      reason: '经电话核实，为同一企业（名称少写「市」）',
    })
    expect(r.statusCode).toBe(200)
    expect(r.json().entry.reason).toBe('经电话核实，为同一企业（名称少写「市」）')
    expect(r.json()).toMatchObject({
      released: 3,
      added: 3,
      corrected: 0,
      duplicates: 0,
      rejected: 0,
      entry: { status: 'matched', entity: { id: tradeId }, rows: { pending: 0, released: 3 } },
    })
    const records = await recordsOf(['Q-1', 'Q-2', 'Q-4'])
    expect(records.map((x) => [x.provider_key, x.entity_id, x.provider_dept, x.subject_key, x.batch_id])).toEqual([
      ['Q-1', tradeId, 'tj-fy', `uscc:${trade}`, batches[0]],
      ['Q-2', tradeId, 'tj-fy', `uscc:${trade}`, batches[0]],
      ['Q-4', tradeId, 'tj-fy', `uscc:${trade}`, batches[1]],
    ])
    // provenance: submitted by the court in batch B row N, re-submitted by the operator from the queue entry
    const history = (
      await app.inject({ url: `/api/v1/records/${records[2]?.id}/history`, headers: auth(operator.key) })
    ).json()
    expect(history.versions).toEqual([
      expect.objectContaining({
        version: 1,
        op: 'add',
        batchId: batches[1],
        rowNo: 2,
        actorKind: 'api_key',
        actor: operator.id,
        resubmittedFrom: entry.id,
      }),
    ])
    const detail = (await app.inject({ url: `/api/v1/unmatched/${entry.id}`, headers: auth(operator.key) })).json()
    expect(
      detail.items.map((i: { status: string; outcome: string; recordId: string }) => [i.status, i.outcome, i.recordId]),
    ).toEqual(records.map((x) => ['released', 'added', x.id]))
    const events = await searchAuditEvents(ctx.db, { action: 'unmatched.match', targetId: entry.id }, 1, 10)
    expect(events.items).toHaveLength(1)
    expect(events.items[0]?.details).toMatchObject({
      entityId: tradeId,
      released: 3,
      added: 3,
      reason: '经电话核实，为同一企业（名称少写「市」）',
    })
    expect(events.items[0]).toMatchObject({ actorKind: 'api_key', actor: operator.id, actorRole: 'operator' })

    // a second decision changes nothing
    const again = await post(`/api/v1/unmatched/${entry.id}/match`, { entityId: tradeId })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('unmatched.not_open')
    expect(await recordsOf(['Q-1', 'Q-2', 'Q-4'])).toHaveLength(3)
    expect((await entries()).items.map((e) => e.subject.name)).not.toContain('天津滨海测试贸易有限公司')

    // the court later sends Q-1 with the company's code: the same record, corrected - never a second one
    const resent = await court([defaulter({ case_no: 'Q-1', subject_name: '天津滨海测试贸易有限公司', uscc: trade })])
    expect(resent).toMatchObject({ accepted: 1, corrected: 1 })
    expect((await recordsOf(['Q-1'])).map((x) => [x.id, x.version])).toEqual([[records[0]?.id, 2]])
  })

  it('refuses a match that contradicts the codes', async () => {
    const entry = await entryOf('天津市新代码测试有限公司')
    const other = await post(`/api/v1/unmatched/${entry.id}/match`, { entityId: holderId })
    expect(other.statusCode).toBe(422)
    expect(other.json().error).toMatchObject({ code: 'unmatched.uscc_mismatch' })
    expect(other.json().error.message).toContain(clash)
    expect(other.json().error.message).toContain(holder)
    const person = await createEntity(ctx, actor, { kind: 'natural_person', name: '王某', idNumber: ADULT_ID })
    const p = await post(`/api/v1/unmatched/${entry.id}/match`, { entityId: person.id })
    expect(p.json().error.code).toBe('unmatched.kind_mismatch')
    const missing = await post(`/api/v1/unmatched/${entry.id}/match`, { entityId: 'no-such-entity' })
    expect(missing.json().error.code).toBe('unmatched.entity_not_found')
    expect((await entryOf('天津市新代码测试有限公司')).status).toBe('open')
  })

  it('registering a USCC whose organisation code another entity holds leaves that code with its holder', async () => {
    const entry = await entryOf('天津市新代码测试有限公司')
    const r = await post(`/api/v1/unmatched/${entry.id}/register`, {})
    expect(r.statusCode).toBe(200)
    const body = r.json()
    expect(body).toMatchObject({
      released: 1,
      added: 1,
      leftCodes: [{ scheme: 'org_code', value: holder.slice(8, 17), entityId: holderId }],
    })
    const registered = await getEntity(ctx.db, body.entry.entity.id)
    expect(registered).toMatchObject({
      name: '天津市新代码测试有限公司',
      uscc: clash,
      kind: 'legal_person',
      district: '120101',
    })
    expect(registered.identifiers).toEqual([{ scheme: 'uscc', value: clash }])
    const [record] = await recordsOf(['Q-5'])
    expect(record).toMatchObject({ entity_id: registered.id, provider_dept: 'tj-scjg', subject_key: `uscc:${clash}` })
    const payload = await ctx.db
      .selectFrom('record_versions')
      .select('payload')
      .where('record_id', '=', record?.id as string)
      .executeTakeFirstOrThrow()
    expect(payload.payload).not.toContain(ADULT_ID)
    expect(JSON.parse(payload.payload)._sealed.CF_FR_ZJHM).toBeTruthy()
    const created = await searchAuditEvents(ctx.db, { action: 'entity.create', targetId: registered.id }, 1, 5)
    expect(created.items[0]?.details).toMatchObject({ uscc: clash, unmatchedEntry: entry.id })
  })

  it('a crash in the middle leaves nothing behind; the rerun registers once', async () => {
    const entry = await entryOf('天津市无名测试有限公司')
    await failAuditOf(ctx, dialect, 'unmatched.register')
    await expect(registerEntry(ctx, actor, entry.id, { district: '120116' })).rejects.toThrow()
    expect(await recordsOf(['Q-3'])).toEqual([])
    expect(
      await ctx.db.selectFrom('entities').select('id').where('name', '=', '天津市无名测试有限公司').execute(),
    ).toEqual([])
    expect((await entryOf('天津市无名测试有限公司')).rows.pending).toBe(1)
    await dropFailure(ctx, dialect)
    const done = await registerEntry(ctx, actor, entry.id, { district: '120116' })
    expect(done).toMatchObject({ released: 1, added: 1 })
    expect(await recordsOf(['Q-3'])).toHaveLength(1)
    expect(
      await ctx.db.selectFrom('entities').select('id').where('name', '=', '天津市无名测试有限公司').execute(),
    ).toHaveLength(1)
  })

  it('two decisions at once: one wins, the other changes nothing', async () => {
    await court([defaulter({ case_no: 'Q-6', subject_name: '天津市并发测试有限公司' })])
    const entry = await entryOf('天津市并发测试有限公司')
    const target = (
      await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市并发测试（集团）有限公司', uscc: uscc() })
    ).id
    const results = await Promise.allSettled([
      matchEntry(ctx, actor, entry.id, target),
      matchEntry(ctx, actor, entry.id, target),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason.code).toBe('unmatched.not_open')
    expect(await recordsOf(['Q-6'])).toHaveLength(1)
    expect((await searchAuditEvents(ctx.db, { action: 'unmatched.match', targetId: entry.id }, 1, 5)).total).toBe(1)
  })

  it('a row the provider resubmits itself leaves the queue; a co-party of the same decision stays', async () => {
    await court([
      defaulter({ case_no: 'Q-7', subject_name: '天津市共同被执行甲有限公司' }),
      defaulter({ case_no: 'Q-7', subject_name: '天津市共同被执行乙有限公司' }),
    ])
    const a = await entryOf('天津市共同被执行甲有限公司')
    const b = await entryOf('天津市共同被执行乙有限公司')
    // the court sends Q-7 for party 乙 with its USCC (a new company): accepted, and only 乙's queued row leaves
    const fixed = await court([defaulter({ case_no: 'Q-7', subject_name: '天津市共同被执行乙有限公司', uscc: uscc() })])
    expect(fixed).toMatchObject({ accepted: 1 })
    expect(await entryOf('天津市共同被执行乙有限公司')).toMatchObject({
      id: b.id,
      status: 'resubmitted',
      rows: { pending: 0, resubmitted: 1 },
    })
    expect(await entryOf('天津市共同被执行甲有限公司')).toMatchObject({
      id: a.id,
      status: 'open',
      rows: { pending: 1 },
    })
    const late = await post(`/api/v1/unmatched/${b.id}/match`, { entityId: tradeId })
    expect(late.json().error.code).toBe('unmatched.not_open')
    const detail = (await app.inject({ url: `/api/v1/unmatched/${b.id}`, headers: auth(operator.key) })).json()
    expect(detail.items[0]).toMatchObject({ status: 'resubmitted', resubmittedBatchId: fixed.batchId })
    expect((await entries()).items.map((e) => e.subject.name)).not.toContain('天津市共同被执行乙有限公司')
  })

  it('a revoked batch takes its queued rows out; a row of a batch revoked otherwise is never released', async () => {
    const first = await court([defaulter({ case_no: 'Q-9', subject_name: '天津市撤销批次测试有限公司' })])
    const entry = await entryOf('天津市撤销批次测试有限公司')
    const revoke = await post(`/api/v1/batches/${first.batchId}/revoke`, { reason: '报送有误，整批撤回' }, courtKey)
    expect(revoke.statusCode).toBe(200)
    expect(revoke.json()).toMatchObject({ revoked: 0, withdrawn: 1 })
    expect(await entryOf('天津市撤销批次测试有限公司')).toMatchObject({
      id: entry.id,
      status: 'withdrawn',
      rows: { pending: 0, withdrawn: 1 },
    })
    expect((await post(`/api/v1/unmatched/${entry.id}/match`, { entityId: tradeId })).json().error.code).toBe(
      'unmatched.not_open',
    )

    // revoked through the records module alone (no queue step): the release still leaves the row out
    const second = await court([defaulter({ case_no: 'Q-10', subject_name: '天津市撤销批次测试二有限公司' })])
    const entry2 = await entryOf('天津市撤销批次测试二有限公司')
    await revokeBatch(ctx, actor, second.batchId as string, '报送有误')
    const r = await matchEntry(ctx, actor, entry2.id, tradeId)
    expect(r).toMatchObject({ released: 0, added: 0, withdrawn: 1 })
    expect(await recordsOf(['Q-10'])).toEqual([])
  })

  it('a later row of a decided subject opens a new entry', async () => {
    const old = await entryOf('天津滨海测试贸易有限公司')
    await court([defaulter({ case_no: 'Q-8', subject_name: '天津滨海测试贸易有限公司' })])
    const fresh = await entryOf('天津滨海测试贸易有限公司', 'open')
    expect(fresh.id).not.toBe(old.id)
    expect(fresh.rows).toMatchObject({ pending: 1, released: 0 })
  })
})

/** Makes the audit write of `action` fail, as a crash between the records and the audit event would. */
async function failAuditOf(ctx: TestContext, dialect: DialectName, action: string): Promise<void> {
  if (dialect === 'sqlite')
    await sql
      .raw(
        `create trigger fail_action before insert on audit_events when new.action = '${action}' begin select raise(abort, 'simulated crash'); end`,
      )
      .execute(ctx.db)
  else {
    await sql
      .raw(
        `create function fail_action() returns trigger language plpgsql as $$ begin if new.action = '${action}' then raise exception 'simulated crash'; end if; return new; end $$`,
      )
      .execute(ctx.db)
    await sql
      .raw('create trigger fail_action before insert on audit_events for each row execute function fail_action()')
      .execute(ctx.db)
  }
}

async function dropFailure(ctx: TestContext, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql.raw('drop trigger fail_action').execute(ctx.db)
  else {
    await sql.raw('drop trigger fail_action on audit_events').execute(ctx.db)
    await sql.raw('drop function fail_action()').execute(ctx.db)
  }
}
