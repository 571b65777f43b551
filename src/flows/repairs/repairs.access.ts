// Who may see and act on repair and list-exit cases and their records, shared by both kinds' flows.
import type { CommandScope } from '../../core/command.js'
import type { Db } from '../../db/database.js'
import { can, type Principal } from '../../modules/access/index.js'
import { type CaseMachine, type CaseRow, getCase, openCasesAbout } from '../../modules/cases/index.js'
import type { CaseAccess } from '../../modules/files/index.js'
import { notify } from '../../modules/notifications/index.js'
import { objectionMachine } from '../../modules/objections/index.js'
import { cleanText } from '../../modules/ingest/normalize/index.js'
import { openMarksOfRecords } from '../../modules/marks/index.js'
import { getRecordRow, type RecordRow } from '../../modules/records/index.js'
import { type RepairAction, repairError, repairMachine } from '../../modules/repairs/index.js'

/** Objection cases (the objections module's machine): an open one blocks a repair and a list exit. */
export const OBJECTION_CASES = objectionMachine as unknown as CaseMachine

/** The machine as moveCase takes it (any state string). */
export const machine = repairMachine as unknown as CaseMachine<string, RepairAction>

export const isOperator = (p: Principal) => can(p, 'repair.review')
export const isSubject = (p: Principal) => p.role === 'subject' && p.entityId !== null
/** A department that provides records (its own records' repairs are its to decide). */
export const providerDept = (p: Principal) => (p.dept && can(p, 'record.correct') ? p.dept : null)

/** The record, if the principal may see it for a repair: subjects their own entity's, providers their own, operators any. */
export async function recordFor(db: Db, p: Principal, recordId: string): Promise<RecordRow> {
  let record: RecordRow
  try {
    record = await getRecordRow(db, recordId)
  } catch {
    throw repairError('repairs.record_not_found', { id: recordId })
  }
  const visible =
    isOperator(p) ||
    (isSubject(p) && record.entity_id === p.entityId) ||
    (providerDept(p) !== null && record.provider_dept === providerDept(p))
  if (!visible) throw repairError('repairs.record_not_found', { id: recordId })
  return record
}

export async function openObjection(db: Db, recordId: string): Promise<string | null> {
  const cases = await openCasesAbout(db, OBJECTION_CASES, recordId)
  if (cases[0]) return `异议办件 ${cases[0].number}`
  const marks = (await openMarksOfRecords(db, [recordId])).filter((m) => m.kind === 'under_objection')
  return marks.length ? '「异议处理中」标注' : null
}

export function text(value: unknown, field: string, label: string, max: number): string {
  const v = typeof value === 'string' ? cleanText(value) : ''
  if ([...v].length < 2 || [...v].length > max) throw repairError('repairs.text_required', { field, label, max })
  return v
}

export function mayRead(p: Principal, row: CaseRow): boolean {
  return (
    isOperator(p) ||
    (isSubject(p) && row.entity_id === p.entityId) ||
    (providerDept(p) !== null && row.handler_dept === providerDept(p))
  )
}

/** Who handles a case of the machine's kind (may read its evidence files): whoever may read the case. */
export function caseAccessOf(m: CaseMachine): CaseAccess {
  return async (ctx, principal, caseId) => {
    try {
      return mayRead(principal, (await getCase(ctx.db, m, caseId)).row)
    } catch {
      return false
    }
  }
}

/** Tells the applicant's accounts (in-app inbox of the entity) about a step of its case, in the step's transaction. */
export async function tellApplicant(
  scope: CommandScope,
  row: CaseRow,
  topic: string,
  title: string,
  body: string,
): Promise<void> {
  if (!row.entity_id) return
  await notify(scope.ctx, scope.actor, {
    to: { kind: 'entity', id: row.entity_id },
    topic,
    title,
    body,
    link: null,
  })
}
