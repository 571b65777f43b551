import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { AppError } from '../../src/core/errors.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  type CatalogClass,
  classVersions,
  compileClass,
  currentClasses,
  defaultClassesDir,
  diffClassVersions,
  getClass,
  listClasses,
  listRuleSets,
  loadDefaultCatalog,
  loadRuleSets,
  updateClass,
} from '../../src/modules/catalog/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const operator = systemActor('op-wang')

async function events(ctx: TestContext, action: string) {
  return (await searchAuditEvents(ctx.db, { action }, 1, 200)).items.filter((e) => e.action === action)
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e.code
    throw e
  }
  return 'no error'
}

function editable(cls: CatalogClass): Record<string, unknown> {
  return JSON.parse(JSON.stringify(cls)) as Record<string, unknown>
}

describeEachDialect('catalog storage', (dialect) => {
  let ctx: TestContext
  let dir: string
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await loadDefaultCatalog(ctx) // whether or not migrate already did it
    dir = mkdtempSync(join(tmpdir(), 'gongxin-catalog-'))
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await ctx.close()
  })

  it('loads the default catalog: every class at version 1, with the rule sets', async () => {
    const list = await listClasses(ctx)
    expect(list.length).toBeGreaterThanOrEqual(30)
    const penalty = list.find((c) => c.code === 'admin_penalty')
    expect(penalty).toMatchObject({
      version: 1,
      source: 'default',
      polarity: 'negative',
      category: 'administrative',
      categoryLabel: '行政管理信息',
      status: 'active',
    })
    expect(list.every((c) => c.version === 1 && c.source === 'default')).toBe(true)
    const cls = await getClass(ctx.db, 'admin_penalty')
    expect(cls.version).toBe(1)
    expect(cls.fields.map((f) => f.code)).toContain('CF_NR_WFFF')
    expect((await currentClasses(ctx.db)).length).toBe(list.length)
    const sets = await listRuleSets(ctx.db)
    expect(sets.map((s) => s.version)).toEqual(['2019', '2026'])
    expect(await loadRuleSets(ctx.db)).toBe(sets)
    const loaded = await events(ctx, 'catalog.defaults_loaded')
    expect(loaded).toHaveLength(1)
    expect((loaded[0]?.details.added as string[] | undefined)?.length).toBe(list.length)
    expect(loaded[0]?.details.ruleSetsAdded).toEqual(['2019', '2026'])
  })

  it('loading again changes nothing', async () => {
    const before = (await searchAuditEvents(ctx.db, {}, 1, 1)).total
    const r = await loadDefaultCatalog(ctx)
    expect(r).toEqual({
      added: [],
      updated: [],
      kept: [],
      unchanged: (await listClasses(ctx)).length,
      ruleSetsAdded: [],
      ruleSetConflicts: [],
    })
    expect((await searchAuditEvents(ctx.db, {}, 1, 1)).total).toBe(before)
    expect((await classVersions(ctx.db, 'admin_penalty')).map((v) => v.version)).toEqual([1])
  })

  it('getClass: by version, cached and frozen; unknown code or version is a coded error', async () => {
    const a = await getClass(ctx.db, 'court_defaulter')
    expect(await getClass(ctx.db, 'court_defaulter', 1)).toBe(a)
    expect(Object.isFrozen(a.fields[0])).toBe(true)
    expect(await codeOf(getClass(ctx.db, 'no_such_class'))).toBe('catalog.class_not_found')
    expect(await codeOf(getClass(ctx.db, 'court_defaulter', 9))).toBe('catalog.version_not_found')
    expect(
      compileClass(a)
        .validate({})
        .errors.map((e) => e.field),
    ).toContain('case_no')
  })

  it('an operator edit makes a new audited version; diff shows fields added and changed', async () => {
    const def = editable(await getClass(ctx.db, 'commitment'))
    const fields = def.fields as Record<string, unknown>[]
    ;(fields.find((f) => f.code === 'matter') as Record<string, unknown>).label = '承诺事项名称'
    fields.push({
      code: 'contact_phone',
      label: '联系电话',
      type: 'string',
      maxLength: 30,
      scope: 'government',
      mask: 'phone',
    })
    const v2 = await updateClass(ctx, operator, 'commitment', def, '增加联系电话，调整事项名称', { baseVersion: 1 })
    expect(v2.version).toBe(2)
    expect((await getClass(ctx.db, 'commitment')).version).toBe(2)
    expect((await getClass(ctx.db, 'commitment', 1)).fields.some((f) => f.code === 'contact_phone')).toBe(false)
    const versions = await classVersions(ctx.db, 'commitment')
    expect(versions.map((v) => [v.version, v.source, v.isCurrent, v.createdBy, v.reason])).toEqual([
      [1, 'default', false, 'migrate', '默认目录'],
      [2, 'operator', true, 'op-wang', '增加联系电话，调整事项名称'],
    ])
    const diff = await diffClassVersions(ctx.db, 'commitment', 1, 2)
    expect(diff.fields.added.map((f) => f.code)).toEqual(['contact_phone'])
    expect(diff.fields.removed).toEqual([])
    expect(diff.fields.changed).toEqual([
      {
        code: 'matter',
        label: '承诺事项名称',
        changes: [{ property: 'label', before: '承诺事项', after: '承诺事项名称' }],
      },
    ])
    expect(diff.changes).toEqual([])
    const ev = await events(ctx, 'catalog.class_updated')
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({ actor: 'op-wang', targetType: 'catalog_class', targetId: 'commitment' })
    expect(ev[0]?.details).toMatchObject({
      code: 'commitment',
      version: 2,
      previous: 1,
      fieldsAdded: ['contact_phone'],
      fieldsChanged: ['matter'],
    })
  })

  it('refuses unsound definitions, stale edits, no-op edits and edits without a reason', async () => {
    const base = editable(await getClass(ctx.db, 'honor'))
    const dup = { ...base, fields: [...(base.fields as unknown[]), (base.fields as unknown[])[0]] }
    const err = await updateClass(ctx, operator, 'honor', dup, '测试重复字段').catch((e: AppError) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('catalog.invalid_definition')
    expect((err as AppError).message).toMatch(/字段代码「subject_name」重复/)
    const badRule = { ...editable(await getClass(ctx.db, 'admin_penalty')) }
    ;(badRule.severity as { rules: { when: { field: string }[] }[] }).rules[0]!.when[0]!.field = 'CF_NOPE'
    expect(
      ((await updateClass(ctx, operator, 'admin_penalty', badRule, '错误规则').catch((e) => e)) as AppError).details
        .problems,
    ).toEqual(['失信程度规则第 1 条引用了不存在的字段「CF_NOPE」'])
    const badEnum = editable(await getClass(ctx.db, 'admin_penalty'))
    const lb = (badEnum.fields as { code: string; enum?: string[] }[]).find((f) => f.code === 'CF_XDR_LB')!
    lb.enum = ['法人及非法人组织', '法人及非法人组织']
    expect(await codeOf(updateClass(ctx, operator, 'admin_penalty', badEnum, '重复枚举'))).toBe(
      'catalog.invalid_definition',
    )
    expect(await codeOf(updateClass(ctx, operator, 'honor', base, '无变化'))).toBe('catalog.unchanged')
    expect(await codeOf(updateClass(ctx, operator, 'honor', { ...base, nameEn: 'Honours' }, ' '))).toBe(
      'catalog.reason_required',
    )
    expect(
      await codeOf(updateClass(ctx, operator, 'honor', { ...base, nameEn: 'Honours' }, '改英文名', { baseVersion: 7 })),
    ).toBe('catalog.version_conflict')
    expect(await codeOf(updateClass(ctx, operator, 'honor', { ...base, code: 'other' }, '改代码'))).toBe(
      'catalog.invalid_definition',
    )
    expect((await classVersions(ctx.db, 'honor')).length).toBe(1)
  })

  it('an operator can add a local class (version 1, operator)', async () => {
    const def = {
      ...editable(await getClass(ctx.db, 'focus_list')),
      code: 'local_watch',
      nameZh: '区级重点关注名单',
      nameEn: 'District focus list',
    }
    delete def.version
    const cls = await updateClass(ctx, operator, 'local_watch', def, '地方补充目录')
    expect(cls.version).toBe(1)
    expect((await classVersions(ctx.db, 'local_watch'))[0]).toMatchObject({ source: 'operator', isCurrent: true })
    expect((await events(ctx, 'catalog.class_created')).map((e) => e.targetId)).toEqual(['local_watch'])
  })

  it('a reload with new default versions: unedited classes move on, operator edits stay current', async () => {
    const classes = join(dir, 'classes')
    cpSync(defaultClassesDir(), classes, { recursive: true })
    const patch = (code: string, fn: (d: Record<string, unknown>) => void) => {
      const p = join(classes, `${code}.json`)
      const d = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>
      fn(d)
      writeFileSync(p, JSON.stringify(d, null, 2))
    }
    patch('admin_license', (d) => {
      d.description = `${String(d.description)}（2026 年修订）`
    })
    patch('commitment', (d) => {
      d.retentionYears = 6
    })
    const extra = JSON.parse(readFileSync(join(classes, 'honor.json'), 'utf8')) as Record<string, unknown>
    writeFileSync(
      join(classes, 'volunteer_honor.json'),
      JSON.stringify({ ...extra, code: 'volunteer_honor', nameZh: '志愿服务荣誉' }),
    )

    const r = await loadDefaultCatalog(ctx, { dir: classes })
    expect(r.added).toEqual(['volunteer_honor'])
    expect(r.updated).toEqual(['admin_license'])
    expect(r.kept).toEqual(['commitment'])
    expect((await getClass(ctx.db, 'admin_license')).version).toBe(2)
    expect((await getClass(ctx.db, 'admin_license')).description).toMatch(/2026 年修订/)
    // the operator's version 2 of commitment stays current; the new default is stored as version 3
    const commitment = await getClass(ctx.db, 'commitment')
    expect(commitment.version).toBe(2)
    expect(commitment.fields.some((f) => f.code === 'contact_phone')).toBe(true)
    expect((await classVersions(ctx.db, 'commitment')).map((v) => [v.version, v.source, v.isCurrent])).toEqual([
      [1, 'default', false],
      [2, 'operator', true],
      [3, 'default', false],
    ])
    expect((await getClass(ctx.db, 'commitment', 3)).retentionYears).toBe(6)
    // and again: nothing
    const again = await loadDefaultCatalog(ctx, { dir: classes })
    expect([again.added, again.updated, again.kept]).toEqual([[], [], []])
    const summary = (await listClasses(ctx)).find((c) => c.code === 'commitment')
    expect(summary).toMatchObject({ version: 2, source: 'operator' })
  })

  it('two processes loading new defaults at once: both succeed, the class is stored once', async () => {
    const classes = join(dir, 'race')
    cpSync(defaultClassesDir(), classes, { recursive: true })
    const extra = JSON.parse(readFileSync(join(classes, 'honor.json'), 'utf8')) as Record<string, unknown>
    writeFileSync(join(classes, 'race_class.json'), JSON.stringify({ ...extra, code: 'race_class', nameZh: '并发测试类别' }))
    const results = await Promise.all([loadDefaultCatalog(ctx, { dir: classes }), loadDefaultCatalog(ctx, { dir: classes })])
    expect(results.flatMap((r) => r.added)).toEqual(['race_class'])
    expect((await classVersions(ctx.db, 'race_class')).map((v) => v.version)).toEqual([1])
  })

  it('a retired class leaves the default list but stays readable', async () => {
    const def = editable(await getClass(ctx.db, 'local_watch'))
    await updateClass(ctx, operator, 'local_watch', { ...def, status: 'retired' }, '停用')
    expect((await listClasses(ctx)).some((c) => c.code === 'local_watch')).toBe(false)
    expect((await listClasses(ctx, { includeRetired: true })).find((c) => c.code === 'local_watch')?.status).toBe(
      'retired',
    )
    expect((await getClass(ctx.db, 'local_watch')).status).toBe('retired')
  })
})
