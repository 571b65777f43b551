// Resident ID numbers inside stored text (docs/decisions.md, "ID numbers inside text"). Before this, collection masked
// only the ID-number fields; a number written into 违法事实, a 文书号, a reason or a subject's name was stored, shown and
// audited in clear. This data migration applies the rule of its time to what is stored: the same detector and the same
// sealing as collection then (so a row submitted again is still a duplicate of its record), the same masking as the
// error report, and, for the hash-chained audit log, masking with the original kept sealed so the chain still verifies.
//
// What it takes from collection, the audit log and the search index is a frozen copy in ./support (docs/decisions.md,
// "Data migrations carry frozen copies"): a migration is history and must not change when those modules do.
import { systemActor } from '../../core/actor.js'
import { civilDate, systemClock } from '../../core/clock.js'
import type { KeyRing } from '../../core/keys.js'
import { findResidentIds, maskPersonalTextDeep, maskResidentIdsInText, nameKey } from '../../identifiers/index.js'
import type { MigrationEnv } from '../migration-env.js'
import { appendAuditEvent, redactStoredEvent } from './support/audit-chain.js'
import {
  keyOfMaskedDocumentNo,
  protectIssue,
  type StoredClassDefinition,
  sealIdNumbersInText,
  storedPayload,
  type TextFields,
  textFieldsOf,
} from './support/collected-rows.js'
import { reindexEntities } from './support/entities.js'
import { type AnyDb, pages } from './support/pages.js'

const PAGE = 1000
const NO_FIELDS: TextFields = { idFields: new Set(), regNoFields: new Set() }

interface VersionRow {
  record_id: string
  version: number
  payload: string
  payload_hash: string
  reason: string | null
  class_version: number
  class_code: string
}

interface RecordRow {
  id: string
  version: number
  document_no: string | null
  authority: string | null
  severity_override: string | null
  provider_key: string
  payload_hash: string
}

interface IssueRow {
  batch_id: string
  seq: number
  row_no: number
  level: 'error' | 'warning'
  field: string | null
  code: string
  message: string
  value: string | null
  class_code: string
  class_version: number
}

