import { it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { fixedClock } from '../../src/core/clock.js'
import { systemActor } from '../../src/core/actor.js'
import { generateDemo, OrganisationGenerator, CodeBook, demoSize, departmentBodies, demoDepartments } from '../../src/flows/demo/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { testContext } from '../support/context.js'

it('measure', async () => {
  const ctx = await testContext((process.env.D ?? 'sqlite') as 'sqlite')
  let t = performance.now()
  await generateDemo(ctx, { entities: 5000, seed: 1 })
  console.log('demo', performance.now() - t)
  const size = demoSize(5000)
  const gen = new OrganisationGenerator(1, size, new CodeBook(1, departmentBodies()))
  const orgs = gen.chunk(size.organisations).filter((e) => e.kind === 'legal_person')
  const scjg = demoDepartments().find((d) => d.code === 'tj-scjg')!
  const row = (e: any, i: number) => ({
    CF_XDR_MC: e.name, CF_XDR_LB: '法人及非法人组织', CF_XDR_SHXYM: e.uscc, CF_FRDB: e.legalRep,
    CF_WSH: `津市监罚〔2024〕${i}号`, CF_WFXW: '销售不合格产品', CF_SY: '经查，当事人销售不合格产品。', CF_YJ: '《中华人民共和国产品质量法》第四十九条',
    CF_CFLB: '罚款', CF_NR: '罚款人民币2万元。', CF_NR_FK: '2', CF_JDRQ: '2024-05-08', CF_CFJG: scjg.name, CF_CFJGDM: scjg.uscc, CF_SJLY: scjg.name, CF_SJLYDM: scjg.uscc,
  })
  const actor = systemActor('x')
  const headers = Object.keys(row(orgs[0], 0))
  // small batches
  t = performance.now()
  for (let b = 0; b < 200; b++) {
    const rows = Array.from({ length: 5 }, (_, k) => ({ rowNo: k + 2, values: row(orgs[(b * 5 + k) % orgs.length], b * 5 + k) }))
    await runIngest({ ...ctx, clock: fixedClock('2024-05-10T02:00:00Z') }, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'flow', headers, rows })
  }
  console.log('200 small batches ms', performance.now() - t)
  t = performance.now()
  const rows = Array.from({ length: 10000 }, (_, k) => ({ rowNo: k + 2, values: row(orgs[k % orgs.length], 100000 + k) }))
  const r = await runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'flow', headers, rows, chunkSize: 1000 })
  console.log('10k rows ms', performance.now() - t, r)
  t = performance.now()
  const rows2 = Array.from({ length: 2000 }, (_, k) => ({ rowNo: k + 2, values: row(orgs[k % orgs.length], 200000 + k) }))
  await runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'flow', headers, rows: rows2, chunkSize: 25 })
  console.log('2k rows chunk 25 ms', performance.now() - t)
  await ctx.close()
}, 600000)
