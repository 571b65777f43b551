import { afterAll, beforeAll, expect, it } from 'vitest'
import { addDepartment, getDepartment, listDepartments } from '../../src/modules/access/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, auditEvents, govUscc } from './helpers.js'

describeEachDialect('access: departments', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx.close())

  it('adds a department, normalises the USCC and writes the audit event', async () => {
    const uscc = govUscc()
    const spaced = `${uscc.slice(0, 6)} ${uscc.slice(6).toLowerCase()}`
    const d = await addDepartment(ctx, admin, {
      code: 'SCJG',
      name: ' 市市场监督管理局 ',
      uscc: spaced,
      district: '120101',
    })
    expect(d).toEqual({ code: 'SCJG', name: '市市场监督管理局', uscc, district: '120101' })
    expect(await getDepartment(ctx, 'SCJG')).toEqual(d)
    const events = await auditEvents(ctx, 'access.dept_created')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      actor: 'test-admin',
      actorKind: 'system',
      targetType: 'department',
      targetId: 'SCJG',
      details: d,
    })
  })

  it('refuses a duplicate code or USCC with 409 access.dept_exists, and writes nothing', async () => {
    const first = await getDepartment(ctx, 'SCJG')
    await expect(addDepartment(ctx, admin, { code: 'SCJG', name: '另一个', uscc: govUscc() })).rejects.toMatchObject({
      code: 'access.dept_exists',
      status: 409,
    })
    const err = await addDepartment(ctx, admin, { code: 'OTHER', name: '另一个', uscc: first.uscc }).catch((e) => e)
    expect(err).toMatchObject({ code: 'access.dept_exists', status: 409, details: { field: 'uscc', existing: 'SCJG' } })
    expect(err.message).toContain('SCJG')
    expect((await listDepartments(ctx)).map((d) => d.code)).toEqual(['SCJG'])
    expect(await auditEvents(ctx, 'access.dept_created')).toHaveLength(1)
  })

  it('explains a bad USCC, code, name or district', async () => {
    const good = govUscc()
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const e1 = await addDepartment(ctx, admin, { code: 'X1', name: '甲', uscc: badCheck }).catch((e) => e)
    expect(e1).toMatchObject({ code: 'access.bad_uscc', status: 400 })
    expect(e1.details.errors).toContain('checksum')
    expect(e1.message).toMatch(/统一社会信用代码/)
    // a resident ID is not a USCC
    const e2 = await addDepartment(ctx, admin, { code: 'X2', name: '乙', uscc: '11010519491231002X' }).catch((e) => e)
    expect(e2).toMatchObject({ code: 'access.bad_uscc' })
    expect(e2.message).toContain('居民身份证号码')
    await expect(addDepartment(ctx, admin, { code: 'x', name: '丙', uscc: govUscc() })).rejects.toMatchObject({
      code: 'access.bad_dept_code',
    })
    await expect(addDepartment(ctx, admin, { code: 'has space', name: '丙', uscc: govUscc() })).rejects.toMatchObject({
      code: 'access.bad_dept_code',
    })
    await expect(addDepartment(ctx, admin, { code: 'X3', name: '  ', uscc: govUscc() })).rejects.toMatchObject({
      code: 'access.bad_name',
    })
    await expect(
      addDepartment(ctx, admin, { code: 'X4', name: '丁', uscc: govUscc(), district: '12010' }),
    ).rejects.toMatchObject({
      code: 'access.bad_district',
      status: 400,
    })
    expect((await listDepartments(ctx)).map((d) => d.code)).toEqual(['SCJG'])
  })

  it('lists departments sorted by code (same order on every dialect), district optional', async () => {
    for (const code of ['tax-01', 'AJ', 'Z_9', 'B-2', 'ab'])
      await addDepartment(ctx, admin, { code, name: `部门 ${code}`, uscc: govUscc() })
    const list = await listDepartments(ctx)
    expect(list.map((d) => d.code)).toEqual(['AJ', 'B-2', 'SCJG', 'Z_9', 'ab', 'tax-01'])
    expect(list.find((d) => d.code === 'AJ')?.district).toBeNull()
    expect(Object.keys(list[0] as object).sort()).toEqual(['code', 'district', 'name', 'uscc'])
  })

  it('getDepartment of an unknown code is 404 access.dept_not_found', async () => {
    await expect(getDepartment(ctx, 'NOPE')).rejects.toMatchObject({ code: 'access.dept_not_found', status: 404 })
  })
})
