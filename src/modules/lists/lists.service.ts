import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { type CommandScope, runCommand } from '../../core/command.js'
import { newId } from '../../core/ids.js'
import type { DefaultOutcome } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/errors/index.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { auditRead, recordAudit } from '../audit/index.js'
import { addMonths, findClass } from '../catalog/index.js'
import { openMarksOfRecords } from '../marks/index.js'
import {
  countingRecords,
  entitiesWithCountingRecords,
  entityBriefs,
  listedEntityIds,
  recordBriefs,
} from '../../read-models/list-view/index.js'
import { LIST_READ_ACTION } from './lists.entries.js'
import { listError } from './lists.errors.js'
import {
  closeProposal,
  findProposal,
  insertProposals,
  openProposalRows,
  type ProposalFilter,
  type ProposalRow,
  proposalPage,
  rejectedRecordIds,
} from './lists.repository.js'
import { readDefaultRule } from './lists.rule.js'
import { FOCUS_CLASS, type RuleVersion, ruleCatalog, rulePolicy } from './lists.rule-policy.js'

export { FOCUS_CLASS, type RuleVersion, ruleCatalog }

/** Entities already on one of these lists get no focus proposal. */
export const BLOCKING_KINDS = ['focus', 'black'] as const

export const PROPOSAL_STATUSES = ['proposed', 'confirmed', 'rejected', 'superseded'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  proposed: '待确认',
  confirmed: '已确认列入',
  rejected: '已驳回',
  superseded: '已失效',
}

// ---------------------------------------------------------------- the escalation rule (versioned data)

/** The current rule, or one version of it. */
export async function getRule(db: Db, version?: number): Promise<RuleVersion> {
  return (await rulePolicy.get(db, null, version)) as unknown as RuleVersion
}

/** Every version of the rule, oldest first. */
export async function listRuleVersions(db: Db): Promise<RuleVersion[]> {
  return (await rulePolicy.versions(db, null)) as unknown as RuleVersion[]
}

/**
 * Stores an operator's rule as the new current version: checked against the catalog (and the department against
 * the registered departments), audited in the same transaction. `baseVersion` guards against lost updates.
 */
