// The demo city's objections (异议): a few cases on negative records of companies, through the objections flow, so
// that the console's queue and the portal show every state - filed, accepted (the record marked 「异议处理中」),
// with the providing department, one overdue, and decided ones (upheld, revoked), one not accepted, one withdrawn.
// Filed at the window (窗口代录) by the credit office; the demo's subject account keeps its records free of them, so
// that it can object itself. Deterministic for a seed (companies in generation order).
import type { Ctx } from '../../core/context.js'
import { fixedClock } from '../../core/clock.js'
import { type Principal, permissionsOf } from '../../modules/access/index.js'
import { recordsOfEntity } from '../../modules/records/index.js'
import {
  acceptObjection,
  decideObjection,
  forwardObjection,
  rejectObjection,
  submitObjection,
  withdrawObjection,
} from '../objections/index.js'
import type { DemoStep } from './demo.types.js'

const DAY = 86_400_000

function principal(role: 'operator' | 'provider', dept: string | null): Principal {
  return { kind: 'user', id: null, role, dept, district: null, entityId: null, permissions: permissionsOf(role) }
}

type Fate = 'submitted' | 'accepted' | 'verifying' | 'overdue' | 'upheld' | 'revoked' | 'not_accepted' | 'withdrawn'
const FATES: Fate[] = [
  'submitted',
  'accepted',
  'verifying',
  'overdue',
  'upheld',
  'revoked',
  'not_accepted',
  'withdrawn',
]

const REASONS = [
  '处罚决定已被复议机关撤销，相关信息不应继续公示，请予核实。',
  '罚款金额记载有误，实际罚款为人民币贰仟元，请核实更正。',
  '该案已全部履行完毕，法院已出具结案证明，请核实。',
  '公示的违法事实与处罚决定书不一致，请与决定书核对。',
]

export const objectionsStep: DemoStep = {
  name: 'objections',
  async run(ctx, state) {
    if (state.recordsPerEntity === 0) return
    const companies = (state.samples.legal_person ?? []).filter((id) => id !== state.subjectEntityId)
    const picked: { id: string; provider: string; decidedOn: string | null }[] = []
    for (const entityId of companies) {
      if (picked.length >= FATES.length) break
      const r = (await recordsOfEntity(ctx.db, entityId)).find((x) => x.state === 'active' && x.polarity === 'negative')
      if (r) picked.push({ id: r.id, provider: r.provider_dept, decidedOn: r.decided_on })
    }
    const now = ctx.clock.now().getTime()
    const office = principal('operator', null)
    const actor = { ...state.actor }
    for (const [i, rec] of picked.entries()) {
      const fate = FATES[i] as Fate
      // the open ones recently, the overdue one three weeks ago, the decided ones a month or two ago
      // ... but never before the day after the record's decision (a correction or revocation dated before the
      // decision itself would be refused by the pipeline)
      const wanted =
        now - (fate === 'overdue' ? 21 : ['submitted', 'accepted', 'verifying'].includes(fate) ? i : 30 + 10 * i) * DAY
      const start = rec.decidedOn ? Math.max(wanted, Date.parse(`${rec.decidedOn}T12:00:00+08:00`) + DAY) : wanted
      const at = (days: number): Ctx => ({ ...ctx, clock: fixedClock(new Date(Math.min(start + days * DAY, now))) })
      const filed = await submitObjection(at(0), office, actor, {
        recordId: rec.id,
        reason: REASONS[i % REASONS.length] as string,
        contact: `联系人 王经理 022-2345${String(6700 + i)}`,
      })
      if (fate === 'submitted') continue
      if (fate === 'not_accepted') {
        await rejectObjection(at(1), office, actor, filed.id, {
          version: filed.version,
          reason: '异议理由与所公示信息无关，且未提供任何证明材料，不予受理。',
        })
        continue
      }
      const accepted = await acceptObjection(at(1), office, actor, filed.id, { version: filed.version })
      if (fate === 'accepted') continue
      if (fate === 'withdrawn') {
        await withdrawObjection(at(2), office, actor, filed.id, {
          version: accepted.version,
          reason: '主体已与处罚机关沟通，申请撤回异议。',
        })
        continue
      }
      const forwarded = await forwardObjection(at(2), office, actor, filed.id, { version: accepted.version })
      if (fate === 'verifying' || fate === 'overdue') continue
      const provider = principal('provider', rec.provider)
      await decideObjection(at(9), provider, { ...actor, dept: rec.provider }, filed.id, {
        version: forwarded.version,
        outcome: fate === 'upheld' ? 'upheld' : 'revoked',
        reason:
          fate === 'upheld'
            ? '经核对决定书原件，公示信息准确无误，维持原记录。'
            : '经核实，原决定已被依法撤销，撤销该条信用记录。',
      })
      state.progress('objections', i + 1, picked.length)
    }
  },
}
