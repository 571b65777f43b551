// Batch comparison (批量比对): an uploaded list of names and codes is staged (ID numbers only as their keyed hash),
// then compared chunk by chunk - each row resolved (matched, ambiguous with candidates, unresolved) and each matched
// subject's hits found (list entries, serious records, the measures of a chosen scenario, through the checks module's
// one evaluation). A chunk's results, the progress it adds and its audit event commit in one transaction: a run
// stopped anywhere resumes after the last committed chunk and counts no row twice.
import type { Writable } from 'node:stream'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { newId } from '../../core/ids.js'
import { checkCode, maskPersonalText, maskResidentId, normalizeCode } from '../../identifiers/index.js'
import { cleanPurpose } from '../access/index.js'
import { auditRead, recordAudit } from '../audit/index.js'
import { currentClasses } from '../catalog/index.js'
import {
  type CheckSubject,
  type EntityEvaluation,
  evaluateEntities,
  presentSubject,
  readBatchFile,
  requireScenario,
  SCENARIO_RE,
  triggerPeriod,
} from '../checks/index.js'
import type { XlsxLimits } from '../ingest/index.js'
import {
  type ResolveCandidate,
  type SubjectRow,
  findSubjectRows,
  lookupEntities,
  lookupPeopleByIdHash,
} from '../entities/index.js'
import {
  COMPARE_OUTCOMES,
  type CompareHits,
  type CompareOutcome,
  type ListHit,
  type MeasureHit,
  type SeriousHit,
} from './compare.types.js'
import { compareError } from './compare.errors.js'
import {
  advanceComparison,
  type ComparisonRow,
  countComparisons,
  deleteInputs,
  findComparison,
  type InputRow,
  inputsAfter,
  insertComparison,
  insertInputs,
  insertResults,
  listComparisons,
  matchedEntities,
  updateComparison,
} from './compare.repository.js'
import type { ComparisonInputsTable, ComparisonResultsTable } from './compare.tables.js'
import { writeComparisonWorkbook } from './compare.workbook.js'

/** The most rows one comparison takes. */
export const MAX_COMPARE_ROWS = 100_000
/** Rows compared in one transaction. */
export const DEFAULT_CHUNK_ROWS = 500

/** The list kinds and the severity a comparison reports besides the scenario's measures. */
const LIST_KINDS = ['red', 'black', 'focus'] as const
const ADVERSE_LISTS = new Set(['black', 'focus'])

