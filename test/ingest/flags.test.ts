import { afterAll, beforeAll, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { actor, OTHER_USCC, penaltyRow, rowsOf, seedDepartments } from './helpers.js'

describeEachDialect('ingest: entity flags follow each chunk', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
  })
  afterAll(async () => ctx.close())

  const ingest = (list: Record<string, string>[]) =>
    runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', ...rowsOf(list) })
  const row = (no: string, decided: string, over: Record<string, string> = {}) =>
    penaltyRow({
      CF_WSH: `津市监罚〔2026〕F${no}号`,
      CF_XDR_SHXYM: OTHER_USCC,
      CF_XDR_MC: '天津市和平测试科技有限公司',
      CF_JDRQ: decided,
      ...over,
    })
  const negativeUntil = async () => {
    const rows = await ctx.db
      .withTables<{ entity_flags: { entity_id: string; flag: string; until: string } }>()
      .selectFrom('entity_flags')
      .innerJoin('entity_identifiers', 'entity_identifiers.entity_id', 'entity_flags.entity_id')
      .select(['entity_flags.flag', 'entity_flags.until'])
      .where('entity_identifiers.value', '=', OTHER_USCC)
      .execute()
    return rows.filter((r) => r.flag === 'negative').map((r) => r.until)
  }

  it('new records only raise the flag; a revocation recomputes it from the records left', async () => {
    await ingest([row('1', '2026-03-02')])
    const first = await negativeUntil()
    expect(first).toHaveLength(1)

    // an older decision ends earlier: the flag keeps the later end
    await ingest([row('2', '2026-01-12')])
    expect(await negativeUntil()).toEqual(first)

    // a newer one extends it
    await ingest([row('3', '2026-05-20')])
    const extended = await negativeUntil()
    expect(extended).toHaveLength(1)
    expect((extended[0] as string) > (first[0] as string)).toBe(true)

    // revoking the newest brings the end back to the latest record still public
    const r = await ingest([row('3', '2026-05-20', { _op: 'revoke', _reason: '处罚决定被撤销' })])
    expect(r).toMatchObject({ accepted: 1, revoked: 1 })
    expect(await negativeUntil()).toEqual(first)

    // revoking all of them lowers it to nothing
    await ingest([
      row('1', '2026-03-02', { _op: 'revoke', _reason: '撤销' }),
      row('2', '2026-01-12', { _op: 'revoke', _reason: '撤销' }),
    ])
    expect(await negativeUntil()).toEqual([])
  })
})