export async function updateRule(
  ctx: Ctx,
  actor: Actor,
  input: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<RuleVersion> {
  const { version } = await rulePolicy.edit(ctx, actor, null, input, reason, options)
  return getRule(ctx.db, version)
}

export interface RuleDefaultsResult {
  /** added: first version; updated: new default made current; kept: new default stored, an operator's is current. */
  outcome: DefaultOutcome
  version: number
}

/**
 * Loads data/lists/escalation.json (with every `migrate`, after the catalog): the first load adds version 1; a
 * changed file adds a new default version, current only when the current version is a default one (an operator's
 * edit is never replaced). Audited when anything changed; a rerun changes nothing.
 */
export async function loadDefaultEscalationRule(
  ctx: Ctx,
  options: { path?: string; actor?: Actor } = {},
): Promise<RuleDefaultsResult> {
  const { plans } = await rulePolicy.loadDefaults(ctx, options.actor ?? systemActor('migrate'), async () => [
    [null, readDefaultRule(options.path, await ruleCatalog(ctx.db))] as const,
  ])
  const { outcome, version } = plans[0] as RuleDefaultsResult
  return { outcome, version }
}

// ---------------------------------------------------------------- proposals

export interface ProposalRecordJson {
  recordId: string
  class: string
  className: string
  documentNo: string | null
  decidedOn: string | null
  authority: string | null
  state: string
}

export interface ProposalJson {
  id: string
  kind: string
  status: ProposalStatus
  entity: { id: string; name: string; kind: string; uscc: string | null; district: string | null }
  records: ProposalRecordJson[]
  recordCount: number
  ruleVersion: number
  proposedAt: string
  proposedBy: string | null
  decidedAt: string | null
  decidedBy: string | null
  decidedDept: string | null
  documentNo: string | null
  decisionDate: string | null
  reason: string | null
  basis: string | null
  statusReason: string | null
  listRecordId: string | null
  batchId: string | null
}

/** Proposals with their entity and the records that met the rule (as they are now). */
export async function presentProposals(db: Db, rows: readonly ProposalRow[]): Promise<ProposalJson[]> {
  const entities = await entityBriefs(
    db,
    rows.map((r) => r.entity_id),
  )
  const recordIds = rows.flatMap((r) => JSON.parse(r.record_ids) as string[])
  const records = await recordBriefs(db, recordIds)
  const classNames = new Map<string, string>()
  for (const r of records.values())
    if (!classNames.has(r.class_code))
      classNames.set(r.class_code, (await findClass(db, r.class_code))?.nameZh ?? r.class_code)
  return rows.map((p) => {
    const e = entities.get(p.entity_id)
    return {
      id: p.id,
      kind: p.kind,
      status: p.status as ProposalStatus,
      entity: {
        id: p.entity_id,
        name: e?.name ?? '',
        kind: e?.kind ?? '',
        uscc: e?.uscc ?? null,
        district: e?.district ?? null,
      },
      records: (JSON.parse(p.record_ids) as string[]).flatMap((id) => {
        const r = records.get(id)
        return r
          ? [
              {
                recordId: r.id,
                class: r.class_code,
                className: classNames.get(r.class_code) ?? r.class_code,
                documentNo: r.document_no,
                decidedOn: r.decided_on,
                authority: r.authority,
                state: r.state,
              },
            ]
          : []
      }),
      recordCount: Number(p.record_count),
      ruleVersion: Number(p.rule_version),
      proposedAt: p.proposed_at,
      proposedBy: p.proposed_by,
      decidedAt: p.decided_at,
      decidedBy: p.decided_by,
      decidedDept: p.decided_dept,
      documentNo: p.document_no,
      decisionDate: p.decision_date,
      reason: p.reason,
      basis: p.basis,
      statusReason: p.status_reason,
      listRecordId: p.list_record_id,
      batchId: p.batch_id,
    }
  })
}

export async function getProposalRow(db: Db, id: string): Promise<ProposalRow> {
  const row = await findProposal(db, id)
  if (!row) throw listError('lists.proposal_not_found', { id })
  return row
}

export async function getProposal(db: Db, id: string): Promise<ProposalJson> {
  return (await presentProposals(db, [await getProposalRow(db, id)]))[0] as ProposalJson
}

export async function listProposals(
  db: Db,
  filter: ProposalFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; page: number; pageSize: number; items: ProposalJson[] }> {
  const { total, rows } = await proposalPage(db, filter, (page - 1) * pageSize, pageSize)
  return { total, page, pageSize, items: await presentProposals(db, rows) }
}

/**
 * A page of proposals for a reader (operators, auditors): a proposal to put an entity on the focus list is a
 * non-public fact about it, so the page is audited once (`list.read`, via `proposals`) under each entity on it.
 */
export async function readProposals(
  ctx: Ctx,
  actor: Actor,
  filter: ProposalFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; page: number; pageSize: number; items: ProposalJson[] }> {
  const answer = await listProposals(ctx.db, filter, page, pageSize)
  await auditRead(ctx, actor, {
    action: LIST_READ_ACTION,
    targetType: 'list',
    targetId: 'focus',
    subjects: answer.items.map((p) => p.entity.id),
    details: { via: 'proposals', status: filter.status ?? null, page, rows: answer.items.length },
  })
  return answer
}

/** Throws lists.proposal_not_open unless the proposal is still `proposed`. */
export function assertOpen(row: ProposalRow): void {
  if (row.status !== 'proposed')
    throw listError('lists.proposal_not_open', {
      id: row.id,
      status: row.status,
      statusLabel: PROPOSAL_STATUS_LABELS[row.status as ProposalStatus] ?? row.status,
    })
}

/** Whether the entity has a focus or black list entry in force on `today`. */
export async function isOnBlockingList(db: Db, entityId: string, today: string): Promise<boolean> {
  return (await listedEntityIds(db, [entityId], BLOCKING_KINDS, today)).has(entityId)
}

export interface ScanResult {
  enabled: boolean
  ruleVersion: number
  scannedAt: string
  /** The proposals this scan made. */
  proposed: ProposalJson[]
  /** Open proposals this scan closed: the entity got listed, or no longer meets the rule. */
  superseded: { id: string; entityId: string; reason: string }[]
  /** Proposals waiting for an operator after the scan. */
  open: number
}

const SUPERSEDED_LISTED = '主体已在重点关注名单或黑名单中'
const SUPERSEDED_NOT_MET = '主体已不满足升级条件（据以提出建议的记录已撤销、到期或处于异议处理中）'

/**
 * Applies the current escalation rule (when enabled): entities with at least N active, in-force, general-severity
 * negative records decided within the last M months (records under objection do not count), that are not on the
 * focus or black list and have no open proposal, get a focus-list proposal (after a rejection, only again when a
 * record counts that the rejected proposal did not show). Open proposals whose entity got listed
 * or no longer meets the rule are superseded. Never lists anyone: an operator confirms or rejects each proposal.
 * One transaction, one audit event.
 */
export async function scanProposals(ctx: Ctx, actor: Actor): Promise<ScanResult> {
  try {
    return await scanOnce(ctx, actor)
  } catch (e) {
    // a concurrent scan proposed the same entity first: evaluate again against its proposals
    if (isUniqueViolation(e)) return scanOnce(ctx, actor)
    throw e
  }
}

async function scanOnce(ctx: Ctx, actor: Actor): Promise<ScanResult> {
  const { version: ruleVersion, rule } = await getRule(ctx.db)
  const now = ctx.clock.now()
  const nowIso = now.toISOString()
  const today = civilDate(now)
  if (!rule.enabled) {
    const open = (await openProposalRows(ctx.db, 'focus')).length
    return { enabled: false, ruleVersion, scannedAt: nowIso, proposed: [], superseded: [], open }
  }
  const focus = await findClass(ctx.db, FOCUS_CLASS)
  const filter = {
    today,
    since: addMonths(today, -rule.withinMonths),
    classes: rule.classes,
    kinds: focus?.subjectKinds ?? [],
  }
  // entities meeting N-in-M, then their records without those under objection
  const candidates = await entitiesWithCountingRecords(ctx.db, filter, rule.generalRecords)
  const rows = await countingRecords(ctx.db, filter, candidates)
  const objected = new Set(
    (
      await openMarksOfRecords(
        ctx.db,
        rows.map((r) => r.id),
      )
    )
      .filter((m) => m.kind === 'under_objection')
      .map((m) => m.record_id),
  )
  const byEntity = new Map<string, string[]>()
  for (const r of rows) {
    if (objected.has(r.id)) continue
    byEntity.set(r.entity_id, [...(byEntity.get(r.entity_id) ?? []), r.id])
  }
  for (const [id, ids] of byEntity) if (ids.length < rule.generalRecords) byEntity.delete(id)

  return runCommand(ctx, actor, async ({ trx }) => {
    const open = await openProposalRows(trx, 'focus')
    const listed = await listedEntityIds(
      trx,
      [...new Set([...byEntity.keys(), ...open.map((p) => p.entity_id)])],
      BLOCKING_KINDS,
      today,
    )
    const superseded: ScanResult['superseded'] = []
    for (const p of open) {
      const reason = listed.has(p.entity_id) ? SUPERSEDED_LISTED : byEntity.has(p.entity_id) ? null : SUPERSEDED_NOT_MET
      if (!reason) continue
      const ok = await closeProposal(trx, p.id, {
        status: 'superseded',
        status_reason: reason,
        decided_at: nowIso,
        decided_by: actor.id,
        updated_at: nowIso,
      })
      if (ok) superseded.push({ id: p.id, entityId: p.entity_id, reason })
    }
    const stillOpen = new Set(open.map((p) => p.entity_id))
    // an entity whose proposal was rejected comes back only with a record the operator has not seen
    const rejected = await rejectedRecordIds(trx, [...byEntity.keys()], 'focus')
    const fresh = [...byEntity.entries()]
      .filter(([entityId]) => !listed.has(entityId) && !stillOpen.has(entityId))
      .filter(([entityId, recordIds]) => {
        const seen = rejected.get(entityId)
        return !seen || recordIds.some((id) => !seen.has(id))
      })
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([entityId, recordIds]) => ({
        id: newId(),
        kind: 'focus',
        entity_id: entityId,
        record_ids: JSON.stringify(recordIds),
        record_count: recordIds.length,
        rule_version: ruleVersion,
        status: 'proposed',
        proposed_at: nowIso,
        proposed_by: actor.id,
        decided_at: null,
        decided_by: null,
        decided_dept: null,
        document_no: null,
        decision_date: null,
        reason: null,
        basis: null,
        status_reason: null,
        list_record_id: null,
        batch_id: null,
        updated_at: nowIso,
      }))
    await insertProposals(trx, fresh)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'lists.scan',
      targetType: 'list_escalation_rule',
      targetId: String(ruleVersion),
      details: {
        ruleVersion,
        proposed: fresh.length,
        proposals: fresh.map((p) => ({ id: p.id, entityId: p.entity_id, records: p.record_count })),
        superseded: superseded.map((s) => s.id),
      },
    })
    const openAfter = open.length - superseded.length + fresh.length
    const proposed = await presentProposals(
      trx,
      fresh.map((p) => ({ ...p }) as ProposalRow),
    )
    return { enabled: true, ruleVersion, scannedAt: nowIso, proposed, superseded, open: openAfter }
  })
}

