// Migration 0010: ID numbers inside text that was stored before collection masked it. The database is brought into
// the shape the earlier code left (clear text in payloads, keys, issues, file names, entity names, an audit event),
// then migrated: everything ends masked, the clear text sealed, hashes and keys exactly what collection computes today
// (so resending a row is a duplicate), and the audit chain still verifies - with the key file, and not after an edit.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { closeContext, type Ctx } from '../../src/container.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { storedPayload } from '../../src/flows/ingest/prepare.js'
import { generateResidentId } from '../../src/identifiers/index.js'
import { searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { actor, penaltyRow, rng, rowsOf, seedDepartments } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { appendOldEvent, beforeMigration, migrateAgain } from './helpers.js'

const ID_TEXT = generateResidentId(rng, { region: '120106', birthDate: '1986-09-20', sex: 'female' })
const ID_DOC = generateResidentId(rng, { region: '120113', birthDate: '1988-05-05', sex: 'female' })
const ID_NAME = generateResidentId(rng, { region: '120105', birthDate: '1969-07-01', sex: 'male' })
const ID_AUDIT = generateResidentId(rng, { region: '120110', birthDate: '1958-01-20', sex: 'male' })
const ID_TYPO = generateResidentId(rng, { region: '120101', birthDate: '1975-03-08', sex: 'female' }).slice(0, 17)
const CLEAR = [ID_TEXT, ID_DOC, ID_NAME, ID_AUDIT, ID_TYPO]
const mask = (id: string) => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
/** The seal with one character of its cipher text changed. */
const tampered = (sealed: string) => {
  const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string]
  return [v, iv, (body[0] === 'A' ? 'B' : 'A') + body.slice(1), tag].join('.')
}
const ID_FIELDS = new Set(['CF_XDR_ZJHM', 'CF_FR_ZJHM'])

