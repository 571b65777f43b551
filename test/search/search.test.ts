import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { AppError } from '../../src/core/errors.js'
import { helpersOf, type SearchCategory } from '../../src/db/database.js'
import { postgresSearchTuning } from '../../src/db/helpers/search/postgres.js'
import { sqliteSearchTuning } from '../../src/db/helpers/search/sqlite.js'
import { createRng, generateRegNo, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import {
  createEntity,
  insertEntitiesBulk,
  type NewEntity,
  rebuildSearchIndex,
  updateEntity,
} from '../../src/modules/entities/index.js'
import {
  clearEntityFlags,
  countIndexed,
  type SearchFilters,
  type SearchResult,
  searchEntities,
  searchKey,
  setEntityFlag,
} from '../../src/modules/search/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { allPages, fragments, generatedNames, oracle, oracleByCategory, PARTS } from './support.js'

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

const names = (r: SearchResult) => r.items.map((i) => i.name)

describeEachDialect('search: ranking, codes, filters, persons', (dialect) => {
  let ctx: TestContext
  const rng = createRng(7)
  const usccA = generateUscc(rng, { dept: '9', category: '1', region: '120101' })
  const regNoH = generateRegNo(rng, '120104')
  const personId = generateResidentId(rng, { region: '120103', birthDate: '1980-04-02', sex: 'male' })
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect)
    const add = async (tag: string, e: NewEntity) => {
      ids[tag] = (await createEntity(ctx, actor, e)).id
    }
    await add('A', {
      kind: 'legal_person',
      name: '天津海河科技有限公司',
      uscc: usccA,
      district: '120101',
      industry: 'I',
    })
    await add('B', { kind: 'legal_person', name: '海河科技', district: '120104', industry: 'I' })
    await add('C', { kind: 'legal_person', name: '海河科技发展有限公司', district: '120104', industry: 'M' })
    await add('D', { kind: 'social_org', name: '天津市海河科技中心', district: '120104' })
    await add('E', {
      kind: 'legal_person',
      name: '天津新港物流有限公司',
      district: '120104',
      formerNames: [{ name: '海河科技服务部' }],
    })
    await add('F', { kind: 'legal_person', name: '海河（天津）科技有限公司', district: '120104' })
    await add('G', { kind: 'legal_person', name: 'ＡＢＣ科技（天津）有限公司', district: '120104' })
    await add('H', { kind: 'individual_business', name: '天津 海河 贸易商行', regNo: regNoH, district: '120104' })
    await add('I', { kind: 'legal_person', name: '北京海河科技有限公司', district: '120104' })
    await add('P', { kind: 'natural_person', name: '王海河', idNumber: personId, district: '120103' })
  })
  afterAll(async () => ctx.close())

  it('ranks exact > prefix > substring, then the shorter name, then the id; former names count', async () => {
    const r = await searchEntities(ctx.db, '海河科技')
    const tail = [ids.A, ids.I].sort() // same length (10): by id
    expect(r.items.map((i) => i.id)).toEqual([ids.B, ids.E, ids.C, ids.D, ...tail])
    expect(r.items.map((i) => i.match)).toEqual(['exact', 'prefix', 'prefix', 'substring', 'substring', 'substring'])
    expect(r.total).toBe(6)
    expect(r.totalCapped).toBe(false)
    const e = r.items.find((i) => i.id === ids.E)
    expect(e?.name).toBe('天津新港物流有限公司')
    expect(e?.matchedName).toBe('海河科技服务部')
    expect(r.items.find((i) => i.id === ids.A)?.matchedName).toBeNull()
    expect(r.mode).toBe('name')
  })

  it('is full-width, half-width, bracket and space insensitive', async () => {
    expect(names(await searchEntities(ctx.db, '海河（天津）'))).toEqual(['海河(天津)科技有限公司'])
    expect(names(await searchEntities(ctx.db, '海河(天津)'))).toEqual(['海河(天津)科技有限公司'])
    expect(names(await searchEntities(ctx.db, 'abc科技'))).toEqual(['ABC科技(天津)有限公司'])
    expect(names(await searchEntities(ctx.db, 'ＡＢＣ科'))).toEqual(['ABC科技(天津)有限公司'])
    expect(names(await searchEntities(ctx.db, '海河 贸易'))).toEqual(['天津 海河 贸易商行'])
    expect(searchKey('ＡＢＣ（天津） 有限')).toBe('abc(天津)有限')
  })

  it('finds 2-character fragments anywhere, including the last two characters', async () => {
    expect(names(await searchEntities(ctx.db, '物流'))).toEqual(['天津新港物流有限公司'])
    expect(names(await searchEntities(ctx.db, '商行'))).toEqual(['天津 海河 贸易商行'])
    expect((await searchEntities(ctx.db, '务部')).items.map((i) => i.matchedName)).toEqual(['海河科技服务部'])
    expect((await searchEntities(ctx.db, '海河')).total).toBe(8) // organisations only: not the person 王海河
  })

  it('looks codes up exactly (USCC, organisation code, registration number), any case and spacing', async () => {
    const spaced = `${usccA.slice(0, 6)} ${usccA.slice(6).toLowerCase()}`
    const byUscc = await searchEntities(ctx.db, spaced)
    expect(byUscc.mode).toBe('code')
    expect(byUscc.items.map((i) => [i.id, i.match, i.uscc])).toEqual([[ids.A, 'uscc', usccA]])
    const orgCode = `${usccA.slice(8, 16)}-${usccA.slice(16, 17)}`
    expect((await searchEntities(ctx.db, orgCode)).items.map((i) => [i.id, i.match])).toEqual([[ids.A, 'org_code']])
    expect((await searchEntities(ctx.db, regNoH)).items.map((i) => [i.id, i.match])).toEqual([[ids.H, 'reg_no']])
    const unknown = await searchEntities(
      ctx.db,
      generateUscc(createRng(99), { dept: '9', category: '1', region: '120101' }),
    )
    expect(unknown).toMatchObject({ total: 0, items: [], mode: 'code' })
    // the filters apply to code lookups too
    expect((await searchEntities(ctx.db, usccA, { district: '120104' })).total).toBe(0)
  })

  it('never finds a natural person by ID number, and only by name through an active flag of a listed class', async () => {
    for (const q of [personId, personId.toLowerCase(), `${personId.slice(0, 6)} ${personId.slice(6)}`]) {
      const r = await searchEntities(ctx.db, q, {
        includePersonsFor: ['court_defaulter', 'black_list'],
        now: ctx.clock.now(),
      })
      expect(r.total).toBe(0)
      expect(r.items).toEqual([])
    }
    expect((await searchEntities(ctx.db, '王海河')).total).toBe(0)
    expect(
      (await searchEntities(ctx.db, '王海河', { includePersonsFor: ['court_defaulter'], now: ctx.clock.now() })).total,
    ).toBe(0)
    await setEntityFlag(ctx.db, ids.P as string, 'class:court_defaulter', '2027-01-01T00:00:00.000Z')
    const found = await searchEntities(ctx.db, '王海河', {
      includePersonsFor: ['court_defaulter'],
      now: '2026-06-01T00:00:00Z',
    })
    expect(found.items.map((i) => [i.id, i.kind, i.match])).toEqual([[ids.P, 'natural_person', 'exact']])
    // persons rank with the organisations: "海河" is a substring of 王海河 (length 3): first among the substrings
    const mixed = await searchEntities(ctx.db, '海河', {
      includePersonsFor: ['court_defaulter'],
      now: '2026-06-01T00:00:00Z',
    })
    expect(mixed.total).toBe(9)
    expect(mixed.items.filter((i) => i.match === 'substring')[0]?.id).toBe(ids.P)
    // another class, or after the flag's end: not found
    expect(
      (await searchEntities(ctx.db, '王海河', { includePersonsFor: ['tax_defaulter'], now: '2026-06-01T00:00:00Z' }))
        .total,
    ).toBe(0)
    expect(
      (await searchEntities(ctx.db, '王海河', { includePersonsFor: ['court_defaulter'], now: '2027-01-01T00:00:00Z' }))
        .total,
    ).toBe(0)
    // a flag code works as well; kind=natural_person leaves the organisations out
    await setEntityFlag(ctx.db, ids.P as string, 'black_list', '2027-01-01T00:00:00.000Z')
    const persons = await searchEntities(ctx.db, '海河', {
      includePersonsFor: ['black_list'],
      kind: 'natural_person',
      now: '2026-06-01T00:00:00Z',
    })
    expect(persons.items.map((i) => i.id)).toEqual([ids.P])
    expect(await clearEntityFlags(ctx.db, ids.P as string)).toBe(2)
    expect(
      (await searchEntities(ctx.db, '王海河', { includePersonsFor: ['black_list'], now: '2026-06-01T00:00:00Z' }))
        .total,
    ).toBe(0)
  })

  it('filters by district, kind and industry', async () => {
    expect(names(await searchEntities(ctx.db, '海河', { district: '120101' }))).toEqual(['天津海河科技有限公司'])
    expect(names(await searchEntities(ctx.db, '海河', { kind: 'social_org' }))).toEqual(['天津市海河科技中心'])
    expect(names(await searchEntities(ctx.db, '海河', { kind: 'individual_business' }))).toEqual(['天津 海河 贸易商行'])
    expect(names(await searchEntities(ctx.db, '科技', { industry: 'M' }))).toEqual(['海河科技发展有限公司'])
    expect(
      (await searchEntities(ctx.db, '科技', { industry: 'I', district: '120104' })).items.map((i) => i.id),
    ).toEqual([ids.B])
  })

  it('filters by flags that hold until their instant', async () => {
    const now = '2026-06-01T00:00:00Z'
    await setEntityFlag(ctx.db, ids.A as string, 'negative', '2026-12-31T16:00:00Z')
    await setEntityFlag(ctx.db, ids.C as string, 'black_list', new Date('2026-07-01T00:00:00Z'))
    await setEntityFlag(ctx.db, ids.D as string, 'red_list', '2025-01-01T00:00:00Z') // already over
    const f = (flags: SearchFilters['flags'], at = now) => searchEntities(ctx.db, '海河', { flags, now: at })
    expect((await f({ negative: true })).items.map((i) => i.id)).toEqual([ids.A])
    expect((await f({ negative: false })).items.map((i) => i.id)).not.toContain(ids.A)
    expect((await f({ negative: false })).total).toBe(7)
    expect((await f({ list: 'black_list' })).items.map((i) => i.id)).toEqual([ids.C])
    expect((await f({ list: 'red_list' })).total).toBe(0)
    expect((await f({ list: 'black_list', negative: true })).total).toBe(0)
    // the flags end by themselves
    expect((await f({ negative: true }, '2026-12-31T16:00:00Z')).total).toBe(0)
    expect((await f({ list: 'black_list' }, '2026-07-01T00:00:01Z')).total).toBe(0)
    // moving a flag's end
    await setEntityFlag(ctx.db, ids.C as string, 'black_list', '2028-01-01T00:00:00Z')
    expect((await f({ list: 'black_list' }, '2027-06-01T00:00:00Z')).items.map((i) => i.id)).toEqual([ids.C])
    expect(await codeOf(setEntityFlag(ctx.db, ids.C as string, 'blacklist' as 'black_list', now))).toBe(
      'search.bad_flag',
    )
    expect(await codeOf(setEntityFlag(ctx.db, ids.C as string, 'negative', 'not a date'))).toBe('search.bad_flag')
  })

  it('keeps the index in step with renames and changes', async () => {
    await updateEntity(ctx, actor, ids.H as string, { name: '天津津门商贸有限公司', district: '120101' }, 'test rename')
    const r = await searchEntities(ctx.db, '海河贸易')
    expect(r.items.map((i) => [i.id, i.name, i.matchedName])).toEqual([
      [ids.H, '天津津门商贸有限公司', '天津 海河 贸易商行'],
    ])
    expect((await searchEntities(ctx.db, '津门商贸', { district: '120101' })).items.map((i) => i.id)).toEqual([ids.H])
    expect((await searchEntities(ctx.db, '津门商贸', { district: '120104' })).total).toBe(0)
  })

  it('rebuilds the index with the same results', async () => {
    const before = await searchEntities(ctx.db, '海河', {}, { pageSize: 50 })
    const summary = await rebuildSearchIndex(ctx)
    expect(summary.entities).toBe(10)
    expect(summary.names).toBe(12) // 10 current names, E's and H's former names
    expect(await countIndexed(ctx.db)).toEqual({ entities: 10, names: 12 })
    expect(await searchEntities(ctx.db, '海河', {}, { pageSize: 50 })).toEqual(before)
  })

  it('checks its input', async () => {
    expect(await codeOf(searchEntities(ctx.db, '海'))).toBe('search.query_too_short')
    expect(await codeOf(searchEntities(ctx.db, ' 海 '))).toBe('search.query_too_short')
    expect(await codeOf(searchEntities(ctx.db, '海'.repeat(101)))).toBe('search.query_too_long')
    expect(await codeOf(searchEntities(ctx.db, '海河', { district: '12' }))).toBe('search.bad_filter')
    expect(await codeOf(searchEntities(ctx.db, '海河', { kind: 'company' as 'legal_person' }))).toBe(
      'search.bad_filter',
    )
    expect(await codeOf(searchEntities(ctx.db, '海河', { industry: 'Z' }))).toBe('search.bad_filter')
    // flags are judged at the caller's instant: search has no clock of its own
    expect(await codeOf(searchEntities(ctx.db, '海河', { flags: { negative: true } }))).toBe('search.bad_filter')
    expect(await codeOf(searchEntities(ctx.db, '海河', { includePersonsFor: ['court_defaulter'] }))).toBe(
      'search.bad_filter',
    )
    expect(await codeOf(searchEntities(ctx.db, '海河', { flags: { list: 'black' as 'black_list' } }))).toBe(
      'search.bad_filter',
    )
    expect(await codeOf(searchEntities(ctx.db, '海河', { negative: true } as SearchFilters))).toBe('search.bad_filter')
    expect(await codeOf(searchEntities(ctx.db, '海河', {}, { pageSize: 51 }))).toBe('search.bad_page')
    expect(await codeOf(searchEntities(ctx.db, '海河', {}, { page: 0 }))).toBe('search.bad_page')
    expect(await codeOf(searchEntities(ctx.db, '海河', {}, { page: 501, pageSize: 20 }))).toBe('search.bad_page')
    const r = await searchEntities(ctx.db, '海河', {}, { page: 2, pageSize: 3 })
    expect(r).toMatchObject({ page: 2, pageSize: 3, total: 8 })
    expect(r.items).toHaveLength(3)
    expect((await searchEntities(ctx.db, '海河')).pageSize).toBe(20)
  })
})

