// 一公开: the results of a 双随机 plan's targets (检查结果), recorded per target and published as records of the
// catalog class 行政检查结果信息 (admin_inspection, public scope) through the collection pipeline, in the plan's
// department's name. One command: the batch, its records, the results on the targets, the plan's completion and every
// audit event commit together or not at all (runIngest and storeResults join the command's transaction).
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { isIsoDate } from '../../identifiers/index.js'
import { listDepartments } from '../../modules/access/index.js'
import { getClass } from '../../modules/catalog/index.js'
import { getEntity } from '../../modules/entities/index.js'
import {
  inspectionError,
  type PlanView,
  planForResults,
  type StoredResult,
  storeResults,
} from '../../modules/inspections/index.js'
import { batchIssues, runIngest } from '../ingest/index.js'

/** The class results are published as, and its fields. */
export const RESULT_CLASS = 'admin_inspection'
const INSPECTION_TYPE = '双随机抽查'
const HEADERS = [
  'subject_name',
  'subject_category',
  'uscc',
  'legal_rep',
  'inspection_type',
  'matter',
  'result',
  'result_detail',
  'document_no',
  'decision_date',
  'authority_name',
  'authority_uscc',
  'provider_name',
  'provider_uscc',
]

export interface ResultInput {
  entityId: string
  /** One of the class's results (e.g. 未发现问题, 发现问题已责令改正), or 其他-<text>. */
  result: string
  detail?: string | undefined
  /** The day the inspection was completed. */
  inspectedOn: string
}

/** The results the class accepts (the `result` field's list) and its prefix for other results. */
async function resultValues(ctx: Ctx): Promise<{ values: string[]; otherPrefix: string | null }> {
  const cls = await getClass(ctx.db, RESULT_CLASS)
  const field = cls.fields.find((f) => f.code === 'result')
  return { values: [...(field?.enum ?? [])], otherPrefix: field?.otherPrefix ?? null }
}

/**
 * Records the results of targets of a drawn plan (the actor's department's) and publishes each as a record:
 * document number `<plan number>-<position>`, 检查类别 双随机抽查, the plan's 检查事项. Every item is checked first
 * (a target of the plan without a result, a result of the class's list, a day within the plan's period and not in the
 * future); a row the pipeline refuses is refused with the pipeline's words. The plan completes with its last result.
 */
export async function recordResults(
  ctx: Ctx,
  actor: Actor,
  planId: string,
  items: readonly ResultInput[],
): Promise<PlanView> {
  return runCommand(ctx, actor, async ({ ctx: scoped, today }) => {
    const { plan, targets } = await planForResults(scoped, actor, planId)
    const byEntity = new Map(targets.map((t) => [t.entity_id, t]))
    const { values, otherPrefix } = await resultValues(scoped)
    const problems: string[] = []
    const seen = new Set<string>()
    for (const [i, it] of items.entries()) {
      const where = `items[${i}]`
      const t = byEntity.get(it.entityId)
      if (!t) throw inspectionError('inspections.not_target', { entityId: it.entityId })
      if (t.result !== null || seen.has(it.entityId))
        throw inspectionError('inspections.result_exists', { entityId: it.entityId })
      seen.add(it.entityId)
      const other = otherPrefix !== null && it.result.startsWith(otherPrefix) && it.result.length > otherPrefix.length
      if (!values.includes(it.result) && !other)
        problems.push(
          `${where}.result（检查结果）应为 ${values.join('、')} 之一${otherPrefix ? `，或「${otherPrefix}」加说明` : ''}`,
        )
      if (!isIsoDate(it.inspectedOn) || it.inspectedOn < plan.period_from || it.inspectedOn > today)
        problems.push(`${where}.inspectedOn（检查完成日期）应为 ${plan.period_from} 到今天（${today}）之间的日期`)
    }
    if (problems.length) throw inspectionError('inspections.bad_input', { problems })
    const dept = (await listDepartments(scoped)).find((d) => d.code === plan.dept_code)
    if (!dept) throw inspectionError('inspections.plan_not_found', { id: planId })
    const rows: { rowNo: number; values: Record<string, string> }[] = []
    const results: StoredResult[] = []
    for (const [i, it] of items.entries()) {
      const t = byEntity.get(it.entityId) as (typeof targets)[number]
      const e = await getEntity(scoped.db, it.entityId)
      const documentNo = `${plan.number}-${String(t.position).padStart(4, '0')}`
      const values: Record<string, string> = {
        subject_name: e.name,
        subject_category: e.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
        uscc: e.uscc ?? '',
        legal_rep: e.legalRep ?? '',
        inspection_type: INSPECTION_TYPE,
        matter: plan.matter,
        result: it.result,
        result_detail: it.detail?.trim() ?? '',
        document_no: documentNo,
        decision_date: it.inspectedOn,
        authority_name: dept.name,
        authority_uscc: dept.uscc,
        provider_name: dept.name,
        provider_uscc: dept.uscc,
      }
      rows.push({ rowNo: i + 1, values })
      results.push({
        position: Number(t.position),
        entityId: it.entityId,
        result: it.result,
        resultDetail: it.detail?.trim() || null,
        inspectedOn: it.inspectedOn,
        documentNo,
        recordId: null,
      })
    }
    const recordOf = new Map<number, string>()
    const ingest = await runIngest(scoped, actor, {
      classCode: RESULT_CLASS,
      dept: plan.dept_code,
      channel: 'flow',
      fileName: null,
      contentHash: null,
      headers: HEADERS,
      rows,
      maxIssuesInMemory: 50,
      onSettled: (rowNo, _outcome, recordId) => {
        if (recordId) recordOf.set(rowNo, recordId)
      },
    })
    if (ingest.rejected > 0) {
      const issues = ingest.issues ?? (ingest.batchId ? await batchIssues(scoped.db, ingest.batchId) : [])
      const errors = issues.filter((x) => x.level === 'error').map((x) => `第 ${x.rowNo} 项：${x.message}`)
      throw inspectionError('inspections.record_rejected', { problems: errors.length ? errors : ['该行未被接收'] })
    }
    for (const [i, r] of results.entries()) r.recordId = recordOf.get(i + 1) ?? null
    return storeResults(scoped, actor, planId, results)
  })
}
