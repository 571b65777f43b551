import { statSync } from 'node:fs'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/runtime.js'
import {
  DEMO_LAST_DATE,
  type DemoSummary,
  demoDepartments,
  demoLoginsPath,
  demoSize,
  ensureDemo,
  generateDemo,
  PersonGenerator,
  readDemoLogins,
} from '../../src/flows/demo/index.js'
import { checkCode, tianjinDistricts } from '../../src/identifiers/index.js'
import { authenticate, login } from '../../src/modules/access/index.js'
import { verifyAuditChain } from '../../src/modules/audit/index.js'
import { ENTITY_KINDS } from '../../src/modules/entities/index.js'
import {
  type DialectName,
  describeEachDialect,
  freshDatabase,
  type TestContext,
  testContext,
} from '../support/context.js'

const SEED = 7
const SIZE = 500
const TODAY = '2026-06-01'

/** Everything that must not depend on the run: names, codes, dates, districts (not ids, timestamps, keys). */
async function cityFingerprint(
  ctx: TestContext,
): Promise<{ entities: string[]; identifiers: string[]; names: string[] }> {
  const entities = await ctx.db
    .selectFrom('entities')
    .select([
      'kind',
      'name',
      'uscc',
      'district',
      'industry',
      'status',
      'legal_rep',
      'established_on',
      'id_masked',
      'adult_on',
    ])
    .execute()
  const identifiers = await ctx.db
    .selectFrom('entity_identifiers')
    .innerJoin('entities', 'entities.id', 'entity_identifiers.entity_id')
    .select(['entity_identifiers.scheme', 'entity_identifiers.value', 'entities.name'])
    .execute()
  const names = await ctx.db
    .selectFrom('entity_names')
    .innerJoin('entities', 'entities.id', 'entity_names.entity_id')
    .select(['entity_names.name', 'entity_names.kind', 'entity_names.valid_to', 'entities.uscc'])
    .execute()
  return {
    entities: entities.map((r) => Object.values(r).join('|')).sort(),
    identifiers: identifiers.map((r) => `${r.scheme}|${r.value}|${r.name}`).sort(),
    names: names.map((r) => `${r.name}|${r.kind}|${r.valid_to}|${r.uscc}`).sort(),
  }
}

/** Builds a city in its own fresh database, fingerprints it and closes it (no two test schemas at once). */
async function fingerprintOf(
  dialect: DialectName,
  seed: number,
  chunkSize: number,
  now?: string,
): Promise<Awaited<ReturnType<typeof cityFingerprint>>> {
  const ctx = await testContext(dialect, now ? { now } : {})
  try {
    await generateDemo(ctx, { entities: SIZE, seed, chunkSize })
    return await cityFingerprint(ctx)
  } finally {
    await ctx.close()
  }
}

describeEachDialect('demo city determinism', (dialect) => {
  it('the same seed and size give the same city in another database (any chunk size, any day)', async () => {
    const a = await fingerprintOf(dialect, SEED, 120)
    const b = await fingerprintOf(dialect, SEED, 500, '2026-07-15T02:00:00.000Z')
    expect(a.entities).toHaveLength(SIZE)
    expect(b.entities).toEqual(a.entities)
    expect(b.identifiers).toEqual(a.identifiers)
    expect(b.names).toEqual(a.names)
    // ... and a different seed gives a different city.
    const c = await fingerprintOf(dialect, SEED + 1, 120)
    expect(c.identifiers.filter((x) => a.identifiers.includes(x)).length).toBeLessThan(5)
    expect(c.entities).not.toEqual(a.entities)
  }, 180_000)
})