export interface ComparisonJson {
  id: string
  status: string
  /** Left running by a process that is gone: a server continues it (at start, or within a minute). */
  interrupted: boolean
  scenario: string | null
  purpose: string
  allMeasures: boolean
  fileName: string | null
  dept: string | null
  total: number
  processed: number
  outcomes: { hit: number; noHit: number; ambiguous: number; unresolved: number }
  error: string | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

export function presentComparison(c: ComparisonRow, interrupted = false): ComparisonJson {
  return {
    id: c.id,
    status: c.status,
    interrupted,
    scenario: c.scenario,
    purpose: c.purpose,
    allMeasures: Number(c.all_measures) === 1,
    fileName: c.file_name,
    dept: c.dept,
    total: Number(c.total),
    processed: Number(c.processed),
    outcomes: {
      hit: Number(c.hit),
      noHit: Number(c.no_hit),
      ambiguous: Number(c.ambiguous),
      unresolved: Number(c.unresolved),
    },
    error: c.error,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    finishedAt: c.finished_at,
  }
}

/** An uploaded list and the form's fields, as the upload route received them. */
export interface CompareUpload {
  file: { path: string; fileName: string } | null
  scenario: string | undefined
  purpose: string | undefined
  allMeasures: boolean
  xlsxLimits?: XlsxLimits | undefined
}

/**
 * Stages an uploaded list as a new comparison (status queued): the purpose is required, the scenario optional (when
 * given it must be one of the measure list in force); the file is read within the XLSX limits, at most
 * MAX_COMPARE_ROWS rows. A row's code is kept as given with ID numbers masked; an ID number is kept only as its keyed
 * hash, by which it is resolved. Nothing is compared here: a runner takes the comparison from there.
 */
export async function createComparison(ctx: Ctx, actor: Actor, upload: CompareUpload): Promise<ComparisonJson> {
  const purpose = cleanPurpose(upload.purpose)
  if (!upload.file) throw compareError('compare.file_missing')
  if (!purpose) throw compareError('compare.purpose_required')
  const scenario = upload.scenario?.trim() || null
  if (scenario !== null) {
    if (!SCENARIO_RE.test(scenario)) throw compareError('compare.scenario_invalid', { scenario })
    await requireScenario(ctx, scenario)
  }
  const file = await readBatchFile(upload.file.path, upload.file.fileName, upload.xlsxLimits, {
    max: MAX_COMPARE_ROWS,
    namesAllowed: true,
  })
  const today = civilDate(ctx.clock.now())
  const id = newId()
  const inputs: ComparisonInputsTable[] = file.inputs.map((given, index) => {
    const subject = file.subjects[index] ?? {}
    const rejected = file.rejected.get(index)
    const row: ComparisonInputsTable = {
      comparison_id: id,
      seq: index + 1,
      row_no: given.row ?? null,
      code: given.code,
      name: maskPersonalText(given.name, { today }),
      uscc: null,
      other_code: null,
      id_hmac: null,
      id_masked: null,
      rejected: rejected ? rejected.message : null,
    }
    if (rejected) return row
    if (subject.idNumber) {
      const r = checkCode(subject.idNumber, { today })
      if (r.scheme === 'resident_id' && r.valid) {
        row.id_hmac = ctx.keys.hmac(r.normalized)
        row.id_masked = maskResidentId(r.normalized)
      } else
        row.rejected = `身份证件号码 ${maskResidentId(r.normalized)} 无效（${r.errors.map((e) => e.message.replace(/[。；]+$/, '')).join('；')}）：请核对后重新填写。`
    } else if (subject.uscc) row.uscc = normalizeCode(subject.uscc)
    else if (subject.code) row.other_code = maskPersonalText(subject.code.trim(), { today })
    return row
  })
  const fileName = maskPersonalText(upload.file.fileName, { today })
  return runCommand(ctx, { ...actor, purpose }, async ({ trx, now }) => {
    const at = now.toISOString()
    const row = {
      id,
      created_at: at,
      updated_at: at,
      finished_at: null,
      requester_kind: actor.kind,
      requester_id: actor.id,
      requester_role: actor.role,
      dept: actor.dept,
      scenario,
      purpose,
      all_measures: upload.allMeasures ? 1 : 0,
      file_name: fileName,
      status: 'queued',
      error: null,
      runner: null,
      total: inputs.length,
      processed: 0,
      hit: 0,
      no_hit: 0,
      ambiguous: 0,
      unresolved: 0,
    }
    await insertComparison(trx, row)
    await insertInputs(trx, inputs)
    await recordAudit(
      trx,
      ctx.clock,
      { ...actor, purpose },
      {
        action: 'compare.start',
        targetType: 'comparison',
        targetId: id,
        details: { scenario, total: inputs.length, allMeasures: upload.allMeasures, fileName },
      },
    )
    return presentComparison(row)
  })
}

/** The actor a comparison runs as: its requester, with the comparison's purpose. */
function requesterOf(c: ComparisonRow): Actor {
  return {
    kind: c.requester_kind as Actor['kind'],
    id: c.requester_id,
    role: c.requester_role,
    dept: c.dept,
    purpose: c.purpose,
  }
}

type Resolution =
  | { entity: SubjectRow }
  | { outcome: 'ambiguous' | 'unresolved'; candidates: ResolveCandidate[]; message: string }

/**
 * Resolves a chunk's rows: ID numbers by their keyed hash (audited as personal lookups, under the comparison's
 * purpose), plain USCCs in bulk, everything else (other codes, unknown USCCs, names) through the entities module's
 * lookup, which finds organisations only by name and answers several of the same name as ambiguous with candidates.
 */
async function resolveRows(ctx: Ctx, actor: Actor, c: ComparisonRow, rows: InputRow[]): Promise<Resolution[]> {
  const out: (Resolution | null)[] = rows.map((r) =>
    r.rejected ? { outcome: 'unresolved', candidates: [], message: r.rejected } : null,
  )
  const details = (i: number) => ({ comparisonId: c.id, row: rows[i]?.row_no ?? null })
  // people, by the keyed hash of their ID numbers
  const people = rows.flatMap((r, i) => (out[i] === null && r.id_hmac ? [i] : []))
  if (people.length) {
    const found = await lookupPeopleByIdHash(
      ctx,
      actor,
      people.map((i) => ({ hmac: rows[i]?.id_hmac as string, masked: rows[i]?.id_masked ?? '' })),
      { via: 'compare', details: (k) => details(people[k] as number) },
    )
    found.forEach((f, k) => {
      const i = people[k] as number
      if ('error' in f) out[i] = { outcome: 'unresolved', candidates: [], message: f.error.message }
      else if (f.row) out[i] = { entity: f.row }
      else if (f.result.status === 'unresolved')
        out[i] = { outcome: 'unresolved', candidates: f.result.candidates, message: f.result.message }
    })
  }
  // plain USCCs in bulk
  const byUscc = new Map(
    (
      await findSubjectRows(
        ctx.db,
        'uscc',
        rows.flatMap((r, i) => (out[i] === null && r.uscc ? [r.uscc] : [])),
      )
    ).map((e) => [e.uscc, e]),
  )
  const general: number[] = []
  rows.forEach((r, i) => {
    if (out[i] !== null) return
    const hit = r.uscc ? byUscc.get(r.uscc) : undefined
    if (hit) out[i] = { entity: hit }
    else general.push(i)
  })
  if (general.length) {
    const found = await lookupEntities(
      ctx,
      actor,
      general.map((i) => {
        const r = rows[i] as InputRow
        return { uscc: r.uscc, codes: r.other_code ? [r.other_code] : [], name: r.name }
      }),
      { via: 'compare', details: (k) => details(general[k] as number) },
    )
    const matched = await findSubjectRows(
      ctx.db,
      'id',
      found.flatMap((f) => ('result' in f && f.result.status === 'matched' ? [f.result.entityId] : [])),
    )
    const byId = new Map(matched.map((e) => [e.id, e]))
    found.forEach((f, k) => {
      const i = general[k] as number
      if ('error' in f) out[i] = { outcome: 'unresolved', candidates: [], message: f.error.message }
      else if (f.result.status === 'matched') {
        const e = byId.get(f.result.entityId)
        out[i] = e ? { entity: e } : { outcome: 'unresolved', candidates: [], message: '未找到匹配的主体' }
      } else
        out[i] = {
          outcome: f.result.reason === 'ambiguous' ? 'ambiguous' : 'unresolved',
          candidates: f.result.candidates,
          message: f.result.message,
        }
    })
  }
  return out.map((r) => r ?? { outcome: 'unresolved', candidates: [], message: '无法确定主体' })
}

/**
 * Compares the next chunk of a comparison that `runner` holds: resolves its rows, evaluates the matched subjects
 * (lists in force, serious records in force, the scenario's measures) and stores the results, the moved progress and
 * one audit event indexed under every subject matched, in one transaction - guarded on the progress it started from
 * and on still holding the comparison, so two runs never store a row twice. Finishes the comparison when no row is
 * left (status done; the staged rows, with their ID number hashes, are deleted). Answers whether it is done.
 */
export async function compareNextChunk(
  ctx: Ctx,
  id: string,
  runner: string,
  chunkRows = DEFAULT_CHUNK_ROWS,
): Promise<{ done: boolean; processed: number }> {
  const c = await findComparison(ctx.db, id)
  if (!c || c.runner !== runner || c.status !== 'running') throw compareError('compare.in_progress', { id })
  const actor = requesterOf(c)
  const processed = Number(c.processed)
  const rows = await inputsAfter(ctx.db, id, processed, chunkRows)
  if (rows.length === 0) {
    await runCommand(ctx, actor, async ({ trx, now }) => {
      const at = now.toISOString()
      if (!(await updateComparison(trx, id, { status: 'done', runner: null, updated_at: at, finished_at: at }, runner)))
        throw compareError('compare.in_progress', { id })
      await deleteInputs(trx, id)
      await recordAudit(trx, ctx.clock, actor, {
        action: 'compare.finish',
        targetType: 'comparison',
        targetId: id,
        details: {
          total: Number(c.total),
          hit: Number(c.hit),
          noHit: Number(c.no_hit),
          ambiguous: Number(c.ambiguous),
          unresolved: Number(c.unresolved),
        },
      })
    })
    return { done: true, processed }
  }
  return runCommand(ctx, actor, async ({ ctx: tctx, trx, now, today }) => {
    const resolved = await resolveRows(tctx, actor, c, rows)
    const entities = resolved.flatMap((r) => ('entity' in r ? [r.entity] : []))
    const evaluations = await evaluateEntities(tctx, actor, entities, {
      scenario: c.scenario,
      allMeasures: Number(c.all_measures) === 1,
      alsoRead: { listKinds: LIST_KINDS, severities: ['serious'] },
    })
    const classNames = new Map((await currentClasses(tctx.db)).map((k) => [k.code, k.nameZh]))
    const counts = { hit: 0, no_hit: 0, ambiguous: 0, unresolved: 0 }
    const results: ComparisonResultsTable[] = rows.map((input, i) => {
      const r = resolved[i] as Resolution
      const base = {
        comparison_id: id,
        seq: Number(input.seq),
        row_no: input.row_no,
        code: input.code,
        name: input.name,
      }
      if (!('entity' in r)) {
        counts[r.outcome] += 1
        return {
          ...base,
          outcome: r.outcome,
          entity_id: null,
          subject: null,
          candidates: JSON.stringify(r.candidates),
          hits: JSON.stringify({ lists: [], serious: [], measures: [] }),
          message: maskPersonalText(r.message, { today }),
        }
      }
      const e = r.entity
      const evaluation = evaluations.get(e.id)
      const hits = hitsOf(e, evaluation, today, classNames)
      const outcome: CompareOutcome =
        hits.lists.length + hits.serious.length + hits.measures.length > 0 ? 'hit' : 'no_hit'
      counts[outcome] += 1
      return {
        ...base,
        outcome,
        entity_id: e.id,
        subject: JSON.stringify(presentSubject(e)),
        candidates: '[]',
        hits: JSON.stringify(hits),
        message: null,
      }
    })
    await insertResults(trx, results)
    const next = processed + rows.length
    const moved = await advanceComparison(
      trx,
      id,
      { processed, runner },
      {
        processed: next,
        hit: Number(c.hit) + counts.hit,
        no_hit: Number(c.no_hit) + counts.no_hit,
        ambiguous: Number(c.ambiguous) + counts.ambiguous,
        unresolved: Number(c.unresolved) + counts.unresolved,
        updated_at: now.toISOString(),
      },
    )
    if (!moved) throw compareError('compare.in_progress', { id })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'compare.rows',
      targetType: 'comparison',
      targetId: id,
      // one event for the chunk, indexed under each subject it matched (each one's access log lists it)
      subjects: entities.map((e) => e.id),
      details: {
        scenario: c.scenario,
        from: Number(rows[0]?.seq),
        to: Number(rows.at(-1)?.seq),
        hit: counts.hit,
        noHit: counts.no_hit,
        ambiguous: counts.ambiguous,
        unresolved: counts.unresolved,
      },
    })
    return { done: false, processed: next }
  })
}