describeEachDialect('search: totals', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx.close())

  it('reports the total exactly up to 10,000, then as capped', { timeout: 120_000 }, async () => {
    const make = (i: number): NewEntity => ({
      kind: 'individual_business',
      name: `河西区测试${String(i).padStart(5, '0')}号商店`,
    })
    const all = Array.from({ length: 10_001 }, (_, i) => make(i))
    const ids: string[] = []
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < all.length; i += 2500)
        ids.push(...(await insertEntitiesBulk(ctx, trx, all.slice(i, i + 2500))))
    })
    const capped = await searchEntities(ctx.db, '测试')
    expect(capped).toMatchObject({ total: 10_000, totalCapped: true })
    // same length everywhere: the order is the id order
    const exact = await searchEntities(ctx.db, '测试0999')
    expect(exact).toMatchObject({ total: 10, totalCapped: false })
    expect(exact.items.map((i) => i.id)).toEqual(ids.slice(9990, 10_000).sort())
    const last = await searchEntities(ctx.db, '测试', {}, { page: 200, pageSize: 50 })
    expect(last.items).toHaveLength(50)
    const exactly = await searchEntities(ctx.db, '号商店', { kind: 'individual_business' })
    expect(exactly.totalCapped).toBe(true)
    const under = await searchEntities(ctx.db, '测试0', {})
    expect(under).toMatchObject({ total: 10_000, totalCapped: false })
  })
})

