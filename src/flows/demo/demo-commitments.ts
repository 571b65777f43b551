// The demo city's credit commitments (信用承诺) made on the platform: departments file them for companies in the
// half year before the demo's last day through the commitments flow (so public ones are published as records and breaches become
// 违背信用承诺 records, exactly as in use), then record fulfilment or breach; a few stay open past their due date
// (overdue). About one commitment per 50 entities, at most 400, only when the city has records; deterministic for a
// seed (subjects by USCC order).
import type { Ctx } from '../../core/context.js'
import { civilDate, fixedClock } from '../../core/clock.js'
import { type Principal, permissionsOf } from '../../modules/access/index.js'
import { commitmentRecordCounts } from '../../modules/commitments/index.js'
import { organisationsWithLegalRepresentative } from '../../modules/entities/index.js'
import { breachCommitment, fileCommitment, fulfilCommitment } from '../commitments/index.js'
import type { DemoStep } from './demo.types.js'
import { DEMO_LAST_DATE } from './demo-entities.js'

const MAX_COMMITMENTS = 400
const DAY = 86_400_000

interface Matter {
  type: 'notify_commit' | 'tolerate_missing' | 'voluntary' | 'industry'
  dept: string
  abbr: string
  matter: string
  content: string
  /** Days to fulfil (tolerate_missing: the materials' due date). */
  dueDays?: number
}

const MATTERS: Matter[] = [
  {
    type: 'notify_commit',
    dept: 'tj-scjg',
    abbr: '市监',
    matter: '食品经营许可（告知承诺制）',
    content: '本单位承诺已具备食品经营许可条件，所提交材料真实有效，愿意承担不实承诺的法律责任。',
  },
  {
    type: 'notify_commit',
    dept: 'tj-zwb',
    abbr: '政务',
    matter: '公共场所卫生许可（告知承诺制）',
    content: '本单位承诺经营场所符合卫生规范要求，并于许可后 30 日内接受现场核查。',
  },
  {
    type: 'tolerate_missing',
    dept: 'tj-zwb',
    abbr: '政务',
    matter: '建筑工程施工许可（容缺受理）',
    content: '本单位承诺在期限内补齐消防设计审查意见，逾期未补齐的，自愿承担撤销许可等后果。',
    dueDays: 30,
  },
  {
    type: 'notify_commit',
    dept: 'tj-czj',
    abbr: '财',
    matter: '中小企业发展专项资金申报（信用承诺）',
    content: '本单位承诺申报材料真实完整，资金专款专用，自愿接受绩效评价和监督检查。',
  },
  {
    type: 'voluntary',
    dept: 'tj-fgw',
    abbr: '发改',
    matter: '主动公开信用承诺',
    content: '本单位承诺依法诚信经营，按时足额缴纳税费，不拖欠农民工工资，自觉接受社会监督。',
  },
  {
    type: 'industry',
    dept: 'tj-scjg',
    abbr: '市监',
    matter: '行业自律承诺（商贸流通）',
    content: '本单位承诺遵守行业自律公约，明码标价，不销售假冒伪劣商品。',
  },
]

/** A consumer department acting on its applicants' behalf (what the console's 信用承诺 page does). */
function departmentPrincipal(dept: string): Principal {
  return {
    kind: 'api_key',
    id: null,
    role: 'consumer',
    dept,
    district: null,
    entityId: null,
    permissions: permissionsOf('consumer'),
  }
}

export const commitmentsStep: DemoStep = {
  name: 'commitments',
  async run(ctx, state) {
    // commitments make records: a city built without records gets none
    if (state.recordsPerEntity === 0) return
    const want = Math.min(MAX_COMMITMENTS, Math.max(5, Math.round(state.counts.entities / 50)))
    const known = new Set(state.departments.map((d) => d.code))
    const matters = MATTERS.filter((m) => known.has(m.dept))
    if (matters.length === 0) return
    // companies with a legal representative (the published record names one), spread over the code order
    const pool = await organisationsWithLegalRepresentative(ctx.db, want * 20)
    if (pool.length === 0) return
    const rng = state.stream('commitments')
    // dates come from the seed, not the clock: the half year before the demo's last day (or before today, if earlier)
    const clockDay = civilDate(ctx.clock.now())
    const last = clockDay < DEMO_LAST_DATE ? clockDay : DEMO_LAST_DATE
    const today = Date.parse(`${last}T10:00:00+08:00`)
    const step = Math.max(1, Math.floor(pool.length / want))
    for (let i = 0; i < want && i * step < pool.length; i++) {
      const subject = pool[i * step] as { id: string; uscc: string }
      const m = matters[Math.floor(rng.next() * matters.length)] as Matter
      const filedAt = today - (10 + Math.floor(rng.next() * 170)) * DAY
      const filedOn = civilDate(new Date(filedAt))
      const principal = departmentPrincipal(m.dept)
      const actor = { ...state.actor, dept: m.dept }
      const at = (t: number): Ctx => ({ ...ctx, clock: fixedClock(new Date(Math.min(t, today))) })
      const due = m.dueDays ? civilDate(new Date(filedAt + m.dueDays * DAY)) : undefined
      const filed = await fileCommitment(at(filedAt), principal, actor, {
        subject: { uscc: subject.uscc },
        type: m.type,
        matter: m.matter,
        content: m.content,
        ...(due ? { dueOn: due } : {}),
        number: `津${m.abbr}承诺〔${filedOn.slice(0, 4)}〕${String(i + 1).padStart(4, '0')}号`,
      })
      // what became of it: most kept, some broken, some still open (a few of those overdue)
      const fate = rng.next()
      const decidedAt = filedAt + (5 + Math.floor(rng.next() * 40)) * DAY
      if (decidedAt >= today || fate >= 0.9) continue
      if (fate < 0.78)
        await fulfilCommitment(at(decidedAt), principal, actor, filed.id, {
          fulfilledOn: civilDate(new Date(decidedAt)),
          note: m.type === 'tolerate_missing' ? '已按期补齐材料' : '经核查，承诺内容属实',
        })
      else
        await breachCommitment(at(decidedAt), principal, actor, filed.id, {
          breachTypes: [m.type === 'tolerate_missing' ? '逾期未补齐材料' : '承诺内容与实际情况不符'],
          facts:
            m.type === 'tolerate_missing'
              ? '申请人未在承诺期限内补齐消防设计审查意见，经书面催告仍未补齐。'
              : '经现场核查，申请人实际情况与承诺内容不符。',
          documentNo: `津${m.abbr}认〔${filedOn.slice(0, 4)}〕${String(i + 1).padStart(4, '0')}号`,
          decidedOn: civilDate(new Date(decidedAt)),
        })
      state.progress('commitments', i + 1, want)
    }
    // the records the commitments made: published commitments and breach records
    const made = await commitmentRecordCounts(ctx.db)
    state.counts.records += made.published + made.breaches
  },
}
