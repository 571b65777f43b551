import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { flagsOf, refreshEntityFlags } from '../../src/modules/disclosure/index.js'
import { closeMark, openMark } from '../../src/flows/record-marks/index.js'
import { revokeRecord } from '../../src/modules/records/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { actor, type Fixture, seedFixture } from './fixtures.js'

describeEachDialect('entity flags with until-instants', (dialect) => {
  let ctx: TestContext
  let f: Fixture
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
  })
  afterAll(async () => ctx.close())

  const flagRows = async (entityId: string) =>
    (await ctx.db
      .withTables<{ entity_flags: { entity_id: string; flag: string; until: string } }>()
      .selectFrom('entity_flags')
      .select(['flag', 'until'])
      .where('entity_id', '=', entityId)
      .orderBy('flag')
      .execute()) as { flag: string; until: string }[]

  it('stores each flag with the end of the last public record that raises it', async () => {
    expect(await flagRows(f.ent.company)).toEqual([
      // court defaulter: the list ends 2028-04-01 (before its window)
      { flag: 'black_list', until: '2028-04-01T16:00:00.000Z' },
      // the serious penalty (until 2029-05-06) outlasts the general one and the list entry
      { flag: 'negative', until: '2029-05-06T16:00:00.000Z' },
    ])
    expect(await flagRows(f.ent.shop)).toEqual([{ flag: 'red_list', until: '2029-03-01T16:00:00.000Z' }])
    expect(await flagRows(f.ent.adult)).toEqual([{ flag: 'negative', until: '2027-05-28T16:00:00.000Z' }])
    // a minor on the decision date raises nothing
    expect(await flagRows(f.ent.minor)).toEqual([])
    expect(await flagRows(f.ent.defaulter)).toEqual([
      { flag: 'black_list', until: '2028-05-15T16:00:00.000Z' },
      { flag: 'negative', until: '2028-05-15T16:00:00.000Z' },
    ])
  })

  it('flags expire by themselves when the clock passes their instant (no job)', async () => {
    const ids = [f.ent.adult, f.ent.company]
    const before = await flagsOf(ctx.db, ids, new Date('2027-05-28T15:59:59.999Z'))
    expect(before.get(f.ent.adult)).toEqual(['negative'])
    const after = await flagsOf(ctx.db, ids, new Date('2027-05-28T16:00:00.000Z'))
    expect(after.get(f.ent.adult)).toBeUndefined()
    expect(after.get(f.ent.company)).toEqual(['negative', 'black_list'])
    expect((await flagsOf(ctx.db, ids, new Date('2028-04-01T16:00:00.000Z'))).get(f.ent.company)).toEqual(['negative'])
    expect((await flagsOf(ctx.db, ids, new Date('2029-05-06T16:00:00.000Z'))).get(f.ent.company)).toBeUndefined()
  })

  it('a mark raises under_objection; closing it and revoking the record recompute the flags', async () => {
    await openMark(ctx, actor, f.rec['P-ADULT'] as string, { reason: '当事人提出异议' })
    expect(await flagRows(f.ent.adult)).toEqual([
      { flag: 'negative', until: '2027-05-28T16:00:00.000Z' },
      { flag: 'under_objection', until: '2027-05-28T16:00:00.000Z' },
    ])
    await closeMark(ctx, actor, f.rec['P-ADULT'] as string, { reason: '异议不成立，维持原记录' })
    expect((await flagRows(f.ent.adult)).map((r) => r.flag)).toEqual(['negative'])
    await revokeRecord(ctx, actor, f.rec['P-ADULT'] as string, '处罚决定被撤销')
    // the revocation refreshes the flags in its own transaction
    expect(await flagRows(f.ent.adult)).toEqual([])
  })

  it('refresh computes at the instant it is given: an expired record raises nothing', async () => {
    const refresh = (now: Date) => runCommand(ctx, actor, ({ trx }) => refreshEntityFlags(trx, [f.ent.company], now))
    const rows = await refresh(new Date('2028-06-01T00:00:00Z'))
    expect(rows.map((r) => [r.flag, r.until])).toEqual([['negative', '2029-05-06T16:00:00.000Z']])
    await refresh(ctx.clock.now())
    expect((await flagRows(f.ent.company)).map((r) => r.flag)).toEqual(['black_list', 'negative'])
  })
})