// ------------------------------------------------------------------ generated names against an oracle

describeEachDialect('search: generated names against an oracle', (dialect) => {
  let ctx: TestContext
  let entities: { id: string; name: string; former: string[] }[]
  beforeAll(async () => {
    ctx = await testContext(dialect)
    const gen = generatedNames(11, 400)
    const ids = await ctx.db.transaction().execute((trx) =>
      insertEntitiesBulk(
        ctx,
        trx,
        gen.map((g) => ({ kind: 'legal_person', name: g.name, formerNames: g.former.map((name) => ({ name })) })),
      ),
    )
    entities = gen.map((g, i) => ({ id: ids[i] as string, ...g }))
  })
  afterAll(async () => ctx.close())

  it('returns every match in the specified order for many overlapping fragments', async () => {
    let checked = 0
    for (const q of fragments(entities, 3, 80)) {
      const expected = oracle(entities, q)
      expect({ q, ids: await allPages(ctx, q) }).toEqual({ q, ids: expected })
      const first = await searchEntities(ctx.db, q)
      expect(first.total).toBe(expected.length)
      checked += expected.length
    }
    expect(checked).toBeGreaterThan(800)
  })
})

describeEachDialect('search: many matches against an oracle (ranked reads by length bucket)', (dialect) => {
  let ctx: TestContext
  let entities: { id: string; name: string; former: string[] }[]
  beforeAll(async () => {
    ctx = await testContext(dialect)
    const gen = generatedNames(5, 12_000, PARTS.slice(0, 10))
    const ids: string[] = []
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < gen.length; i += 3000) {
        const part = gen.slice(i, i + 3000)
        ids.push(
          ...(await insertEntitiesBulk(
            ctx,
            trx,
            part.map((g) => ({ kind: 'legal_person', name: g.name, formerNames: g.former.map((name) => ({ name })) })),
          )),
        )
      }
    })
    entities = gen.map((g, i) => ({ id: ids[i] as string, ...g }))
  }, 120_000)
  afterAll(async () => ctx.close())

  it('agrees with the oracle on first, later and deep pages and on the totals', { timeout: 120_000 }, async () => {
    let dense = 0
    for (const q of fragments(entities, 8, 30)) {
      const expected = oracle(entities, q)
      if (expected.length > 1000) dense++
      for (const [page, pageSize] of [
        [1, 20],
        [2, 50],
        [9, 50],
        [40, 50],
      ] as const) {
        const r = await searchEntities(ctx.db, q, {}, { page, pageSize })
        expect({ q, page, ids: r.items.map((i) => i.id) }).toEqual({
          q,
          page,
          ids: expected.slice((page - 1) * pageSize, page * pageSize),
        })
        expect(r.total).toBe(Math.min(expected.length, 10_000))
      }
    }
    expect(dense).toBeGreaterThanOrEqual(4)
  })

  it('reads every category in rank order on the big-set path (length buckets, ordered index walks)', {
    timeout: 120_000,
  }, async () => {
    const saved = { ...sqliteSearchTuning, ...postgresSearchTuning }
    // tiny thresholds: on this data every path runs (whole buckets, ordered walks, windows split into lengths)
    sqliteSearchTuning.bucketRead = 8
    postgresSearchTuning.windowRead = 8
    postgresSearchTuning.window = 3
    try {
      const helpers = helpersOf(ctx.db).search
      let compared = 0
      for (const q of fragments(entities, 12, 25)) {
        const expected = oracleByCategory(entities, q)
        for (const category of ['exact', 'prefix', 'substring'] as SearchCategory[]) {
          const got = await helpers.organisations(ctx.db, searchKey(q), null).rank(category, 40)
          expect({ q, category, ids: got.map((g) => g.entityId) }).toEqual({
            q,
            category,
            ids: expected[category].slice(0, 40),
          })
          compared += got.length
        }
      }
      expect(compared).toBeGreaterThan(500)
    } finally {
      sqliteSearchTuning.bucketRead = saved.bucketRead
      postgresSearchTuning.windowRead = saved.windowRead
      postgresSearchTuning.window = saved.window
    }
  })
})