/**
 * What a matched subject hit today: list entries in force (red, black, focus), serious records in force that are not
 * list entries, and the measures of the comparison's scenario. A record of a natural person decided before the
 * person turned 18 never counts against them (no black or focus list, no serious record; as for measures).
 */
function hitsOf(
  e: SubjectRow,
  evaluation: EntityEvaluation | undefined,
  today: string,
  classNames: Map<string, string>,
): CompareHits {
  const hits: CompareHits = { lists: [], serious: [], measures: [] }
  if (!evaluation) return hits
  const adultOn = e.adult_on
  const minorRecord = (decidedOn: string | null) => adultOn !== null && (decidedOn === null || decidedOn < adultOn)
  for (const r of evaluation.records) {
    const period = triggerPeriod(r, today)
    if (!period) continue
    const className = classNames.get(r.class_code) ?? r.class_code
    if (r.list_kind && (LIST_KINDS as readonly string[]).includes(r.list_kind)) {
      if (ADVERSE_LISTS.has(r.list_kind) && minorRecord(r.decided_on)) continue
      hits.lists.push({
        listKind: r.list_kind,
        class: r.class_code,
        className,
        recordId: r.id,
        documentNo: r.document_no,
        from: period.from,
        until: period.until,
      })
    } else if (r.severity === 'serious' && !minorRecord(r.decided_on))
      hits.serious.push({
        class: r.class_code,
        className,
        recordId: r.id,
        documentNo: r.document_no,
        decidedOn: r.decided_on,
      })
  }
  hits.measures = evaluation.hits.map((h) => ({
    measure: h.measure,
    nameZh: h.nameZh,
    kind: h.kind,
    validUntil: h.validUntil,
    underObjection: h.underObjection,
    documents: [...new Set(h.triggeredBy.map((t) => t.documentNo ?? t.recordId))],
  }))
  return hits
}

