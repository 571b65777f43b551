// Benchmark: `gongxin demo` building a 1,000,000-entity city (env BENCH_ENTITIES or --entities N) into a fresh
// SQLite file, against a baseline measured in the same run: the same rows (the same generators, pre-generated in
// memory chunk by chunk, identical shape and order: entities + entity_identifiers + entity_names) inserted with raw
// better-sqlite3 prepared statements, one transaction per chunk, into fresh tables made by the same migration.
// Only the baseline's inserts are timed; the demo is timed end to end (departments, entities, persons, logins).
// Run: node dist/bench/demo.js [--entities N]
// Prints one JSON line: {"bench":"demo","entities":N,"seconds":S,"entitiesPerSecond":R,"baselineRowsPerSecond":B,"ratio":R/B}
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import { closeContext, openContext } from '../src/container.js'
import { openMigratedContext } from '../src/setup.js'
import { loadConfig } from '../src/core/config.js'
import { newId } from '../src/core/ids.js'
import { type KeyRing, loadKeys } from '../src/core/keys.js'
import { openDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import {
  DEFAULT_CHUNK_SIZE,
  demoSize,
  generateDemo,
  insertOrder,
  OrganisationGenerator,
  PersonGenerator,
} from '../src/flows/demo/index.js'
import { maskResidentId, nameKey, normalizeName, residentIdBirthDate } from '../src/identifiers/index.js'
import type { NewEntity } from '../src/modules/entities/index.js'

const SEED = 1

function entityCount(): number {
  const i = process.argv.indexOf('--entities')
  const raw = i >= 0 ? process.argv[i + 1] : process.env.BENCH_ENTITIES
  const n = raw === undefined || raw === '' ? 1_000_000 : Number(raw.replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('BENCH_ENTITIES / --entities must be a positive integer')
  return n
}

type Row = Record<string, string | number | null>

interface ChunkRows {
  entities: Row[]
  identifiers: Row[]
  names: Row[]
}

/** The rows the entities module writes for these inputs (same columns, same kind of values). */
function toRows(inputs: NewEntity[], keys: KeyRing, now: string): ChunkRows {
  const out: ChunkRows = { entities: [], identifiers: [], names: [] }
  for (const e of inputs) {
    const id = newId()
    const name = normalizeName(e.name)
    let idHmac: string | null = null
    let idCipher: string | null = null
    let idMasked: string | null = null
    let adultOn: string | null = null
    if (e.idNumber) {
      idHmac = keys.hmac(e.idNumber)
      idCipher = keys.encrypt(e.idNumber)
      idMasked = maskResidentId(e.idNumber)
      const birth = residentIdBirthDate(e.idNumber) as string
      adultOn = `${Number(birth.slice(0, 4)) + 18}${birth.slice(4)}`
    }
    out.entities.push({
      id,
      kind: e.kind,
      name,
      name_norm: nameKey(name),
      uscc: e.uscc ?? null,
      district: e.district ?? null,
      industry: e.industry ?? null,
      status: e.status ?? 'active',
      legal_rep: e.legalRep ?? null,
      established_on: e.establishedOn ?? null,
      id_hmac: idHmac,
      id_cipher: idCipher,
      id_masked: idMasked,
      adult_on: adultOn,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    if (e.uscc) {
      out.identifiers.push({ scheme: 'uscc', value: e.uscc, entity_id: id, created_at: now })
      out.identifiers.push({ scheme: 'org_code', value: e.uscc.slice(8, 17), entity_id: id, created_at: now })
    }
    if (e.regNo) out.identifiers.push({ scheme: 'reg_no', value: e.regNo, entity_id: id, created_at: now })
    const validFrom = e.establishedOn ?? null
    out.names.push({
      id: newId(),
      entity_id: id,
      name,
      name_norm: nameKey(name),
      kind: 'current',
      valid_from: validFrom,
      valid_to: null,
      created_at: now,
    })
    for (const f of e.formerNames ?? []) {
      const n = normalizeName(f.name)
      out.names.push({
        id: newId(),
        entity_id: id,
        name: n,
        name_norm: nameKey(n),
        kind: 'former',
        valid_from: null,
        valid_to: f.validTo ?? null,
        created_at: now,
      })
    }
  }
  return out
}

function insertStatement(raw: BetterSqlite3.Database, table: string, columns: string[]): (row: Row) => void {
  const stmt = raw.prepare(
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
  )
  const values = new Array<string | number | null>(columns.length)
  return (row) => {
    for (let i = 0; i < columns.length; i++) values[i] = row[columns[i] as string] ?? null
    stmt.run(values)
  }
}

async function baseline(dir: string, n: number, keys: KeyRing): Promise<{ seconds: number; rows: number }> {
  const file = join(dir, 'baseline.db')
  const dbh = await openDatabase({ db: file, dbKind: 'sqlite' })
  await migrateToLatest(dbh)
  await dbh.close()
  const raw = new BetterSqlite3(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('foreign_keys = ON')
  raw.pragma('synchronous = NORMAL')
  const cols = (t: string) =>
    (raw.prepare(`select name from pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name)
  const entities = insertStatement(raw, 'entities', cols('entities'))
  const identifiers = insertStatement(raw, 'entity_identifiers', cols('entity_identifiers'))
  const names = insertStatement(raw, 'entity_names', cols('entity_names'))
  const insertChunk = raw.transaction((rows: ChunkRows) => {
    for (const r of rows.entities) entities(r)
    for (const r of rows.identifiers) identifiers(r)
    for (const r of rows.names) names(r)
  })
  const size = demoSize(n)
  const orgs = new OrganisationGenerator(SEED, size)
  const persons = new PersonGenerator(SEED, size.persons)
  let timed = 0
  let rows = 0
  const now = new Date().toISOString()
  while (orgs.remaining > 0 || persons.remaining > 0) {
    const inputs = orgs.remaining > 0 ? orgs.chunk(DEFAULT_CHUNK_SIZE) : persons.chunk(DEFAULT_CHUNK_SIZE)
    inputs.sort(insertOrder) // the same order as the demo inserts them
    const chunk = toRows(inputs, keys, now) // generated in memory, not timed
    const t = performance.now()
    insertChunk(chunk)
    timed += performance.now() - t
    rows += chunk.entities.length
  }
  raw.close()
  return { seconds: timed / 1000, rows }
}

async function main(): Promise<void> {
  const n = entityCount()
  const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-demo-'))
  try {
    const config = loadConfig({ GONGXIN_DB: join(dir, 'demo.db'), GONGXIN_DATA_DIR: dir, GONGXIN_LOG_LEVEL: 'silent' })
    const ctx = await openMigratedContext(config)
    let seconds: number
    let entities: number
    try {
      const t = performance.now()
      const summary = await generateDemo(ctx, { entities: n, seed: SEED })
      seconds = (performance.now() - t) / 1000
      entities = summary.entities
    } finally {
      await closeContext(ctx)
    }
    // The same key material, so persons' HMAC and cipher text cost the same.
    const keys = loadKeys(config.keysFile, { create: false })
    const base = await baseline(dir, n, keys)
    const entitiesPerSecond = entities / seconds
    const baselineRowsPerSecond = base.rows / base.seconds
    process.stdout.write(
      `${JSON.stringify({
        bench: 'demo',
        entities,
        seconds: Math.round(seconds * 100) / 100,
        entitiesPerSecond: Math.round(entitiesPerSecond),
        baselineRowsPerSecond: Math.round(baselineRowsPerSecond),
        ratio: Math.round((entitiesPerSecond / baselineRowsPerSecond) * 1000) / 1000,
      })}\n`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
