// When a negative record may be applied for repair: the one call the repair notice asks. Until the repairs module is
// on main this computes the earliest date from the minimum publication period of the rule set the record was
// decided under (the catalog's rule sets); it returns the same shape as the repairs module's eligibility.
import type { Db } from '../../db/database.js'
import { addDays, addMonths, getClass, listRuleSets, ruleSetOn, type Severity } from '../../modules/catalog/index.js'
import { type CaseMachine, openCasesAbout } from '../../modules/cases/index.js'
import { objectionMachine } from '../../modules/objections/index.js'
import type { RecordRow } from '../../modules/records/index.js'

export interface RepairOutlook {
  eligible: boolean
  ruleSet: string | null
  earliestDate: string | null
  /** Reason codes (min_period, not_active, ...); eligible when empty. */
  reasons: { code: string }[]
}

const BY_RANK: Severity[] = ['minor', 'general', 'serious']

/** Whether the record may be repaired on `today`, and from when. */
export async function repairOutlook(db: Db, record: RecordRow, today: string): Promise<RepairOutlook> {
  if (record.polarity !== 'negative')
    return { eligible: false, ruleSet: null, earliestDate: null, reasons: [{ code: 'not_negative' }] }
  const reasons: { code: string }[] = []
  if (record.state !== 'active' || (record.publish_max_until !== null && today > record.publish_max_until))
    reasons.push({ code: 'not_active' })
  if (!(await getClass(db, record.class_code, record.class_version)).repairable)
    reasons.push({ code: 'not_repairable' })
  const from = record.publish_from ?? record.decided_on
  const sets = await listRuleSets(db)
  const rs =
    (record.rule_version ? sets.find((s) => s.version === record.rule_version) : undefined) ??
    (from ? ruleSetOn(sets, from) : undefined)
  let earliestDate: string | null = null
  const start = record.severity ? BY_RANK.indexOf(record.severity as Severity) : -1
  if (rs && from && start >= 0)
    for (const s of BY_RANK.slice(start)) {
      const p = rs.periods[s]
      if (p) {
        earliestDate = addDays(addMonths(from, p.minMonths), 1)
        break
      }
    }
  if (earliestDate && today < earliestDate) reasons.push({ code: 'min_period' })
  if ((await openCasesAbout(db, objectionMachine as unknown as CaseMachine, record.id)).length)
    reasons.push({ code: 'open_objection' })
  return { eligible: reasons.length === 0, ruleSet: rs?.version ?? null, earliestDate, reasons }
}