/** A comparison by id, for its runner (no visibility rule: nothing of it leaves through this). */
export function comparisonRow(ctx: Ctx, id: string): Promise<ComparisonRow | undefined> {
  return findComparison(ctx.db, id)
}

/** Who reads comparisons: its department's, or every one with `all` (auditors, operators). */
export interface CompareViewer {
  dept: string | null
  all: boolean
}

/** A comparison as the viewer may see it; compare.not_found for another department's. */
export async function visibleComparison(ctx: Ctx, viewer: CompareViewer, id: string): Promise<ComparisonRow> {
  const c = await findComparison(ctx.db, id)
  if (!c || (!viewer.all && (viewer.dept === null || c.dept !== viewer.dept)))
    throw compareError('compare.not_found', { id })
  return c
}

/** The comparisons a viewer may see (its department's; all with `all`), newest first. */
export async function listVisibleComparisons(
  ctx: Ctx,
  viewer: CompareViewer,
  page: number,
  size: number,
): Promise<{ total: number; rows: ComparisonRow[] }> {
  const filter = { dept: viewer.all ? undefined : (viewer.dept ?? '\u0000') }
  const [total, rows] = await Promise.all([
    countComparisons(ctx.db, filter),
    listComparisons(ctx.db, filter, (page - 1) * size, size),
  ])
  return { total, rows }
}

