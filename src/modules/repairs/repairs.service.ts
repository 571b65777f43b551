// Repair cases' own facts: stored with the case (in the command's scope), read with it. The steps that change
// other modules (the record, the commitment, the outbox) are the flow's (src/flows/repairs).
import type { CommandScope } from '../../core/command.js'
import type { Db } from '../../db/database.js'
import { sealPersonalText } from '../../identifiers/index.js'
import type { RecipientJson } from './repairs.presenter.js'
import {
  findListExit,
  findListExits,
  findRepair,
  findRepairs,
  insertListExit,
  insertRepair,
  type ListExitRow,
  type RepairRow,
  updateListExit,
  updateRepair,
} from './repairs.repository.js'

export interface RepairFacts {
  caseId: string
  recordId: string
  recordVersion: number
  entityId: string
  classCode: string
  ruleSet: string | null
  severity: string | null
  earliestOn: string | null
  statement: string
  evidence: readonly string[]
  commitmentId: string | null
}

function sealedOf(existing: string | null, next: Record<string, unknown> | null): string | null {
  const merged = { ...(existing ? (JSON.parse(existing) as Record<string, unknown>) : {}), ...(next ?? {}) }
  return Object.keys(merged).length ? JSON.stringify(merged) : null
}

/** A new case's statement, masked, and its clear text sealed (both kinds' facts). */
function sealStatement(scope: CommandScope, statement: string): { statement: string; sealed: string | null } {
  const text = sealPersonalText(scope.ctx.keys, { statement }, { today: scope.today })
  return { statement: text.values.statement, sealed: sealedOf(null, text.sealed as Record<string, unknown> | null) }
}

/** A decision's reasons (none on withdrawal), masked, the clear text sealed beside what the case sealed before. */
function decisionOf(scope: CommandScope, current: { sealed: string | null }, reason: string | null) {
  const text = reason
    ? sealPersonalText(scope.ctx.keys, { decision_reason: reason }, { today: scope.today })
    : { values: { decision_reason: null }, sealed: null }
  return {
    decision_reason: text.values.decision_reason,
    sealed: sealedOf(current.sealed, text.sealed as Record<string, unknown> | null),
  }
}

/** Stores a new case's facts; the statement is masked, its clear text sealed. */
export async function storeRepairFacts(scope: CommandScope, f: RepairFacts): Promise<RepairRow> {
  const text = sealStatement(scope, f.statement)
  const row: RepairRow = {
    case_id: f.caseId,
    record_id: f.recordId,
    record_version: f.recordVersion,
    entity_id: f.entityId,
    class_code: f.classCode,
    rule_set: f.ruleSet,
    severity: f.severity,
    earliest_on: f.earliestOn,
    statement: text.statement,
    evidence: JSON.stringify([...f.evidence]),
    commitment_id: f.commitmentId,
    decision_reason: null,
    sealed: text.sealed,
    recipients: null,
    created_at: scope.now.toISOString(),
    decided_at: null,
  }
  await insertRepair(scope.trx, row)
  return row
}

/** Stores the decision's reasons (masked, clear text sealed) and, on approval, who was told. */
export async function storeRepairDecision(
  scope: CommandScope,
  caseId: string,
  reason: string | null,
  recipients: readonly RecipientJson[] | null,
): Promise<RepairRow> {
  const current = await findRepair(scope.trx, caseId)
  if (!current) throw new Error(`repair facts of case ${caseId} missing`)
  const patch = {
    ...decisionOf(scope, current, reason),
    recipients: recipients ? JSON.stringify(recipients) : current.recipients,
    decided_at: scope.now.toISOString(),
  }
  await updateRepair(scope.trx, caseId, patch)
  return { ...current, ...patch }
}

export async function repairFacts(db: Db, caseId: string): Promise<RepairRow | undefined> {
  return findRepair(db, caseId)
}

export async function repairFactsOf(db: Db, caseIds: readonly string[]): Promise<Map<string, RepairRow>> {
  return new Map((await findRepairs(db, caseIds)).map((r) => [r.case_id, r]))
}

export type { RepairRow }

// ------------------------------------------------------------------ list exits (申请移出)

export interface ListExitFacts {
  caseId: string
  recordId: string
  recordVersion: number
  entityId: string
  classCode: string
  ground: string
  statement: string
  evidence: readonly string[]
  commitmentId: string | null
}

/** Stores a new list-exit case's facts; the statement is masked, its clear text sealed. */
export async function storeListExitFacts(scope: CommandScope, f: ListExitFacts): Promise<ListExitRow> {
  const text = sealStatement(scope, f.statement)
  const row: ListExitRow = {
    case_id: f.caseId,
    record_id: f.recordId,
    record_version: f.recordVersion,
    entity_id: f.entityId,
    class_code: f.classCode,
    ground: f.ground,
    statement: text.statement,
    evidence: JSON.stringify([...f.evidence]),
    commitment_id: f.commitmentId,
    decision_reason: null,
    sealed: text.sealed,
    last_day: null,
    created_at: scope.now.toISOString(),
    decided_at: null,
  }
  await insertListExit(scope.trx, row)
  return row
}

/** Stores the decision's reasons (masked, sealed) and, on approval, the entry's new last day. */
export async function storeListExitDecision(
  scope: CommandScope,
  caseId: string,
  reason: string | null,
  lastDay: string | null,
): Promise<ListExitRow> {
  const current = await findListExit(scope.trx, caseId)
  if (!current) throw new Error(`list exit facts of case ${caseId} missing`)
  const patch = {
    ...decisionOf(scope, current, reason),
    last_day: lastDay,
    decided_at: scope.now.toISOString(),
  }
  await updateListExit(scope.trx, caseId, patch)
  return { ...current, ...patch }
}

export async function listExitFacts(db: Db, caseId: string): Promise<ListExitRow | undefined> {
  return findListExit(db, caseId)
}

export async function listExitFactsOf(db: Db, caseIds: readonly string[]): Promise<Map<string, ListExitRow>> {
  return new Map((await findListExits(db, caseIds)).map((r) => [r.case_id, r]))
}

export type { ListExitRow }
