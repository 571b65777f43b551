import { afterAll, beforeAll, expect, it } from 'vitest'
import { batchIssues, runIngest } from '../../src/flows/ingest/index.js'
import { createRng, generateOrgCode, generateRegNo, generateUscc, usccCheckChar } from '../../src/identifiers/index.js'
import { createEntity, getEntityByUscc, resolveEntity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { addDepartment } from '../../src/modules/access/index.js'
import { actor, penaltyRow, rowsOf, seedDepartments } from './helpers.js'

const rng = createRng(20261205)
const uscc = () => generateUscc(rng, { dept: '9', category: '1', region: '120116' })
/** A valid USCC with another registration prefix around the same organisation code (body + check). */
const usccAround = (orgCode: string, prefix = '91120101') => {
  const first17 = `${prefix}${orgCode}`
  return `${first17}${usccCheckChar(first17)}`
}

describeEachDialect('collection: subject resolution and its messages', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    await addDepartment(ctx, actor, {
      code: 'tj-fy',
      name: '天津市高级人民法院',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
  })
  afterAll(async () => ctx.close())

  const ingest = (list: Record<string, string>[], dryRun = false) =>
    runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', dryRun, ...rowsOf(list) })
  const errorsOf = async (batchId: string | null) =>
    (await batchIssues(ctx.db, batchId as string)).filter((i) => i.level === 'error')

  it('a new valid USCC whose name belongs to another entity registers the new entity, with a name_conflict warning', async () => {
    const existing = uscc()
    const fresh = uscc()
    await createEntity(ctx, actor, {
      kind: 'legal_person',
      name: '天津市同名测试有限公司',
      uscc: existing,
      district: '120116',
    })
    const r = await ingest([penaltyRow({ CF_WSH: 'NAME-1', CF_XDR_MC: '天津市同名测试有限公司', CF_XDR_SHXYM: fresh })])
    expect(r).toMatchObject({ total: 1, accepted: 1, rejected: 0, warnings: 1 })
    const registered = await getEntityByUscc(ctx.db, fresh)
    expect(registered).toMatchObject({ name: '天津市同名测试有限公司', uscc: fresh, kind: 'legal_person' })
    const other = await getEntityByUscc(ctx.db, existing)
    expect(registered.id).not.toBe(other.id)
    const issues = await batchIssues(ctx.db, r.batchId as string)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({
      level: 'warning',
      code: 'name_conflict',
      field: 'CF_XDR_MC',
      value: '天津市同名测试有限公司',
    })
    expect(issues[0]?.message).toContain(existing)
    expect(issues[0]?.message).toContain(fresh)
    expect(issues[0]?.message).toContain('「天津市同名测试有限公司」')
    const record = await ctx.db
      .selectFrom('records')
      .select(['entity_id', 'subject_key'])
      .where('provider_key', '=', 'NAME-1')
      .executeTakeFirstOrThrow()
    expect(record).toEqual({ entity_id: registered.id, subject_key: `uscc:${fresh}` })
    // the next row of that USCC is simply matched by its code
    const again = await ingest([
      penaltyRow({ CF_WSH: 'NAME-2', CF_XDR_MC: '天津市同名测试有限公司', CF_XDR_SHXYM: fresh }),
    ])
    expect(again).toMatchObject({ accepted: 1, warnings: 0 })
  })

  it('the resolve API still never matches the other entity by name, and says why', async () => {
    const existing = uscc()
    const fresh = uscc()
    await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市另一同名有限公司', uscc: existing })
    const r = await resolveEntity(ctx.db, ctx.keys, { uscc: fresh, name: '天津市另一同名有限公司' })
    expect(r).toMatchObject({ status: 'unresolved', reason: 'conflict', cause: 'name_other_code' })
    expect(r.status === 'unresolved' ? r.message : '').toContain(`统一社会信用代码 ${fresh} 尚未登记`)
    expect(r.status === 'unresolved' ? r.message : '').toContain(existing)
  })

  it('a new USCC whose embedded organisation code belongs to another entity is rejected, naming the code and the entity', async () => {
    const holder = uscc()
    await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市机构代码持有有限公司', uscc: holder })
    const clash = usccAround(holder.slice(8, 17))
    const r = await ingest([penaltyRow({ CF_WSH: 'ORG-1', CF_XDR_MC: '天津市另一家有限公司', CF_XDR_SHXYM: clash })])
    expect(r).toMatchObject({ accepted: 0, rejected: 1 })
    const [e] = await errorsOf(r.batchId)
    expect(e).toMatchObject({ code: 'subject_unresolved', field: 'CF_XDR_SHXYM', value: clash })
    expect(e?.message).toMatch(/^无法确定行政相对人：/)
    expect(e?.message).toContain(
      `统一社会信用代码 ${clash} 中的组织机构代码 ${holder.slice(8, 17)} 已属于「天津市机构代码持有有限公司」（统一社会信用代码 ${holder}）`,
    )
    expect(e?.message).not.toContain('请填写有效的统一社会信用代码')
    expect(e?.message).toContain('待匹配主体')
  })

  it('codes of two different entities are named with their entities', async () => {
    const orgCode = uscc().slice(8, 17)
    const regNo = generateRegNo(rng, '120116')
    await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市甲测试有限公司', orgCode })
    await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市乙测试有限公司', regNo })
    const a = usccAround(orgCode, '91120116')
    const r = await ingest([
      penaltyRow({ CF_WSH: 'TWO-1', CF_XDR_MC: '天津市甲测试有限公司', CF_XDR_SHXYM: a, CF_XDR_GSZC: regNo }),
    ])
    const [e] = await errorsOf(r.batchId)
    expect(e?.code).toBe('subject_unresolved')
    expect(e?.message).toContain(`统一社会信用代码 ${a} 中的组织机构代码 ${orgCode} 属于「天津市甲测试有限公司」`)
    expect(e?.message).toContain(`工商注册号 ${regNo} 属于「天津市乙测试有限公司」`)
    // a new USCC next to the registration number of an entity that has another USCC
    const c = uscc()
    const d = uscc()
    const regNo2 = generateRegNo(rng, '120116')
    await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市丙测试有限公司', uscc: c, regNo: regNo2 })
    const r2 = await ingest([
      penaltyRow({ CF_WSH: 'TWO-2', CF_XDR_MC: '天津市丁测试有限公司', CF_XDR_SHXYM: d, CF_XDR_GSZC: regNo2 }),
    ])
    const [e2] = await errorsOf(r2.batchId)
    expect(e2?.message).toContain(
      `工商注册号 ${regNo2} 属于「天津市丙测试有限公司」（统一社会信用代码 ${c}），与所填的统一社会信用代码 ${d} 不一致`,
    )
  })

  it('an invalid code names the check that failed; a natural person without an ID number is told so', async () => {
    const good = uscc()
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`
    const r = await ingest([
      penaltyRow({ CF_WSH: 'BAD-1', CF_XDR_SHXYM: bad }),
      penaltyRow({
        CF_WSH: 'BAD-2',
        CF_XDR_LB: '自然人',
        CF_XDR_SHXYM: '',
        CF_XDR_MC: '张三',
        CF_XDR_ZJLX: '护照',
        CF_XDR_ZJHM: 'E12345678',
        CF_FRDB: '',
      }),
    ])
    const errors = await errorsOf(r.batchId)
    expect(errors.find((i) => i.rowNo === 2)).toMatchObject({ code: 'checksum', field: 'CF_XDR_SHXYM' })
    expect(errors.find((i) => i.rowNo === 2)?.message).toMatch(/校验码/)
    const person = errors.find((i) => i.rowNo === 3 && i.code === 'subject_unresolved')
    expect(person?.field).toBe('CF_XDR_ZJLX')
    expect(person?.message).toContain('证件类型为「护照」')
    expect(person?.message).toContain('居民身份证号码')
  })

  it('a name-only subject: not found, or several entities with the name (listed)', async () => {
    await createEntity(ctx, actor, { kind: 'individual_business', name: '和平区重名餐馆', district: '120101' })
    await createEntity(ctx, actor, { kind: 'individual_business', name: '和平区重名餐馆', district: '120102' })
    const orgCode = generateOrgCode(rng)
    const r = await runIngest(ctx, actor, {
      classCode: 'court_defaulter',
      dept: 'tj-fy',
      channel: 'api',
      ...rowsOf([
        defaulter({ case_no: 'C-1', subject_name: '天津市查无此名有限公司' }),
        defaulter({ case_no: 'C-2', subject_name: '和平区重名餐馆' }),
        defaulter({ case_no: 'C-3', subject_name: '天津市只有机构代码有限公司', org_code: orgCode }),
      ]),
    })
    const errors = await errorsOf(r.batchId)
    expect(errors.map((e) => [e.rowNo, e.code, e.field])).toEqual([
      [2, 'subject_unresolved', 'subject_name'],
      [3, 'subject_unresolved', 'subject_name'],
      [4, 'subject_unresolved', 'subject_name'],
    ])
    expect(errors[0]?.message).toContain('没有名称为「天津市查无此名有限公司」的已登记主体')
    expect(errors[0]?.message).toContain('请提供统一社会信用代码')
    expect(errors[1]?.message).toContain('名称「和平区重名餐馆」对应 2 个已登记的主体')
    expect(errors[1]?.message).toContain('区县 120101')
    expect(errors[2]?.message).toContain(`组织机构代码 ${orgCode} 尚未登记`)
    expect(errors[2]?.message).toContain('也没有名称为「天津市只有机构代码有限公司」的已登记主体')
  })

  it('a dry run reports the same causes but queues nothing', async () => {
    const before = await ctx.db
      .selectFrom('unmatched_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const holder = uscc()
    await createEntity(ctx, actor, { kind: 'legal_person', name: '天津市试运行持有有限公司', uscc: holder })
    const dry = await ingest(
      [penaltyRow({ CF_WSH: 'DRY-2', CF_XDR_SHXYM: usccAround(holder.slice(8, 17), '91120102') })],
      true,
    )
    expect(dry).toMatchObject({ rejected: 1 })
    expect(dry.issues?.[0]?.message).toContain('已属于「天津市试运行持有有限公司」')
    expect(dry.issues?.[0]?.message).not.toContain('待匹配主体')
    const after = await ctx.db
      .selectFrom('unmatched_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})

/** A 失信被执行人 row of an organisation without a USCC (court files often carry only the name or an organisation code). */
function defaulter(over: Record<string, string>): Record<string, string> {
  return {
    case_no: '（2026）津0116执1号',
    subject_name: '天津市某某有限公司',
    subject_category: '法人及非法人组织',
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