/** What re-reading a comparison's results is audited as. */
export const COMPARE_READ_ACTION = 'compare.read'

/**
 * The result workbook of a finished comparison (compare.not_done before): its file names and a writer that streams
 * it. The download is a read of every subject the comparison matched: one `compare.read` event, with the reader's
 * purpose (the comparison's own when the reader states none), indexed under each of them, before anything is sent.
 */
export async function comparisonDownload(
  ctx: Ctx,
  actor: Actor,
  viewer: CompareViewer,
  id: string,
): Promise<{ fileName: string; displayName: string; write(out: Writable): Promise<void> }> {
  const c = await visibleComparison(ctx, viewer, id)
  if (c.status !== 'done')
    throw compareError('compare.not_done', {
      id,
      status: c.status,
      processed: Number(c.processed),
      total: Number(c.total),
    })
  await auditRead(
    ctx,
    { ...actor, purpose: actor.purpose ?? c.purpose },
    {
      action: COMPARE_READ_ACTION,
      targetType: 'comparison',
      targetId: c.id,
      subjects: await matchedEntities(ctx.db, c.id),
      details: { via: 'result_xlsx', scenario: c.scenario, total: Number(c.total) },
    },
  )
  return {
    fileName: `compare-${c.id}.xlsx`,
    displayName: `批量比对结果-${c.created_at.slice(0, 10)}.xlsx`,
    write: (out) => writeComparisonWorkbook(ctx, c, out),
  }
}

export type { CheckSubject }

export { COMPARE_OUTCOMES, type CompareHits, type CompareOutcome, type ListHit, type MeasureHit, type SeriousHit }