export async function up(db: AnyDb, env: MigrationEnv): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('sealed', 'text').execute()
  const clock = env.clock ?? systemClock
  const today = civilDate(clock.now())
  const keys = (): KeyRing => {
    if (!env.keys) throw new Error('migration 0010 needs the key file: it seals the ID numbers it finds')
    return env.keys
  }
  const mask = (s: string | null): string | null => (s === null ? null : maskResidentIdsInText(s, { today }).text)
  const classes = await classFields(db)
  const fieldsOf = (code: string, version: number) => classes.get(`${code}@${version}`) ?? NO_FIELDS

  // record versions: payloads sealed as collection seals them now; reasons masked
  const hashes = new Map<string, { from: string; to: string }>()
  const versionPages = pages<VersionRow>((last) =>
    db
      .selectFrom('record_versions as v')
      .innerJoin('records as r', 'r.id', 'v.record_id')
      .select([
        'v.record_id',
        'v.version',
        'v.payload',
        'v.payload_hash',
        'v.reason',
        'v.class_version',
        'r.class_code',
      ])
      .$if(last !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('v.record_id', '>', last?.record_id),
            eb.and([eb('v.record_id', '=', last?.record_id), eb('v.version', '>', last?.version)]),
          ]),
        ),
      )
      .orderBy('v.record_id')
      .orderBy('v.version')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of versionPages) {
    for (const v of rows) {
      let payload = v.payload
      let hash = v.payload_hash
      if (findResidentIds(payload, { today }).length) {
        const data = JSON.parse(payload) as Record<string, unknown>
        if (sealIdNumbersInText(keys(), data, fieldsOf(v.class_code, Number(v.class_version)), today))
          ({ payload, hash } = storedPayload(data))
      }
      const reason = mask(v.reason)
      if (payload === v.payload && reason === v.reason) continue
      if (hash !== v.payload_hash) hashes.set(`${v.record_id}\u0000${v.version}`, { from: v.payload_hash, to: hash })
      await db
        .updateTable('record_versions')
        .set({ payload, payload_hash: hash, reason })
        .where('record_id', '=', v.record_id)
        .where('version', '=', v.version)
        .execute()
    }
  }

  // records: the columns taken from the payload, the key, the current hash
  const recordPages = pages<RecordRow>((last) =>
    db
      .selectFrom('records')
      .select(['id', 'version', 'document_no', 'authority', 'severity_override', 'provider_key', 'payload_hash'])
      .$if(last !== null, (q) => q.where('id', '>', last?.id))
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of recordPages) {
    for (const r of rows) {
      const changed = hashes.get(`${r.id}\u0000${r.version}`)
      const documentNo = mask(r.document_no)
      let providerKey = r.provider_key
      if (r.document_no !== null && documentNo !== r.document_no && r.provider_key === r.document_no)
        providerKey = keyOfMaskedDocumentNo(documentNo as string, keys().hmac(r.document_no))
      else if (changed && r.provider_key === `hash:${changed.from.slice(0, 32)}`)
        providerKey = `hash:${changed.to.slice(0, 32)}`
      const patch = {
        document_no: documentNo,
        authority: mask(r.authority),
        severity_override: mask(r.severity_override),
        provider_key: providerKey,
        payload_hash: changed && r.payload_hash === changed.from ? changed.to : r.payload_hash,
      }
      if (
        patch.document_no === r.document_no &&
        patch.authority === r.authority &&
        patch.severity_override === r.severity_override &&
        patch.provider_key === r.provider_key &&
        patch.payload_hash === r.payload_hash
      )
        continue
      await db.updateTable('records').set(patch).where('id', '=', r.id).execute()
    }
  }

  // batch issues (the error report) as they are stored now
  const issuePages = pages<IssueRow>((last) =>
    db
      .selectFrom('batch_issues as i')
      .innerJoin('batches as b', 'b.id', 'i.batch_id')
      .select(['i.batch_id', 'i.seq', 'i.row_no', 'i.level', 'i.field', 'i.code', 'i.message', 'i.value'])
      .select(['b.class_code', 'b.class_version'])
      .$if(last !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('i.batch_id', '>', last?.batch_id),
            eb.and([eb('i.batch_id', '=', last?.batch_id), eb('i.seq', '>', last?.seq)]),
          ]),
        ),
      )
      .orderBy('i.batch_id')
      .orderBy('i.seq')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of issuePages) {
    for (const i of rows) {
      const issue = {
        rowNo: i.row_no,
        level: i.level,
        field: i.field,
        code: i.code,
        message: i.message,
        value: i.value,
      }
      const safe = protectIssue(issue, fieldsOf(i.class_code, Number(i.class_version)).idFields, today)
      if (safe === issue) continue
      await db
        .updateTable('batch_issues')
        .set({ message: safe.message, value: safe.value })
        .where('batch_id', '=', i.batch_id)
        .where('seq', '=', i.seq)
        .execute()
    }
  }

  // batches: file names and stored error messages
  for (const b of await db.selectFrom('batches').select(['id', 'file_name', 'error']).execute()) {
    const patch = { file_name: mask(b.file_name), error: mask(b.error) }
    if (patch.file_name !== b.file_name || patch.error !== b.error)
      await db.updateTable('batches').set(patch).where('id', '=', b.id).execute()
  }

  // entities registered from collected rows: a subject's name with an ID number in it
  const renamed = new Set<string>()
  const entityPages = pages<{ id: string; name: string }>((last) =>
    db
      .selectFrom('entities')
      .select(['id', 'name'])
      .$if(last !== null, (q) => q.where('id', '>', last?.id))
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of entityPages) {
    for (const e of rows) {
      const name = mask(e.name) as string
      if (name === e.name) continue
      await db
        .updateTable('entities')
        .set({ name, name_norm: nameKey(name) })
        .where('id', '=', e.id)
        .execute()
      renamed.add(e.id)
    }
  }
  const namePages = pages<{ id: string; entity_id: string; name: string }>((last) =>
    db
      .selectFrom('entity_names')
      .select(['id', 'entity_id', 'name'])
      .$if(last !== null, (q) => q.where('id', '>', last?.id))
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of namePages) {
    for (const n of rows) {
      const name = mask(n.name) as string
      if (name === n.name) continue
      await db
        .updateTable('entity_names')
        .set({ name, name_norm: nameKey(name) })
        .where('id', '=', n.id)
        .execute()
      renamed.add(n.entity_id)
    }
  }
  const historyPages = pages<{ id: string; snapshot: string }>((last) =>
    db
      .selectFrom('entity_history')
      .select(['id', 'snapshot'])
      .$if(last !== null, (q) => q.where('id', '>', last?.id))
      .orderBy('id')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of historyPages) {
    for (const h of rows) {
      if (findResidentIds(h.snapshot, { today }).length === 0) continue
      const snapshot = JSON.stringify(maskPersonalTextDeep(JSON.parse(h.snapshot), { today }))
      if (snapshot !== h.snapshot)
        await db.updateTable('entity_history').set({ snapshot }).where('id', '=', h.id).execute()
    }
  }
  if (renamed.size) await reindexEntities(db, renamed)

  // the audit log: masked in place, the original sealed beside it (its hash still verifies), one event saying so
  const redacted: number[] = []
  const eventPages = pages<{ seq: number; purpose: string | null; details: string }>((last) =>
    db
      .selectFrom('audit_events')
      .select(['seq', 'purpose', 'details'])
      .where('seq', '>', last?.seq ?? 0)
      .orderBy('seq')
      .limit(PAGE)
      .execute(),
  )
  for await (const rows of eventPages) {
    for (const e of rows) {
      const r = redactStoredEvent(keys(), e, today)
      if (!r) continue
      await db.updateTable('audit_events').set(r).where('seq', '=', e.seq).execute()
      redacted.push(Number(e.seq))
    }
  }
  if (redacted.length)
    await appendAuditEvent(db, clock, systemActor('migration-0010'), {
      action: 'audit.redacted',
      details: {
        reason: '身份证号码脱敏：事件中的居民身份证号码已脱敏显示，原文加密封存，哈希链仍可校验',
        events: redacted.length,
        seqs: redacted.slice(0, 1000),
      },
    })
}

export async function down(db: AnyDb): Promise<void> {
  // masked text stays masked: the clear values are only in the seals
  await db.schema.alterTable('audit_events').dropColumn('sealed').execute()
}

/** The text-search fields of every stored class version, by `code@version`. */
async function classFields(db: AnyDb): Promise<Map<string, TextFields>> {
  const out = new Map<string, TextFields>()
  for (const c of await db.selectFrom('catalog_classes').select(['code', 'version', 'definition']).execute())
    out.set(`${c.code}@${c.version}`, textFieldsOf(JSON.parse(c.definition) as StoredClassDefinition))
  return out
}
