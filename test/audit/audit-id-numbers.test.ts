// Audit details and purposes are written with every resident ID number masked: the chain is append-only, so a clear
// number that entered it could not be taken out without a trace.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { recordAudit, searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const ID = '120106198609206365'
const MASKED = '1201**********6365'

describeEachDialect('audit events and ID numbers', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx.close())

  it('masks ID numbers in details (any depth, text or number) and in the purpose; the chain verifies', async () => {
    await ctx.db.transaction().execute((trx) =>
      recordAudit(
        trx,
        ctx.clock,
        { ...systemActor('test'), purpose: `核查 ${ID} 的资格` },
        {
          action: 'test.personal',
          details: {
            reason: `当事人${ID}申请`,
            nested: { list: ['无', `１２０１０６ １９８６０９２０ ６３６５`] },
            old: 120106860920636,
            [ID]: 'key',
            when: new Date('2026-06-01T00:00:00Z'),
            count: 3,
          },
        },
      ),
    )
    const [e] = (await searchAuditEvents(ctx.db, { action: 'test.personal' }, 1, 1)).items
    expect(e?.purpose).toBe(`核查 ${MASKED} 的资格`)
    expect(e?.details).toEqual({
      reason: `当事人${MASKED}申请`,
      nested: { list: ['无', MASKED] },
      old: '1201*******0636',
      [MASKED]: 'key',
      when: '2026-06-01T00:00:00.000Z',
      count: 3,
    })
    expect((await verifyAuditChain(ctx.db, ctx.keys)).ok).toBe(true)
  })

  it('details without an ID number are stored exactly as given', async () => {
    const details = { reason: '2024-05-28 罚款 12,345.67 元，账户 62120106198609206365', n: 120106 }
    await ctx.db
      .transaction()
      .execute((trx) => recordAudit(trx, ctx.clock, systemActor('test'), { action: 'test.plain', details }))
    const [e] = (await searchAuditEvents(ctx.db, { action: 'test.plain' }, 1, 1)).items
    expect(e?.details).toEqual(JSON.parse(JSON.stringify(details)))
  })
})
