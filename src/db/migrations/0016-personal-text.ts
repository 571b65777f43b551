// Free text stored by services outside collection (docs/decisions.md, "Free text outside collection"). Before this,
// only collection and the audit log masked resident ID numbers; reasons, notes, names, commitments' texts, check
// batch inputs, operators' edit reasons and the like were stored as typed. This data migration applies the rule of its
// time to what is stored: the same detector (maskPersonalText), data of record (an entity's name and legal
// representative, a commitment's texts, breach facts) masked with the clear text sealed beside it, notes simply
// masked; failed logins of unknown names keep only the name's keyed hash, the original sealed as 0010 seals events.
//
// What it takes from the audit log, the access module (an unknown login name's keyed hash) and the entities (search
// index, change counters) is a frozen copy in ./support (docs/decisions.md, "Data migrations carry frozen copies").
import { systemActor } from '../../core/actor.js'
import { civilDate, systemClock } from '../../core/clock.js'
import type { KeyRing } from '../../core/keys.js'
import {
  type FindOptions,
  maskPersonalText,
  maskPersonalTextDeep,
  nameKey,
  readSealedTexts,
  sealedTextsColumn,
  sealPersonalText,
} from '../../identifiers/index.js'
import type { MigrationEnv } from '../migration-env.js'
import { appendAuditEvent, redactStoredEvent } from './support/audit-chain.js'
import { noteEntitiesChanged, reindexEntities } from './support/entities.js'
import { type AnyDb, pages } from './support/pages.js'

/**
 * The keyed hash of a login name that is no account, as failed-login events keep it (frozen copy of the access
 * module's unknownNameHmac: HMAC with the purpose `login-name`).
 */
function unknownNameHmac(keys: KeyRing, username: string): string {
  return keys.hmac(username, 'login-name')
}

const PAGE = 1000

type Row = Record<string, unknown>

/** A table whose text columns are masked in place: its key, its text columns, its JSON text columns. */
interface TextTable {
  table: string
  key: string[]
  text?: string[]
  json?: string[]
  /** The column naming the entity whose files show the row (their change counter is bumped). */
  entity?: string
}

/** Notes and names: masked in place, nothing sealed. */
const NOTES: TextTable[] = [
  { table: 'record_marks', key: ['id'], text: ['open_reason', 'close_reason'], entity: 'entity_id' },
  { table: 'list_proposals', key: ['id'], text: ['reason', 'basis', 'status_reason', 'document_no'] },
  { table: 'check_batches', key: ['id'], text: ['file_name', 'purpose'], json: ['items'] },
  { table: 'checks', key: ['id'], text: ['purpose'], json: ['subject'] },
  { table: 'check_feedback', key: ['check_id', 'measure', 'version'], text: ['reason', 'effect'] },
  { table: 'catalog_classes', key: ['code', 'version'], text: ['reason'], json: ['definition'] },
  { table: 'measures', key: ['code', 'version'], text: ['reason'], json: ['definition'] },
  { table: 'list_escalation_rules', key: ['version'], text: ['reason'], json: ['definition'] },
  { table: 'calendar_years', key: ['year', 'version'], text: ['reason'], json: ['definition'] },
  { table: 'departments', key: ['code'], text: ['name'] },
  { table: 'users', key: ['id'], text: ['display_name'] },
  { table: 'api_keys', key: ['id'], text: ['name'] },
  { table: 'unmatched_entries', key: ['id'], text: ['reason', 'message', 'name'], json: ['subject'] },
  { table: 'unmatched_rows', key: ['batch_id', 'row_no'], text: ['outcome_message'] },
  { table: 'entity_names', key: ['id'], text: ['name'], entity: 'entity_id' },
  { table: 'entity_history', key: ['id'], json: ['snapshot'] },
]

/** The rows of a table a page at a time, in key order (keyset pagination on the composite key). */
function tablePages(db: AnyDb, t: TextTable, columns: string[]): AsyncGenerator<Row[]> {
  return pages<Row>((last) => {
    let q = db
      .selectFrom(t.table)
      .select([...new Set([...t.key, ...columns])])
      .limit(PAGE)
    if (last !== null)
      q = q.where((eb) =>
        eb.or(t.key.map((k, i) => eb.and([...t.key.slice(0, i).map((p) => eb(p, '=', last[p])), eb(k, '>', last[k])]))),
      )
    for (const k of t.key) q = q.orderBy(k)
    return q.execute() as Promise<Row[]>
  })
}

async function updateRow(db: AnyDb, t: TextTable, row: Row, patch: Row): Promise<void> {
  let q = db.updateTable(t.table).set(patch)
  for (const k of t.key) q = q.where(k, '=', row[k])
  await q.execute()
}

/** Masks the text and JSON columns of every row of a table; returns the rows changed. */
async function maskTable(db: AnyDb, t: TextTable, options: FindOptions): Promise<Row[]> {
  const changed: Row[] = []
  const text = t.text ?? []
  const json = t.json ?? []
  for await (const rows of tablePages(db, t, [...text, ...json, ...(t.entity ? [t.entity] : [])])) {
    for (const row of rows) {
      const patch: Row = {}
      for (const c of text) {
        const v = row[c] as string | null
        const masked = maskPersonalText(v, options)
        if (masked !== v) patch[c] = masked
      }
      for (const c of json) {
        const v = row[c] as string | null
        if (v === null || maskPersonalText(v, options) === v) continue
        patch[c] = JSON.stringify(maskPersonalTextDeep(JSON.parse(v), options))
      }
      // a name is matched by its key
      if (t.table === 'entity_names' && typeof patch.name === 'string') patch.name_norm = nameKey(patch.name)
      if (Object.keys(patch).length === 0) continue
      await updateRow(db, t, row, patch)
      changed.push(row)
    }
  }
  return changed
}

