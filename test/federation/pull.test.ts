import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { pullPeer, startFederationPulls } from '../../src/flows/federation/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { getPeer, provenanceOfRecords } from '../../src/modules/federation/index.js'
import { repairRecordIn, revokeRecord } from '../../src/modules/records/index.js'
import { triggerRowsOf } from '../../src/read-models/check-triggers/index.js'
import { penaltyRow, rowsOf } from '../ingest/helpers.js'
import { describeEachDialect } from '../support/context.js'
import { Interrupted, interruptedAt } from '../support/interrupt.js'
import {
  admin,
  count,
  type Pair,
  peerRecords,
  penalties,
  resign,
  restartSource,
  startPair,
  stopSource,
  strangerKey,
  uscc,
} from './helpers.js'

// Reliability of pulls between two real instances on loopback (each its own database): caught up after the peer was
// down, exactly once after a pull killed mid-page, refused and stopped at a bad or unknown signature; a peer's
// records never change a local one, and its corrections, revocations and repairs apply at once.
describeEachDialect('federation pull', (dialect) => {
  let p: Pair
  beforeAll(async () => {
    p = await startPair(dialect)
  })
  afterAll(async () => p?.close())

  const pull = () => pullPeer(p.b, admin, 'tianjin', { limit: 3 })
  const versionsOf = (id: string) => count(p.b, sql`select count(*) as n from record_versions where record_id = ${id}`)

  it('pulls page by page into the store through the pipeline, with provenance; a second pull doubles nothing', async () => {
    await penalties(p.a, ['津罚1号', '津罚2号', '津罚3号', '津罚4号', '津罚5号'])
    const r = await pull()
    expect(r).toMatchObject({ status: 'ok', applied: 5, rejected: 0, error: null })
    expect(r.pages).toBe(2)
    const held = await peerRecords(p.b)
    expect(held.map((h) => h.document_no)).toEqual(['津罚1号', '津罚2号', '津罚3号', '津罚4号', '津罚5号'])
    const prov = await provenanceOfRecords(
      p.b,
      held.map((h) => h.id),
    )
    expect(prov).toHaveLength(5)
    const sourceIds = (
      await sql<{ id: string }>`select id from records where provider_dept = 'tj-scjg' order by document_no`.execute(
        p.a.db,
      )
    ).rows.map((x) => x.id)
    expect(prov.map((x) => x.source_record_id).sort()).toEqual([...sourceIds].sort())
    expect(prov.every((x) => x.source_platform === 'tianjin')).toBe(true)
    // each through a batch of the peer's department, audited
    expect(await count(p.b, sql`select count(*) as n from batches where dept_code = 'peer-tianjin'`)).toBe(2)
    const again = await pull()
    expect(again).toMatchObject({ status: 'ok', applied: 0 })
    expect(await peerRecords(p.b)).toHaveLength(5)
    const peer = await getPeer(p.b, 'tianjin')
    expect(peer).toMatchObject({ last_error: null, cursor: r.cursor })
    expect(Number(peer.received)).toBe(5)
  })

  it("never changes a local record: the peer's record of the same key is stored beside it", async () => {
    const company = uscc()
    const row = penaltyRow({ CF_XDR_MC: '北京同号测试有限公司', CF_XDR_SHXYM: company, CF_WSH: '同号罚〔2026〕1号' })
    const local = await runIngest(p.b, admin, {
      classCode: 'admin_penalty',
      dept: 'bj-scjg',
      channel: 'api',
      ...rowsOf([row]),
    })
    expect(local.accepted).toBe(1)
    await runIngest(p.a, admin, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([{ ...row, CF_NR: '天津的处罚内容不同', CF_NR_FK: '9' }]),
    })
    expect((await pull()).status).toBe('ok')
    const both = await sql<{ provider_dept: string; version: number; payload_hash: string }>`
      select provider_dept, version from records where document_no = '同号罚〔2026〕1号' order by provider_dept`.execute(
      p.b.db,
    )
    expect(both.rows.map((r) => [r.provider_dept, Number(r.version)])).toEqual([
      ['bj-scjg', 1],
      ['peer-tianjin', 1],
    ])
  })

  it('corrections, revocations and repairs of its records apply at once', async () => {
    const ids = (
      await sql<{ id: string; document_no: string }>`select id, document_no from records
        where provider_dept = 'tj-scjg' and document_no in ('津罚1号', '津罚2号', '津罚3号')`.execute(p.a.db)
    ).rows
    const idOf = (doc: string) => ids.find((x) => x.document_no === doc)?.id as string
    // 1: corrected (same 文书号, a new fine)
    const one = await sql<{
      payload: string
    }>`select v.payload from record_versions v where v.record_id = ${idOf('津罚1号')}`.execute(p.a.db)
    const data = JSON.parse(one.rows[0]?.payload as string) as Record<string, string>
    await runIngest(p.a, admin, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        penaltyRow({
          CF_XDR_MC: data.CF_XDR_MC as string,
          CF_XDR_SHXYM: data.CF_XDR_SHXYM as string,
          CF_WSH: '津罚1号',
          CF_NR_FK: '3',
          _op: 'correct',
          _reason: '罚款金额更正',
        }),
      ]),
    })
    // 2: revoked; 3: repaired (信用修复 decided at the source)
    await revokeRecord(p.a, { ...admin, role: 'operator' }, idOf('津罚2号'), '决定被撤销')
    await runCommand(p.a, admin, async ({ ctx, trx }) => {
      await repairRecordIn(ctx, trx, admin, idOf('津罚3号'), 1, '已整改', {
        caseId: 'c1',
        caseNumber: '津修〔2026〕1号',
      })
    })
    const r = await pull()
    expect(r).toMatchObject({ status: 'ok', applied: 3, rejected: 0 })
    const held = new Map((await peerRecords(p.b)).map((h) => [h.document_no, h]))
    expect(held.get('津罚1号')).toMatchObject({ state: 'active', version: 2 })
    expect(held.get('津罚2号')).toMatchObject({ state: 'revoked', version: 2 })
    expect(held.get('津罚3号')).toMatchObject({ state: 'repaired', version: 2 })
    const fine = await sql<{
      payload: string
    }>`select v.payload from record_versions v where v.record_id = ${held.get('津罚1号')?.id} and v.version = 2`.execute(
      p.b.db,
    )
    expect(JSON.parse(fine.rows[0]?.payload as string).CF_NR_FK).toBe('30000')
    const prov = await provenanceOfRecords(p.b, [held.get('津罚3号')?.id as string])
    expect(prov[0]?.source_version).toBe(2)
  })

  it('a peer down during a pull: the pull fails and is logged; back up, it is caught up with nothing lost or doubled', async () => {
    const before = (await peerRecords(p.b)).length
    await stopSource(p)
    await penalties(p.a, ['津罚6号', '津罚7号', '津罚8号', '津罚9号'])
    const down = await pull()
    expect(down.status).toBe('unreachable')
    expect((await getPeer(p.b, 'tianjin')).last_error).toMatch(/无法从对接平台「tianjin」拉取/)
    expect(await count(p.b, sql`select count(*) as n from audit_events where action = 'federation.pull_failed'`)).toBe(
      1,
    )
    expect(await peerRecords(p.b)).toHaveLength(before)
    await penalties(p.a, ['津罚10号'])
    await restartSource(p)
    const up = await pull()
    expect(up).toMatchObject({ status: 'ok', applied: 5 })
    const held = await peerRecords(p.b)
    expect(held).toHaveLength(before + 5)
    expect(new Set(held.map((h) => h.id)).size).toBe(held.length)
    expect((await getPeer(p.b, 'tianjin')).last_error).toBeNull()
  })

  it('a pull killed in the middle of applying a page leaves nothing; the next pull applies the page exactly once', async () => {
    const before = (await peerRecords(p.b)).length
    const peer = await getPeer(p.b, 'tianjin')
    await penalties(p.a, ['津罚11号', '津罚12号', '津罚13号'])
    // the page's records are written, then the process dies before the provenance and the cursor
    const killed = interruptedAt(p.b, 'insert:federation_records')
    await expect(pullPeer(killed, admin, 'tianjin', { limit: 3 })).rejects.toBeInstanceOf(Interrupted)
    expect(await peerRecords(p.b)).toHaveLength(before)
    expect((await getPeer(p.b, 'tianjin')).cursor).toBe(peer.cursor)
    const r = await pull()
    expect(r).toMatchObject({ status: 'ok', applied: 3 })
    const held = await peerRecords(p.b)
    expect(held).toHaveLength(before + 3)
    for (const h of held.filter((x) => ['津罚11号', '津罚12号', '津罚13号'].includes(x.document_no)))
      expect(await versionsOf(h.id)).toBe(1)
  })

  it('an entry with a bad signature or from an unknown key is refused and logged, and the pull stops there', async () => {
    const before = (await peerRecords(p.b)).length
    const cursor = (await getPeer(p.b, 'tianjin')).cursor
    await penalties(p.a, ['津罚14号', '津罚15号', '津罚16号'])
    // the second entry's fine is changed on the way
    p.proxy.tamper = (page) => ({
      ...page,
      entries: page.entries.map((e, i) => (i === 1 ? { ...e, data: { ...e.data, CF_NR_FK: '0.01' } } : e)),
    })
    const bad = await pull()
    expect(bad).toMatchObject({ status: 'refused', applied: 1, refusal: { reason: 'bad_signature' } })
    expect(await peerRecords(p.b)).toHaveLength(before + 1)
    const refusedAt = (await getPeer(p.b, 'tianjin')).cursor
    expect(Number(refusedAt)).toBeGreaterThan(Number(cursor))
    expect((await getPeer(p.b, 'tianjin')).last_error).toMatch(/签名无效/)
    const logged = await sql<{
      details: string
    }>`select details from audit_events where action = 'federation.entry_refused'`.execute(p.b.db)
    expect(logged.rows).toHaveLength(1)
    expect(JSON.parse(logged.rows[0]?.details as string)).toMatchObject({ reason: 'bad_signature', cursor: refusedAt })
    // re-signed with a key nobody registered: refused as unknown, still nothing past it
    const stranger = strangerKey()
    p.proxy.tamper = (page) => ({ ...page, entries: page.entries.map((e, i) => (i === 0 ? resign(e, stranger) : e)) })
    const unknown = await pull()
    expect(unknown).toMatchObject({
      status: 'refused',
      applied: 0,
      refusal: { reason: 'unknown_key', keyId: stranger.keyId },
    })
    expect((await getPeer(p.b, 'tianjin')).cursor).toBe(refusedAt)
    expect(
      await count(p.b, sql`select count(*) as n from audit_events where action = 'federation.entry_refused'`),
    ).toBe(2)
    // a page whose cursor was moved on the way (its own signature no longer holds) is refused too
    p.proxy.tamper = (page) => ({ ...page, entries: [], next: String(Number(page.next) + 1000) })
    expect(await pull()).toMatchObject({ status: 'refused', refusal: { reason: 'bad_signature', seq: null } })
    expect((await getPeer(p.b, 'tianjin')).cursor).toBe(refusedAt)
    // the channel is clean again: the rest arrives, once
    p.proxy.tamper = null
    expect(await pull()).toMatchObject({ status: 'ok', applied: 2 })
    expect(await peerRecords(p.b)).toHaveLength(before + 3)
  })

  it('list entries: the peer measure classes decide whether they count in local joint checks', async () => {
    const company = uscc()
    const name = '天津名单测试有限公司'
    const listRow = (cls: string, doc: string) =>
      runIngest(p.a, admin, {
        classCode: cls,
        dept: cls === 'court_defaulter' ? 'tj-fy' : 'tj-scjg',
        channel: 'api',
        ...rowsOf([
          cls === 'court_defaulter'
            ? {
                case_no: doc,
                subject_name: name,
                subject_category: '法人及非法人组织',
                uscc: company,
                court: '天津市第一中级人民法院',
                basis_doc_no: '（2025）津01民初1号',
                basis_issuer: '天津市第一中级人民法院',
                obligation: '支付货款人民币10万元',
                performance: '全部未履行',
                conduct: '有履行能力而拒不履行生效法律文书确定义务',
                filed_on: '2026-01-10',
                published_on: '2026-05-20',
              }
            : {
                subject_name: name,
                uscc: company,
                reason: '通过登记的住所或者经营场所无法联系',
                document_no: doc,
                decision_date: '2026-05-20',
                authority_name: '天津市市场监督管理委员会',
              },
        ]),
      })
    const a1 = await listRow('court_defaulter', '(2026)津01执1号')
    const a2 = await listRow('abnormal_operation', '津市监异〔2026〕1号')
    expect([a1.accepted, a2.accepted], JSON.stringify([a1, a2])).toEqual([1, 1])
    const r = await pull()
    expect(r).toMatchObject({ status: 'ok', applied: 2, rejected: 0 })
    const entity = await sql<{ id: string }>`select id from entities where uscc = ${company}`.execute(p.b.db)
    const rows = await triggerRowsOf(p.b.db, [entity.rows[0]?.id as string], {
      classes: ['court_defaulter', 'abnormal_operation'],
      listKinds: [],
      severities: [],
    })
    // court_defaulter is a measure class of the peer; abnormal_operation is stored but does not trigger
    expect(rows.map((x) => x.class_code)).toEqual(['court_defaulter'])
  })

  it('a server pulls on its own every federationPullSeconds', async () => {
    const before = (await peerRecords(p.b)).length
    await penalties(p.a, ['津罚定时1号'])
    const stop = startFederationPulls({ ...p.b, config: { ...p.b.config, federationPullSeconds: 1 } }, admin)
    try {
      for (let i = 0; i < 100 && (await peerRecords(p.b)).length === before; i++)
        await new Promise((r) => setTimeout(r, 100))
    } finally {
      await stop()
    }
    expect((await peerRecords(p.b)).map((h) => h.document_no)).toContain('津罚定时1号')
  })
})