describeEachDialect('demo city', (dialect) => {
  let ctx: TestContext
  let summary: DemoSummary

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00.000Z' })
    summary = await generateDemo(ctx, { entities: SIZE, seed: SEED, chunkSize: 120 })
  }, 120_000)
  afterAll(async () => ctx?.close())

  it('reports what it built', () => {
    const size = demoSize(SIZE)
    expect(summary.entities).toBe(SIZE)
    expect(summary.persons).toBe(size.persons)
    expect(summary.persons).toBe(25)
    expect(summary.departments).toBe(demoDepartments().length)
    expect(summary.districts).toBe(16)
    expect(summary.byKind).toEqual(size.byKind)
    expect(summary.logins.map((l) => l.username)).toEqual([
      'operator',
      'auditor',
      'provider',
      'consumer',
      'agency',
      'peer',
      'subject',
      'subject.firm',
      'subject.person',
    ])
  })

  it('registers one credit agency; the agency login belongs to it; the demo subject granted it its records', async () => {
    const agencies = await ctx.db.selectFrom('agencies').selectAll().execute()
    expect(agencies.map((a) => [a.filing_no, a.status])).toEqual([['津信服备〔2026〕001号', 'filed']])
    const agency = agencies[0] as (typeof agencies)[number]
    const entity = await ctx.db
      .selectFrom('entities')
      .select(['uscc', 'kind'])
      .where('id', '=', agency.entity_id)
      .executeTakeFirstOrThrow()
    expect(entity).toEqual({ uscc: agency.uscc, kind: 'legal_person' })
    const user = await ctx.db
      .selectFrom('users')
      .select('agency_id')
      .where('username', '=', 'agency')
      .executeTakeFirstOrThrow()
    expect(user.agency_id).toBe(agency.id)
    const grants = await ctx.db.selectFrom('authorization_grants').select(['grantee', 'scopes', 'entity_id']).execute()
    expect(grants).toHaveLength(1)
    expect(grants[0]).toMatchObject({ grantee: agency.uscc, scopes: JSON.stringify(['record.all', 'report.full']) })
    expect(grants[0]?.entity_id).not.toBe(agency.entity_id)
  })

  it('every kind is present, in the planned numbers', async () => {
    const rows = await ctx.db
      .selectFrom('entities')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute()
    const counts = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]))
    for (const kind of ENTITY_KINDS) expect(counts[kind], kind).toBeGreaterThan(0)
    expect(counts).toEqual(demoSize(SIZE).byKind)
  })

  it('uses all 16 districts of 天津市', async () => {
    const rows = await ctx.db.selectFrom('entities').select('district').distinct().execute()
    const used = rows.map((r) => r.district).sort()
    expect(used).toEqual(tianjinDistricts().map((d) => d.code))
    expect(used).toHaveLength(16)
  })

  it('every stored code is valid and of the scheme it is stored as', async () => {
    const ids = await ctx.db.selectFrom('entity_identifiers').select(['scheme', 'value']).execute()
    expect(ids.length).toBeGreaterThan(SIZE)
    for (const { scheme, value } of ids) {
      const r = checkCode(value, { today: TODAY })
      expect(r.valid, `${scheme} ${value}: ${r.errors.map((e) => e.message).join('；')}`).toBe(true)
      expect(r.scheme, value).toBe(scheme)
    }
    expect(new Set(ids.map((i) => i.scheme))).toEqual(new Set(['uscc', 'org_code', 'reg_no']))
  })

  it('codes are consistent with the kind (登记管理部门码 + 机构类别码) and embed the organisation code', async () => {
    const rows = await ctx.db
      .selectFrom('entities')
      .select(['kind', 'name', 'uscc', 'district'])
      .where('kind', '!=', 'natural_person')
      .execute()
    const prefixes: Record<string, string[]> = {
      legal_person: ['91'],
      individual_business: ['92'],
      farmer_coop: ['93'],
      social_org: ['51', '52', '53'],
      public_institution: ['12'],
      government_body: ['11'],
      unincorporated_org: ['91', '31'],
    }
    for (const r of rows) {
      const uscc = r.uscc as string
      expect(prefixes[r.kind], `${r.kind} ${uscc}`).toContain(uscc.slice(0, 2))
      expect(uscc.slice(2, 8)).toBe(r.district)
      const org = await ctx.db
        .selectFrom('entity_identifiers')
        .select('value')
        .where('scheme', '=', 'org_code')
        .where('value', '=', uscc.slice(8, 17))
        .executeTakeFirst()
      expect(org?.value).toBe(uscc.slice(8, 17))
    }
    const lawFirms = rows.filter((r) => r.uscc?.startsWith('31'))
    for (const r of lawFirms) expect(r.name).toMatch(/律师事务所/)
    const coops = rows.filter((r) => r.kind === 'farmer_coop')
    for (const r of coops) expect(r.name).toMatch(/专业合作社$/)
    const legal = rows.filter((r) => r.kind === 'legal_person')
    for (const r of legal) expect(r.name).toMatch(/公司$/)
  })

  it('about 8% of organisations carry former names, each dated', async () => {
    const former = await ctx.db
      .selectFrom('entity_names')
      .select(['entity_id', 'valid_to'])
      .where('kind', '=', 'former')
      .execute()
    const renamed = new Set(former.map((f) => f.entity_id)).size
    expect(renamed).toBeGreaterThan(SIZE * 0.04)
    expect(renamed).toBeLessThan(SIZE * 0.14)
    for (const f of former) expect(f.valid_to).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    for (const f of former) expect((f.valid_to as string) <= DEMO_LAST_DATE).toBe(true)
  })

  it('never stores a natural person’s ID number in clear', async () => {
    // The same generator, seed and count reproduce the clear ID numbers the demo handed to the entities module.
    const clear = new PersonGenerator(SEED, demoSize(SIZE).persons).chunk(1000).map((p) => p.idNumber as string)
    expect(clear).toHaveLength(25)
    const persons = await ctx.db.selectFrom('entities').selectAll().where('kind', '=', 'natural_person').execute()
    expect(persons).toHaveLength(25)
    for (const p of persons) {
      // No standalone 18-character ID anywhere (hex HMACs and base64 cipher text may contain digit runs).
      for (const [column, value] of Object.entries(p)) {
        if (typeof value === 'string') expect(value, column).not.toMatch(/(^|[^0-9A-Za-z])\d{17}[\dXx]($|[^0-9A-Za-z])/)
      }
      expect(p.id_masked).toMatch(/^\d{4}\*{10}[\dX]{4}$/)
      expect(p.id_hmac).toMatch(/^[0-9a-f]{64}$/)
      expect(clear).toContain(ctx.keys.decrypt(p.id_cipher as string))
    }
    expect(new Set(persons.map((p) => p.id_hmac)).size).toBe(25)
    expect(persons.map((p) => p.id_hmac).sort()).toEqual(clear.map((id) => ctx.keys.hmac(id)).sort())
    // Nowhere else either: no table and no audit event holds a clear ID number.
    const tables = ['entities', 'entity_identifiers', 'entity_names', 'audit_events', 'users'] as const
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(ctx.db)
      const text = JSON.stringify(rows.rows)
      for (const id of clear) expect(text.includes(id), `${table} holds ${id.slice(0, 4)}…`).toBe(false)
    }
    // Some minors, for privacy rules that protect them.
    expect(persons.some((p) => (p.adult_on as string) > TODAY)).toBe(true)
    // Tianjin region codes only (current 1201xx or the former counties 1202xx).
    for (const id of clear) expect(id).toMatch(/^120[12]\d\d/)
  })

  it('creates the departments of data/demo/departments.json with stable codes', async () => {
    const rows = await ctx.db
      .selectFrom('departments')
      .select(['code', 'name', 'uscc', 'district'])
      .orderBy('code')
      .execute()
    const expected = demoDepartments()
      .map((d) => ({ code: d.code, name: d.name, uscc: d.uscc, district: d.district }))
      .sort((a, b) => (a.code < b.code ? -1 : 1))
    expect(rows).toEqual(expected)
  })

  it('the 9 demo logins work: passwords for console users, an API key for an API-only role', async () => {
    const stored = readDemoLogins(ctx.config.dataDir)
    expect(stored?.logins).toEqual(summary.logins)
    expect(stored?.target).toBe(ctx.dbh.target)
    expect(statSync(demoLoginsPath(ctx.config.dataDir)).mode & 0o777).toBe(0o600)
    const roles = new Set<string>()
    for (const l of summary.logins) {
      if (l.kind === 'api_key') {
        const p = await authenticate(ctx, { bearer: l.password })
        expect(p.role).toBe(l.role)
      } else {
        expect(l.password.length).toBeGreaterThanOrEqual(20)
        const r = await login(ctx, { username: l.username, password: l.password, ip: '127.0.0.1' })
        expect(r.user.role).toBe(l.role)
        expect(r.user.dept).toBe(l.dept)
        if (l.role === 'subject') {
          const e = await ctx.db
            .selectFrom('entities')
            .select(['kind', 'status'])
            .where('id', '=', r.user.entityId as string)
            .executeTakeFirstOrThrow()
          // subject and subject.firm: active companies (subject.firm with an active negative record); subject.person: an adult
          expect(e).toEqual({
            kind: l.username === 'subject.person' ? 'natural_person' : 'legal_person',
            status: 'active',
          })
          if (l.username === 'subject.firm')
            expect(
              await ctx.db
                .selectFrom('records')
                .select('id')
                .where('entity_id', '=', r.user.entityId as string)
                .where('polarity', '=', 'negative')
                .where('state', '=', 'active')
                .execute(),
            ).not.toHaveLength(0)
        }
      }
      roles.add(l.role)
    }
    expect([...roles].sort()).toEqual(['agency', 'auditor', 'consumer', 'operator', 'peer', 'provider', 'subject'])
    expect(summary.logins.find((l) => l.username === 'provider')?.dept).toBe('tj-scjg')
    // Passwords are random, not derived from the seed.
    expect(new Set(summary.logins.map((l) => l.password)).size).toBe(9)
    await expect(
      login(ctx, { username: 'operator', password: 'wrong-password-123', ip: '127.0.0.1' }),
    ).rejects.toMatchObject({ code: 'access.bad_credentials' })
  })

  it('writes one audit event per chunk (not per row), and the chain verifies', async () => {
    const events = await ctx.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', '=', 'demo.generate')
      .execute()
    // chunkSize 120: 475 organisations -> 4 chunks, 25 persons -> 1 chunk
    expect(events).toHaveLength(5)
    const total = events.reduce((s, e) => s + Number((JSON.parse(e.details) as { entities: number }).entities), 0)
    expect(total).toBe(SIZE)
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true })
  })

  it('refuses a database that already has entities (demo.not_empty)', async () => {
    await expect(generateDemo(ctx, { entities: 10, seed: 1 })).rejects.toMatchObject({
      code: 'demo.not_empty',
      status: 409,
    })
    await expect(generateDemo(ctx, { entities: 10, seed: 1 })).rejects.toThrow(/--db/)
  })

  it('ensureDemo on a populated database returns the stored logins without building anything', async () => {
    const before = await ctx.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const r = await ensureDemo(ctx)
    expect(r.created).toBe(false)
    expect(r.logins).toEqual(summary.logins)
    const after = await ctx.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})

