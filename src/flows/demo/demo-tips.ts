// The demo city's tips (有奖举报): a dozen tips filed by the public in the weeks before the demo's last day, in every
// state of the machine - waiting to be routed, with a department, transferred, verified, unfounded and rewarded -
// through the tips module's own commands (numbers, clocks, history and audit exactly as in use). Deterministic for a
// seed; only when the city has the departments the routing table names.
import type { Ctx } from '../../core/context.js'
import { civilDate, fixedClock } from '../../core/clock.js'
import { type Principal, permissionsOf } from '../../modules/access/index.js'
import { organisationsWithLegalRepresentative } from '../../modules/entities/index.js'
import { decideTip, getRouting, rewardTip, routeTip, submitTip, transferTip } from '../../modules/tips/index.js'
import type { DemoStep } from './demo.types.js'
import { DEMO_LAST_DATE } from './demo-entities.js'

const DAY = 86_400_000

type Fate = 'submitted' | 'routed' | 'transferred' | 'verified' | 'unfounded' | 'rewarded'

interface DemoTip {
  fate: Fate
  category: string
  content: string
  /** Days before the demo's last day the tip was filed. */
  daysAgo: number
  contact?: { name: string; phone: string }
  /** Where a transferred tip goes. */
  transferTo?: string
}

const TIPS: DemoTip[] = [
  {
    fate: 'submitted',
    category: 'food',
    daysAgo: 2,
    content: '该超市冷柜中有多批次过期酸奶仍在销售，生产日期标签被覆盖重贴。',
  },
  {
    fate: 'submitted',
    category: 'wages',
    daysAgo: 12,
    content: '该公司拖欠 20 余名装修工人 3 个月工资，多次讨要未果。',
    contact: { name: '王师傅', phone: '13820000001' },
  },
  {
    fate: 'routed',
    category: 'environment',
    daysAgo: 9,
    content: '该厂夜间通过雨水管直排生产废水，附近河道发黑发臭。',
  },
  {
    fate: 'routed',
    category: 'tax',
    daysAgo: 70,
    content: '该公司销售商品长期不开发票，要求顾客转账到个人账户。',
    contact: { name: '李女士', phone: '13820000002' },
  },
  {
    fate: 'transferred',
    category: 'market',
    daysAgo: 20,
    transferTo: 'tj-ypjg',
    content: '该店铺在网络平台销售无批准文号的“保健药品”，宣称可治疗糖尿病。',
  },
  {
    fate: 'verified',
    category: 'construction',
    daysAgo: 45,
    content: '该项目未取得施工许可即开工建设，并使用无资质的劳务队伍。',
  },
  { fate: 'unfounded', category: 'transport', daysAgo: 40, content: '该运输公司车辆长期超载运输，司机疲劳驾驶。' },
  {
    fate: 'rewarded',
    category: 'food',
    daysAgo: 60,
    content: '该餐饮店使用过期食材并伪造进货票据，后厨卫生条件极差。',
    contact: { name: '赵先生', phone: '13820000003' },
  },
]

function principal(role: 'operator' | 'provider', dept: string | null): Principal {
  return { kind: 'api_key', id: null, role, dept, district: null, entityId: null, permissions: permissionsOf(role) }
}

export const tipsStep: DemoStep = {
  name: 'tips',
  async run(ctx, state) {
    const known = new Set(state.departments.map((d) => d.code))
    const routing = (await getRouting(ctx.db)).routing
    const deptOf = (category: string) => routing.categories.find((c) => c.code === category)?.dept ?? null
    const tips = TIPS.filter((t) => {
      const d = deptOf(t.category)
      return d !== null && known.has(d) && (t.transferTo === undefined || known.has(t.transferTo))
    })
    if (tips.length === 0) return
    const pool = await organisationsWithLegalRepresentative(ctx.db, 200)
    const rng = state.stream('tips')
    // dates come from the seed, not the clock: the weeks before the demo's last day (or before today, if earlier)
    const clockDay = civilDate(ctx.clock.now())
    const lastDay = [clockDay, DEMO_LAST_DATE].sort()[0] as string
    const last = Date.parse(`${lastDay}T10:00:00+08:00`)
    const at = (t: number): Ctx => ({ ...ctx, clock: fixedClock(new Date(Math.min(t, last))) })
    const office = principal('operator', null)
    const officeActor = { ...state.actor }
    let n = 0
    for (const t of tips) {
      const filedAt = last - t.daysAgo * DAY
      const subject = pool.length ? pool[Math.floor(rng.next() * pool.length)] : undefined
      const filed = await submitTip(
        at(filedAt),
        { kind: 'public', id: null, role: 'public', dept: null, requestId: state.runId },
        {
          category: t.category,
          content: t.content,
          ...(subject ? { entityUscc: subject.uscc } : {}),
          ...(t.contact ? { contact: t.contact, wantsReward: true } : {}),
        },
      )
      n += 1
      state.progress('tips', n, tips.length)
      if (t.fate === 'submitted') continue
      const id = filed.id
      const dept = deptOf(t.category) as string
      const routedAt = filedAt + 2 * DAY
      await routeTip(at(routedAt), office, officeActor, id, { dept, note: '按分办表转交主管部门' })
      if (t.fate === 'routed') continue
      const handler = dept
      const actorOf = (d: string) => ({ ...state.actor, role: 'provider', dept: d })
      if (t.fate === 'transferred') {
        await transferTip(at(routedAt + 3 * DAY), principal('provider', dept), actorOf(dept), id, {
          dept: t.transferTo as string,
          reason: '所涉产品属药品，由药品监管部门办理',
        })
        continue
      }
      const decidedAt = routedAt + (10 + Math.floor(rng.next() * 10)) * DAY
      const verified = t.fate !== 'unfounded'
      await decideTip(
        at(decidedAt),
        principal('provider', handler),
        actorOf(handler),
        id,
        verified ? 'verified' : 'unfounded',
        {
          note: verified ? '经现场检查，举报情况属实，已依法立案查处。' : '经现场核查，未发现举报所称问题。',
        },
      )
      if (t.fate === 'rewarded')
        await rewardTip(at(decidedAt + 7 * DAY), principal('provider', handler), actorOf(handler), id, {
          amount: '2000.00',
          paidOn: civilDate(new Date(decidedAt + 7 * DAY)),
          note: '按举报奖励办法一次性奖励',
        })
    }
  },
}