describeEachDialect('migration 0010: ID numbers inside stored text', (dialect) => {
  let first: TestContext
  let ctx: Ctx
  /** What collection stores today, to compare with what the migration makes of the old shape. */
  const today = new Map<string, { provider_key: string; payload_hash: string; document_no: string | null }>()
  let oldEventSeq = 0

  const rows = [
    penaltyRow({ CF_WSH: 'M-1', CF_SY: `当事人身份证号 ${ID_TEXT}。` }),
    penaltyRow({ CF_WSH: `津市监罚〔2024〕${ID_DOC}号` }),
    penaltyRow({
      CF_WSH: 'M-3',
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: ID_NAME,
      CF_XDR_MC: `李四${ID_NAME}`,
      CF_NR_FK: '0.05',
    }),
    penaltyRow({
      CF_WSH: 'M-4',
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: ID_TYPO,
      CF_XDR_MC: '赵六',
    }),
  ]

  beforeAll(async () => {
    first = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(first)
    const r = await runIngest(first, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      fileName: `处罚-${ID_TEXT}.csv`,
      ...rowsOf(rows),
    })
    expect(r).toMatchObject({ accepted: 3, rejected: 1 })
    for (const rec of await first.db.selectFrom('records').selectAll().execute())
      today.set(rec.id, {
        provider_key: rec.provider_key,
        payload_hash: rec.payload_hash,
        document_no: rec.document_no,
      })
    await backToTheOldShape(first, r.batchId as string)
    ctx = await migrateAgain(first)
  }, 300_000)
  afterAll(async () => {
    if (ctx) await closeContext(ctx)
    await first?.testDb.cleanup()
  })

  /** The rows as the code before 0010 stored them: only ID-number fields sealed, everything else in clear. */
  async function backToTheOldShape(c: TestContext, batchId: string): Promise<void> {
    for (const v of await c.db.selectFrom('record_versions').selectAll().execute()) {
      const data = JSON.parse(v.payload)
      for (const field of Object.keys(data._sealed ?? {})) {
        if (ID_FIELDS.has(field)) continue
        data[field] = c.keys.decrypt(data._sealed[field])
        delete data._sealed[field]
        delete data._hmac[field]
      }
      const { payload, hash } = storedPayload(data)
      await c.db
        .updateTable('record_versions')
        .set({ payload, payload_hash: hash })
        .where('record_id', '=', v.record_id)
        .where('version', '=', v.version)
        .execute()
      const rec = await c.db.selectFrom('records').selectAll().where('id', '=', v.record_id).executeTakeFirstOrThrow()
      const documentNo = data.CF_WSH as string
      await c.db
        .updateTable('records')
        .set({ payload_hash: hash, document_no: documentNo, provider_key: documentNo })
        .where('id', '=', rec.id)
        .execute()
    }
    await c.db
      .updateTable('batches')
      .set({ file_name: `处罚-${ID_TEXT}.csv` })
      .execute()
    await c.db
      .updateTable('batch_issues')
      .set({ value: ID_TYPO, message: `「证件号码」${ID_TYPO} 不是有效的居民身份证号码。` })
      .where('batch_id', '=', batchId)
      .where('field', '=', 'CF_XDR_ZJHM')
      .execute()
    const person = await c.db
      .selectFrom('entities')
      .select('id')
      .where('kind', '=', 'natural_person')
      .executeTakeFirstOrThrow()
    await c.db
      .updateTable('entities')
      .set({ name: `李四${ID_NAME}` })
      .where('id', '=', person.id)
      .execute()
    // an audit event written before details were masked, at the tail of a valid chain
    oldEventSeq = await appendOldEvent(c, 'old-event', {
      at: '2026-05-31T08:00:00.000Z',
      actor_kind: 'system',
      actor_id: 'test',
      actor_role: 'operator',
      actor_dept: null,
      action: 'record.revoke',
      target_type: 'record',
      target_id: 'r-1',
      request_id: null,
      purpose: `核查${ID_AUDIT}`,
      details: JSON.stringify({ reason: `当事人 ${ID_AUDIT} 申请`, n: 1 }),
    })
    expect((await verifyAuditChain(c.db, c.keys)).ok).toBe(true)
    await beforeMigration(c, '0010-id-numbers-in-text', ['audit_events'])
  }

  it('leaves no clear ID number in any table', async () => {
    const found: string[] = []
    for (const t of [
      'records',
      'record_versions',
      'batches',
      'batch_issues',
      'audit_events',
      'entities',
      'search_names',
    ] as const) {
      for (const row of await ctx.db.selectFrom(t).selectAll().execute()) {
        const r = { ...(row as Record<string, unknown>) }
        delete r.sealed
        if (t === 'record_versions') {
          const p = JSON.parse(r.payload as string)
          delete p._sealed
          r.payload = p
        }
        const text = JSON.stringify(r)
        for (const id of CLEAR) if (text.includes(id)) found.push(`${t}: ${id}`)
      }
    }
    expect(found).toEqual([])
  })

  it('seals like collection: the same payload hash and record key as collection computes today', async () => {
    const recs = await ctx.db.selectFrom('records').selectAll().execute()
    expect(recs.map((r) => [r.provider_key, r.payload_hash, r.document_no])).toEqual(
      recs.map((r) => {
        const t = today.get(r.id)
        return [t?.provider_key, t?.payload_hash, t?.document_no]
      }),
    )
    const doc = recs.find((r) => r.document_no === `津市监罚〔2024〕${mask(ID_DOC)}号`)
    expect(doc?.provider_key).toBe(
      `津市监罚〔2024〕${mask(ID_DOC)}号#${ctx.keys.hmac(`津市监罚〔2024〕${ID_DOC}号`).slice(0, 16)}`,
    )
    const one = recs.find((r) => r.provider_key === 'M-1')
    const v = await ctx.db
      .selectFrom('record_versions')
      .select('payload')
      .where('record_id', '=', one?.id as string)
      .executeTakeFirstOrThrow()
    const payload = JSON.parse(v.payload)
    expect(payload.CF_SY).toBe(`当事人身份证号 ${mask(ID_TEXT)}。`)
    expect(ctx.keys.decrypt(payload._sealed.CF_SY)).toBe(`当事人身份证号 ${ID_TEXT}。`)
    // so the same rows sent again are duplicates
    const again = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf(rows),
    })
    expect(again).toMatchObject({ total: 4, duplicates: 3, accepted: 0, rejected: 1 })
  })

  it('masks issues, file names and names; the search index follows', async () => {
    const issue = await ctx.db
      .selectFrom('batch_issues')
      .selectAll()
      .where('field', '=', 'CF_XDR_ZJHM')
      .executeTakeFirstOrThrow()
    expect([issue.value, issue.message]).toEqual([
      mask(ID_TYPO),
      `「证件号码」${mask(ID_TYPO)} 不是有效的居民身份证号码。`,
    ])
    const batch = await ctx.db.selectFrom('batches').select('file_name').executeTakeFirstOrThrow()
    expect(batch.file_name).toBe(`处罚-${mask(ID_TEXT)}.csv`)
    const person = await ctx.db
      .selectFrom('entities')
      .selectAll()
      .where('kind', '=', 'natural_person')
      .executeTakeFirstOrThrow()
    expect(person.name).toBe(`李四${mask(ID_NAME)}`)
    const indexed = await ctx.db.selectFrom('search_names').select('name').where('entity_id', '=', person.id).execute()
    expect(indexed.map((n) => n.name)).toEqual([`李四${mask(ID_NAME)}`])
  })

  it('masks audit events in place; the chain verifies against the sealed originals, and not after an edit', async () => {
    const old = await ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '=', oldEventSeq)
      .executeTakeFirstOrThrow()
    expect([old.purpose, JSON.parse(old.details)]).toEqual([
      `核查${mask(ID_AUDIT)}`,
      { reason: `当事人 ${mask(ID_AUDIT)} 申请`, n: 1 },
    ])
    expect(old.sealed).toMatch(/^v1\./)
    const redacted = await searchAuditEvents(ctx.db, { action: 'audit.redacted' }, 1, 5)
    expect(redacted.items.map((e) => e.details)).toEqual([expect.objectContaining({ events: 1, seqs: [oldEventSeq] })])
    const ok = await verifyAuditChain(ctx.db, ctx.keys)
    expect(ok.ok).toBe(true)
    // without the key file the sealed event cannot be checked
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, firstBad: { seq: oldEventSeq } })
    // an edit of the masked text, or of the seal, is found
    await ctx.db.updateTable('audit_events').set({ purpose: '核查' }).where('seq', '=', oldEventSeq).execute()
    expect(await verifyAuditChain(ctx.db, ctx.keys)).toMatchObject({ ok: false, firstBad: { seq: oldEventSeq } })
    await ctx.db
      .updateTable('audit_events')
      .set({ purpose: old.purpose, sealed: tampered(old.sealed as string) })
      .where('seq', '=', oldEventSeq)
      .execute()
    expect(await verifyAuditChain(ctx.db, ctx.keys)).toMatchObject({ ok: false, firstBad: { seq: oldEventSeq } })
    await ctx.db.updateTable('audit_events').set({ sealed: old.sealed }).where('seq', '=', oldEventSeq).execute()
    expect(await verifyAuditChain(ctx.db, ctx.keys)).toEqual(ok)
  })
})
