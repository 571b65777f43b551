// The demo city's credit repairs (信用修复): the demo subject (the `subject` login's company) gets four 行政处罚
// records of 市场监管 through the collection pipeline, and applies for repair as in use (the repairs flow, with its
// commitment): one approved (the record repaired, off the portal), one rejected, one still waiting for the decision,
// and one serious record decided under the 2026 rules that is not yet eligible (its earliest date shows on the
// portal's 申请信用修复 page). Dates come from the demo's last day, not the clock; deterministic.
import type { Ctx } from '../../core/context.js'
import { civilDate, fixedClock } from '../../core/clock.js'
import { type Principal, permissionsOf } from '../../modules/access/index.js'
import { addDays } from '../../modules/catalog/index.js'
import { getEntity } from '../../modules/entities/index.js'
import { recordsOfEntity } from '../../modules/records/index.js'
import { runIngest } from '../ingest/index.js'
import { applyForRepair, decideRepair } from '../repairs/index.js'
import type { DemoStep } from './demo.types.js'
import { DEMO_LAST_DATE } from './demo-entities.js'

const DEPT = 'tj-scjg'

interface Plan {
  key: string
  decidedOn: string
  severity: 'general' | 'serious'
  conduct: string
  /** Days before the demo's last day: applied, and decided (undefined: no application or no decision yet). */
  applied?: number
  decided?: { days: number; action: 'approve' | 'reject'; reasons: string }
}

const PLANS: Plan[] = [
  {
    key: '9801',
    decidedOn: '2025-11-20',
    severity: 'general',
    conduct: '未按规定标明商品价格',
    applied: 40,
    decided: {
      days: 32,
      action: 'approve',
      reasons: '当事人已缴清罚款并完成整改，已作出信用承诺，最短公示期已满，同意修复。',
    },
  },
  {
    key: '9802',
    decidedOn: '2025-12-15',
    severity: 'general',
    conduct: '销售不合格产品',
    applied: 30,
    decided: {
      days: 24,
      action: 'reject',
      reasons: '经核查，没收的违法所得尚未上缴，未全部履行行政处罚决定，不予修复。',
    },
  },
  { key: '9803', decidedOn: '2026-01-08', severity: 'general', conduct: '未按规定公示年度报告', applied: 3 },
  { key: '9804', decidedOn: '2026-05-12', severity: 'serious', conduct: '生产销售伪劣商品，情节严重' },
]

function subjectPrincipal(entityId: string): Principal {
  return {
    kind: 'user',
    id: null,
    role: 'subject',
    dept: null,
    district: null,
    entityId,
    permissions: permissionsOf('subject'),
  }
}

function providerPrincipal(): Principal {
  return {
    kind: 'api_key',
    id: null,
    role: 'provider',
    dept: DEPT,
    district: null,
    entityId: null,
    permissions: permissionsOf('provider'),
  }
}

export const repairsStep: DemoStep = {
  name: 'repairs',
  async run(ctx, state) {
    if (state.recordsPerEntity === 0 || !state.subjectEntityId) return
    const dept = state.departments.find((d) => d.code === DEPT)
    if (!dept) return
    const entity = await getEntity(ctx.db, state.subjectEntityId)
    if (!entity.uscc) return
    const clockDay = civilDate(ctx.clock.now())
    // the earlier of the clock's day and the demo's last day
    const last = [clockDay, DEMO_LAST_DATE].sort()[0] as string
    const at = (daysBefore: number): Ctx => ({
      ...ctx,
      clock: fixedClock(new Date(`${addDays(last, -daysBefore)}T10:00:00+08:00`)),
    })
    const docNo = (p: Plan) => `津市监罚〔${p.decidedOn.slice(0, 4)}〕${p.key}号`
    const rows = PLANS.map((p, i) => ({
      rowNo: i + 2,
      values: {
        CF_XDR_MC: entity.name,
        CF_XDR_LB: '法人及非法人组织',
        CF_XDR_SHXYM: entity.uscc as string,
        CF_FRDB: entity.legalRep ?? '（未登记）',
        CF_WSH: docNo(p),
        CF_WFXW: p.conduct,
        CF_SY: `经查，当事人${p.conduct}。`,
        CF_YJ: '《中华人民共和国产品质量法》第四十九条',
        CF_CFLB: '罚款',
        CF_NR: '罚款人民币2万元。',
        CF_NR_FK: '2',
        CF_JDRQ: p.decidedOn,
        CF_CFJG: dept.name,
        CF_CFJGDM: dept.uscc,
        CF_SJLY: dept.name,
        CF_SJLYDM: dept.uscc,
        ...(p.severity === 'serious' ? { _severity: 'serious', _reason: '情节严重，依裁量基准认定为严重失信' } : {}),
      },
    }))
    const headers = [...new Set(rows.flatMap((r) => Object.keys(r.values)))]
    // each record collected a few days after its decision (the not-yet-eligible one near the demo's last day)
    for (const [i, p] of PLANS.entries()) {
      const daysBefore = Math.max(0, Math.round((Date.parse(last) - Date.parse(p.decidedOn)) / 86_400_000) - 5)
      await runIngest(
        at(daysBefore),
        { ...state.actor, dept: DEPT },
        {
          classCode: 'admin_penalty',
          dept: DEPT,
          channel: 'flow',
          headers,
          rows: [rows[i] as (typeof rows)[number]],
        },
      )
    }
    state.counts.records += PLANS.length
    const records = await recordsOfEntity(ctx.db, entity.id)
    const subject = subjectPrincipal(entity.id)
    const provider = providerPrincipal()
    for (const p of PLANS) {
      const record = records.find((r) => r.document_no === docNo(p))
      if (!record || p.applied === undefined) continue
      const filed = await applyForRepair(
        at(p.applied),
        subject,
        { ...state.actor, role: 'subject' },
        {
          recordId: record.id,
          statement: `本单位已于收到处罚决定后缴清罚款，并就“${p.conduct}”完成整改，特申请信用修复。`,
          evidence: [],
          commitment: {
            content:
              '本单位承诺所提交材料真实有效，已纠正失信行为并履行相关义务，今后依法诚信经营，如有违反愿承担相应法律责任。',
          },
        },
      )
      if (p.decided)
        await decideRepair(at(p.decided.days), provider, { ...state.actor, dept: DEPT }, filed.id, p.decided.action, {
          version: filed.version,
          reasons: p.decided.reasons,
        })
    }
  },
}