export async function up(db: AnyDb, env: MigrationEnv): Promise<void> {
  await db.schema.alterTable('entities').addColumn('sealed', 'text').execute()
  await db.schema.alterTable('commitments').addColumn('sealed', 'text').execute()
  const clock = env.clock ?? systemClock
  const options = { today: civilDate(clock.now()) }
  const keys = (): KeyRing => {
    if (!env.keys) throw new Error('migration 0016 needs the key file: it seals the ID numbers it finds')
    return env.keys
  }
  /** Entities whose files show a changed row (change counter), and those whose names changed (search index). */
  const touched = new Set<string>()
  const renamed = new Set<string>()

  for (const t of NOTES) {
    const changed = await maskTable(db, t, options)
    if (t.entity) for (const r of changed) touched.add(r[t.entity] as string)
    if (t.table === 'entity_names') for (const r of changed) renamed.add(r.entity_id as string)
  }

  // entities: the name and the legal representative are data of record, masked with the clear text sealed
  const entities: TextTable = { table: 'entities', key: ['id'] }
  for await (const rows of tablePages(db, entities, ['name', 'legal_rep', 'sealed'])) {
    for (const e of rows) {
      const { values, sealed } = sealPersonalText(
        keys(),
        { name: e.name as string, legal_rep: e.legal_rep as string | null },
        options,
      )
      if (!sealed) continue
      await updateRow(db, entities, e, {
        name: values.name,
        name_norm: nameKey(values.name),
        legal_rep: values.legal_rep,
        sealed: sealedTextsColumn({ ...readSealedTexts(e.sealed as string | null), ...sealed }),
      })
      renamed.add(e.id as string)
    }
  }

  // commitments: their texts are data of record (the published record is made from the clear ones)
  const commitments: TextTable = { table: 'commitments', key: ['id'] }
  for await (const rows of tablePages(db, commitments, ['entity_id', 'matter', 'content', 'matter_code', 'number'])) {
    for (const c of rows) {
      const { values, sealed } = sealPersonalText(
        keys(),
        {
          matter: c.matter as string,
          content: c.content as string,
          matter_code: c.matter_code as string | null,
          number: c.number as string,
        },
        options,
      )
      if (!sealed) continue
      await updateRow(db, commitments, c, { ...values, sealed: sealedTextsColumn(sealed) })
      touched.add(c.entity_id as string)
    }
  }
  // their versions: top-level texts masked, the clear ones sealed in `_sealed` (breach facts finish a breach)
  const versions: TextTable = { table: 'commitment_versions', key: ['commitment_id', 'version'] }
  for await (const rows of tablePages(db, versions, ['details'])) {
    for (const v of rows) {
      const details = v.details as string
      if (maskPersonalText(details, options) === details) continue
      const parsed = JSON.parse(details) as Row
      const texts: Record<string, string> = {}
      for (const [k, x] of Object.entries(parsed)) if (typeof x === 'string' && !k.startsWith('_')) texts[k] = x
      const { values, sealed } = sealPersonalText(keys(), texts, options)
      const out = maskPersonalTextDeep({ ...parsed, ...values }, options)
      if (sealed) out._sealed = { ...(parsed._sealed as Record<string, string> | undefined), ...sealed }
      await updateRow(db, versions, v, { details: JSON.stringify(out) })
    }
  }

  if (renamed.size) await reindexEntities(db, renamed)
  for (const id of renamed) touched.add(id)
  if (touched.size) await noteEntitiesChanged(db, [...touched], clock.now())

  // failed logins of names that are no account: only the name's keyed hash stays shown, the original sealed
  const redacted: number[] = []
  const eventPages = pages<{ seq: number; purpose: string | null; details: string; sealed: string | null }>((last) =>
    db
      .selectFrom('audit_events')
      .select(['seq', 'purpose', 'details', 'sealed'])
      .where('action', '=', 'access.login_failed')
      .where('target_id', 'is', null)
      .where('seq', '>', last?.seq ?? 0)
      .orderBy('seq')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of eventPages) {
    for (const e of rows) {
      const r = redactStoredEvent(keys(), e, options.today as string, (d) => {
        if (typeof d.username !== 'string') return d
        const { username, ...rest } = d
        return { usernameHmac: unknownNameHmac(keys(), username), ...rest }
      })
      if (!r) continue
      await db.updateTable('audit_events').set(r).where('seq', '=', e.seq).execute()
      redacted.push(Number(e.seq))
    }
  }
  if (redacted.length)
    await appendAuditEvent(db, clock, systemActor('migration-0016'), {
      action: 'audit.redacted',
      details: {
        reason: '未知用户名脱敏：登录失败事件只保留未知用户名的密钥散列，原文加密封存，哈希链仍可校验',
        events: redacted.length,
        seqs: redacted.slice(0, 1000),
      },
    })
}

export async function down(db: AnyDb): Promise<void> {
  // masked text stays masked: the clear values are only in the seals
  await db.schema.alterTable('commitments').dropColumn('sealed').execute()
  await db.schema.alterTable('entities').dropColumn('sealed').execute()
}