describeEachDialect('ensureDemo on an empty database', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx?.close())

  it('builds the city once and then returns the same logins', async () => {
    const first = await ensureDemo(ctx, { entities: 60, seed: 2 })
    expect(first.created).toBe(true)
    expect(first.summary?.entities).toBe(60)
    expect(first.logins).toHaveLength(9)
    const second = await ensureDemo(ctx, { entities: 60, seed: 2 })
    expect(second.created).toBe(false)
    expect(second.logins).toEqual(first.logins)
  }, 60_000)
})

function captureIo(env: NodeJS.ProcessEnv): { io: CliIo; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk))
        cb()
      },
    })
  return {
    io: { out: sink((s) => (out += s)), err: sink((s) => (err += s)), stdin: process.stdin, env },
    out: () => out,
    err: () => err,
  }
}

describeEachDialect('gongxin demo (CLI)', (dialect) => {
  it('--json prints exactly one JSON line; a second run is refused with demo.not_empty', async () => {
    const db = await freshDatabase(dialect)
    try {
      const env = { GONGXIN_DATA_DIR: db.dir, GONGXIN_LOG_LEVEL: 'silent' }
      const first = captureIo(env)
      const code = await runCli(['demo', '--db', db.config.db, '--entities', '300', '--seed', '3', '--json'], first.io)
      expect(first.err()).toBe('')
      expect(code).toBe(0)
      const lines = first.out().trim().split('\n')
      expect(lines).toHaveLength(1)
      const result = JSON.parse(lines[0] as string) as Record<string, unknown>
      expect(Object.keys(result)).toEqual([
        'entities',
        'persons',
        'departments',
        'districts',
        'records',
        'logins',
        'seconds',
      ])
      expect(result).toMatchObject({ entities: 300, persons: 15, departments: demoDepartments().length, districts: 16 })
      const logins = result.logins as Array<Record<string, unknown>>
      expect(logins).toHaveLength(9)
      for (const l of logins) expect(Object.keys(l)).toEqual(['username', 'password', 'role', 'dept', 'kind'])
      // the peer signs in with an API key, not a password: printed as a key
      expect(logins.filter((l) => l.kind === 'api_key').map((l) => l.role)).toEqual(['peer'])
      expect(typeof result.seconds).toBe('number')

      const second = captureIo(env)
      const code2 = await runCli(['demo', '--db', db.config.db, '--entities', '300', '--json'], second.io)
      expect(code2).toBe(1)
      expect(JSON.parse(second.out().trim())).toMatchObject({ error: { code: 'demo.not_empty' } })
      expect(second.err()).toMatch(/demo\.not_empty/)
      expect(second.err()).toMatch(/--db/)
    } finally {
      await db.cleanup()
    }
  }, 120_000)

  it('prints a Chinese summary with the logins', async () => {
    const db = await freshDatabase(dialect)
    try {
      const cap = captureIo({ GONGXIN_DATA_DIR: db.dir, GONGXIN_LOG_LEVEL: 'silent' })
      expect(await runCli(['demo', '--db', db.config.db, '--entities', '100'], cap.io)).toBe(0)
      expect(cap.out()).toMatch(/已生成演示城市（天津市，种子 1）：主体 100 个（其中自然人 5 个）/)
      for (const u of ['operator', 'auditor', 'provider', 'consumer', 'agency', 'peer', 'subject'])
        expect(cap.out()).toContain(u)
      expect(cap.out()).toContain('demo-logins.json')
    } finally {
      await db.cleanup()
    }
  }, 120_000)

  it('rejects a bad --entities as a usage error', async () => {
    const cap = captureIo({ GONGXIN_LOG_LEVEL: 'silent' })
    expect(await runCli(['demo', '--db', ':memory:', '--entities', 'many'], cap.io)).toBe(2)
    expect(cap.err()).toMatch(/--entities/)
  })
})

