import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import { AppError } from '../../src/core/errors.js'
import { createRng, generateOrgCode, generateRegNo, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  createEntity,
  entityHistory,
  getEntity,
  getEntityByUscc,
  insertEntitiesBulk,
  resolveEntity,
  revealIdNumber,
  updateEntity,
} from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const actor = systemActor('test')

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e.code
    throw e
  }
  return 'no error'
}

describeEachDialect('entities', (dialect) => {
  let ctx: TestContext
  const rng = createRng(42)
  const usccA = generateUscc(rng, { dept: '9', category: '1', region: '120101' })
  const usccB = generateUscc(rng, { dept: '9', category: '1', region: '120104' })
  const regNo = generateRegNo(rng, '120104')
  const looseOrg = generateOrgCode(rng)
  const personId = generateResidentId(rng, { region: '120103', birthDate: '1985-03-07', sex: 'female' })
  const minorId = generateResidentId(rng, { region: '120103', birthDate: '2012-02-29', sex: 'male' })

  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx.close())

  it('registers an organisation with its identifiers and audits it', async () => {
    const e = await createEntity(ctx, actor, {
      kind: 'legal_person',
      name: '天津市海河科技有限公司（测试）',
      uscc: usccA.toLowerCase(),
      district: '120101',
      industry: 'I',
      legalRep: '王海',
      establishedOn: '2010-05-01',
      formerNames: [{ name: '天津海河电子有限公司', validTo: '2018-01-01' }],
    })
    expect(e.uscc).toBe(usccA)
    expect(e.name).toBe('天津市海河科技有限公司(测试)')
    expect(e.identifiers).toEqual(
      expect.arrayContaining([
        { scheme: 'uscc', value: usccA },
        { scheme: 'org_code', value: usccA.slice(8, 17) },
      ]),
    )
    expect(e.names.map((n) => [n.name, n.kind])).toEqual([
      ['天津市海河科技有限公司(测试)', 'current'],
      ['天津海河电子有限公司', 'former'],
    ])
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
    const events = await searchAuditEvents(ctx.db, { action: 'entity.create', targetId: e.id }, 1, 10)
    expect(events.total).toBe(1)
    expect(events.items[0]?.details).toEqual({ kind: 'legal_person', uscc: usccA })
  })

  it('rejects invalid input field by field and duplicate codes', async () => {
    const bad = await createEntity(ctx, actor, { kind: 'legal_person', name: '', uscc: '91350200776049653B', district: '12' }).catch((e) => e)
    expect(bad).toBeInstanceOf(AppError)
    expect(bad.code).toBe('entity.invalid')
    expect(bad.details.problems).toHaveLength(3)
    expect(bad.message).toMatch(/统一社会信用代码/)
    expect(await codeOf(createEntity(ctx, actor, { kind: 'legal_person', name: '另一家公司', uscc: usccA }))).toBe('entity.identifier_taken')
    expect(await codeOf(createEntity(ctx, actor, { kind: 'natural_person', name: '李四' }))).toBe('entity.invalid')
  })

  it('stores a natural person ID number only as HMAC, cipher and masked form', async () => {
    const p = await createEntity(ctx, actor, { kind: 'natural_person', name: '张三', idNumber: personId, district: '120103' })
    expect(p.idMasked).toBe(`${personId.slice(0, 4)}**********${personId.slice(-4)}`)
    expect(p.adultOn).toBe('2003-03-07')
    const row = await sql<{ dump: string }>`select id_hmac || id_cipher || id_masked || name as dump from entities where id = ${p.id}`.execute(ctx.db)
    expect(row.rows[0]?.dump).not.toContain(personId)
    expect(row.rows[0]?.dump).not.toContain(personId.slice(6, 14))
    expect(await revealIdNumber(ctx, { ...actor, purpose: '核对身份' }, p.id)).toBe(personId)
    const audit = await searchAuditEvents(ctx.db, { action: 'entity.read_id_number', targetId: p.id }, 1, 5)
    expect(audit.items[0]?.purpose).toBe('核对身份')
    const minor = await createEntity(ctx, actor, { kind: 'natural_person', name: '小明', idNumber: minorId })
    expect(minor.adultOn).toBe('2030-03-01')
  })

  it('resolves by USCC, embedded or separate organisation code, registration number, ID number and name', async () => {
    const org = await createEntity(ctx, actor, { kind: 'legal_person', name: '天津老字号商贸有限公司', regNo, orgCode: looseOrg, district: '120104' })
    const byUscc = await resolveEntity(ctx.db, ctx.keys, { uscc: ` ${usccA} ` })
    expect(byUscc).toMatchObject({ status: 'matched', reason: 'uscc' })
    expect(await resolveEntity(ctx.db, ctx.keys, { codes: [usccA.slice(8, 16) + '-' + usccA.slice(16, 17)] })).toMatchObject({ status: 'matched', reason: 'org_code', entityId: byUscc.status === 'matched' ? byUscc.entityId : '' })
    expect(await resolveEntity(ctx.db, ctx.keys, { codes: [regNo] })).toMatchObject({ status: 'matched', reason: 'reg_no', entityId: org.id })
    expect(await resolveEntity(ctx.db, ctx.keys, { codes: [looseOrg] })).toMatchObject({ status: 'matched', reason: 'org_code', entityId: org.id })
    expect(await resolveEntity(ctx.db, ctx.keys, { idNumber: personId })).toMatchObject({ status: 'matched', reason: 'id_number', name: '张三' })
    expect(await resolveEntity(ctx.db, ctx.keys, { name: '天津海河电子有限公司' })).toMatchObject({ status: 'matched', reason: 'name' })
    expect(await resolveEntity(ctx.db, ctx.keys, { name: '天津老字号商贸有限公司', district: '120104' })).toMatchObject({ status: 'matched', reason: 'name_district', entityId: org.id })
    // a USCC the platform does not know: the name alone must not pull in an entity with another USCC
    expect(await resolveEntity(ctx.db, ctx.keys, { uscc: usccB, name: '天津市海河科技有限公司（测试）' })).toMatchObject({ status: 'unresolved', reason: 'conflict' })
    // ... but an entity without USCC may be matched by name
    expect(await resolveEntity(ctx.db, ctx.keys, { uscc: usccB, name: '天津老字号商贸有限公司' })).toMatchObject({ status: 'matched', entityId: org.id })
    // two codes pointing at two entities
    expect(await resolveEntity(ctx.db, ctx.keys, { uscc: usccA, codes: [regNo] })).toMatchObject({ status: 'unresolved', reason: 'conflict' })
    expect(await resolveEntity(ctx.db, ctx.keys, { name: '不存在的公司' })).toMatchObject({ status: 'unresolved', reason: 'not_found' })
    expect(await resolveEntity(ctx.db, ctx.keys, { uscc: 'XYZ' })).toMatchObject({ status: 'unresolved', reason: 'invalid_input' })
  })

  it('reports ambiguous names instead of guessing', async () => {
    await runCommand(ctx, actor, ({ trx }) =>
      insertEntitiesBulk(ctx, trx, [
        { kind: 'individual_business', name: '和平区张记餐馆', district: '120101' },
        { kind: 'individual_business', name: '和平区张记餐馆', district: '120102' },
      ]),
    )
    const r = await resolveEntity(ctx.db, ctx.keys, { name: '和平区张记餐馆' })
    expect(r).toMatchObject({ status: 'unresolved', reason: 'ambiguous' })
    expect(r.status === 'unresolved' ? r.candidates.length : 0).toBe(2)
    expect(await resolveEntity(ctx.db, ctx.keys, { name: '和平区张记餐馆', district: '120102' })).toMatchObject({ status: 'matched', reason: 'name_district' })
  })

  it('keeps every change as history and renames into former names', async () => {
    const e = await getEntityByUscc(ctx.db, usccA)
    ctx.clock.set('2026-07-01T02:00:00Z')
    const changed = await updateEntity(ctx, actor, e.id, { name: '天津市海河智能科技有限公司', status: 'active', industry: 'M' }, '变更登记')
    expect(changed.version).toBe(e.version + 1)
    expect(changed.name).toBe('天津市海河智能科技有限公司')
    expect(changed.names.filter((n) => n.kind === 'former').map((n) => n.name).sort()).toEqual(['天津市海河科技有限公司(测试)', '天津海河电子有限公司'].sort())
    const hist = await entityHistory(ctx.db, e.id)
    expect(hist).toHaveLength(1)
    expect(hist[0]?.snapshot.name).toBe('天津市海河科技有限公司(测试)')
    expect(await resolveEntity(ctx.db, ctx.keys, { name: '天津市海河科技有限公司(测试)' })).toMatchObject({ status: 'matched', entityId: e.id })
    expect((await getEntity(ctx.db, e.id)).industry).toBe('M')
  })

  it('bulk insert is all-or-nothing on invalid input', async () => {
    const before = (await sql<{ n: number }>`select count(*) as n from entities`.execute(ctx.db)).rows[0]?.n
    const err = await runCommand(ctx, actor, ({ trx }) =>
      insertEntitiesBulk(ctx, trx, [
        { kind: 'legal_person', name: '好公司' },
        { kind: 'legal_person', name: '坏公司', uscc: '123' },
      ]),
    ).catch((e) => e)
    expect(err.code).toBe('entity.invalid')
    expect(err.details.problems[0]).toMatch(/^第 2 个主体/)
    const after = (await sql<{ n: number }>`select count(*) as n from entities`.execute(ctx.db)).rows[0]?.n
    expect(Number(after)).toBe(Number(before))
  })
})