/** Rejects an open proposal with a reason; audited in the same transaction. */
export async function rejectProposal(ctx: Ctx, actor: Actor, id: string, reason: unknown): Promise<ProposalJson> {
  const given = typeof reason === 'string' ? reason.trim() : ''
  if ([...given].length < 2 || [...given].length > 500) throw listError('lists.reject_reason_required')
  const why = maskPersonalText(given, { today: civilDate(ctx.clock.now()) })
  await runCommand(ctx, actor, async ({ trx, now: at }) => {
    const row = await getProposalRow(trx, id)
    assertOpen(row)
    const now = at.toISOString()
    const ok = await closeProposal(trx, id, {
      status: 'rejected',
      status_reason: why,
      decided_at: now,
      decided_by: actor.id,
      decided_dept: actor.dept,
      updated_at: now,
    })
    if (!ok) assertOpen((await getProposalRow(trx, id)) as ProposalRow)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'lists.proposal_rejected',
      targetType: 'list_proposal',
      targetId: id,
      details: { entityId: row.entity_id, reason: why, ruleVersion: Number(row.rule_version) },
    })
  })
  return getProposal(ctx.db, id)
}

/** The decision facts a confirmation stores (filled by the confirm flow). */
export interface Confirmation {
  decidedDept: string
  documentNo: string
  decisionDate: string
  reason: string
  basis: string
  listRecordId: string
  batchId: string | null
}

/** Marks an open proposal confirmed: one step of the confirm flow's command; false when it was no longer open. */
export async function markProposalConfirmed(
  { trx, actor, now: at, today }: CommandScope,
  id: string,
  c: Confirmation,
): Promise<boolean> {
  const now = at.toISOString()
  // the decision's texts are the list record's (which keeps them sealed in its payload): here they are masked copies
  return closeProposal(trx, id, {
    status: 'confirmed',
    decided_at: now,
    decided_by: actor.id,
    decided_dept: c.decidedDept,
    document_no: maskPersonalText(c.documentNo, { today }),
    decision_date: c.decisionDate,
    reason: maskPersonalText(c.reason, { today }),
    basis: maskPersonalText(c.basis, { today }),
    list_record_id: c.listRecordId,
    batch_id: c.batchId,
    updated_at: now,
  })
}