describe('demo data files', () => {
  it('departments: real names, stable unique codes, valid 机关 USCCs, one credit office', () => {
    const depts = demoDepartments()
    expect(depts.length).toBeGreaterThanOrEqual(40)
    expect(new Set(depts.map((d) => d.code)).size).toBe(depts.length)
    expect(new Set(depts.map((d) => d.uscc)).size).toBe(depts.length)
    expect(new Set(depts.map((d) => d.name)).size).toBe(depts.length)
    for (const d of depts) {
      expect(d.code).toMatch(/^tj-[a-z0-9]+(-[a-z0-9]+)*$/)
      const r = checkCode(d.uscc, { today: TODAY })
      expect(r.valid, d.uscc).toBe(true)
      expect(r.scheme).toBe('uscc')
      expect(d.uscc.slice(0, 8)).toBe('11120000')
      expect(d.district).toBe('120000')
      expect(d.shortName.length).toBeGreaterThan(1)
    }
    for (const code of ['tj-fgw', 'tj-scjg', 'tj-sw', 'tj-fy', 'tj-rsj', 'tj-sthj', 'tj-zjw', 'tj-jtw', 'tj-czj']) {
      expect(depts.map((d) => d.code)).toContain(code)
    }
    const offices = depts.filter((d) => d.role === 'credit_office')
    expect(offices.map((d) => [d.code, d.name])).toEqual([['tj-fgw', '天津市发展和改革委员会']])
  })

  it('the mix at the default size follows the plan', () => {
    const s = demoSize(5000)
    expect(s.persons).toBe(250)
    expect(Object.values(s.byKind).reduce((a, b) => a + b, 0)).toBe(5000)
    expect(s.byKind.legal_person / 5000).toBeCloseTo(0.61, 1)
    expect(s.byKind.individual_business / 5000).toBeCloseTo(0.22, 1)
    expect(s.byKind.government_body).toBeGreaterThan(40)
    // Tiny cities still have every organisation kind.
    const tiny = demoSize(10)
    for (const k of ENTITY_KINDS) if (k !== 'natural_person') expect(tiny.byKind[k], k).toBeGreaterThan(0)
  })
})
