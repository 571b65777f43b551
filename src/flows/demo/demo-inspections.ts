// Demo step "inspections": one completed 双随机、一公开 plan of the market regulator (市市场监管委) - an inspector pool
// over several district offices with one declared conflict, a plan over the district of the first demo company
// (every industry, the general supervision policy), frozen, drawn and its results recorded and published as
// 行政检查结果信息 records through the collection pipeline (inspected on the demo's last day, as the other records end
// there). One district keeps the step small at any city size. The
// seed comes from the demo's seed (a real plan's seed is drawn from the system's random source at the freeze), so
// the demo city is the same for a seed; the draw is verifiable like any other (`gongxin inspections verify-draw`).
import { civilDate } from '../../core/clock.js'
import { getEntity } from '../../modules/entities/index.js'
import { createInspector, createPlan, declareConflict, drawPlan, freezePlan } from '../../modules/inspections/index.js'
import { recordResults } from '../inspections/index.js'
import type { DemoStep } from './demo.types.js'
import { DEMO_LAST_DATE } from './demo-entities.js'

const DEPT = 'tj-scjg'
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙']
const GIVEN = ['建国', '海燕', '志强', '丽华', '明', '静', '伟', '秀英', '磊', '洋', '婷', '军']

export const inspectionsStep: DemoStep = {
  name: 'inspections',
  async run(ctx, state) {
    // results are records: a city built without records gets no plan either
    if (state.recordsPerEntity === 0 || !state.departments.some((d) => d.code === DEPT)) return
    // the first company in business with a district: the plan covers its district
    let company: Awaited<ReturnType<typeof getEntity>> | undefined
    for (const id of state.samples.legal_person ?? []) {
      const e = await getEntity(ctx.db, id)
      if (e.status === 'active' && e.district) {
        company = e
        break
      }
    }
    if (!company?.district) return
    const rng = state.stream('inspections')
    const actor = { ...state.actor, dept: DEPT }
    // twelve inspectors: two in the plan's district (never drawn for its companies), the others around the city
    const others = state.districts.map((d) => d.code).filter((c) => c !== company.district)
    const offices = [company.district, company.district, ...others.slice(0, 10)]
    const inspectors = []
    for (const [i, district] of offices.entries())
      inspectors.push(
        await createInspector(ctx, actor, {
          name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}`,
          badgeNo: `JC-12-${String(i + 1).padStart(4, '0')}`,
          district: district as string,
        }),
      )
    // a declared conflict: the third inspector's former employer
    const conflicted = inspectors[2]
    if (conflicted)
      await declareConflict(ctx, actor, conflicted.id, {
        entityId: company.id,
        reason: '该执法人员曾在该企业任职，依法回避',
      })
    // inspected on the demo's last day (or today, if earlier), like the other records of the demo
    const clockDay = civilDate(ctx.clock.now())
    const today = [clockDay, DEMO_LAST_DATE].sort()[0] as string
    const plan = await createPlan(ctx, actor, {
      name: `${today.slice(0, 4)} 年${state.districts.find((d) => d.code === company.district)?.name ?? ''}企业信用分级分类双随机抽查`,
      matter: '企业公示信息、登记事项和经营行为',
      districts: [company.district],
      period: { from: `${today.slice(0, 8)}01`, to: today },
      policy: 'general',
    })
    const seed = Array.from({ length: 32 }, () =>
      Math.floor(rng.next() * 256)
        .toString(16)
        .padStart(2, '0'),
    ).join('')
    await freezePlan(ctx, actor, plan.id, { seed })
    const drawn = await drawPlan(ctx, actor, plan.id)
    // most inspected companies are in order; some are told to correct what they found
    const items = drawn.items.map((t) => {
      const x = rng.next()
      return x < 0.8
        ? { entityId: t.entityId, result: '未发现问题', inspectedOn: today }
        : x < 0.95
          ? {
              entityId: t.entityId,
              result: '发现问题已责令改正',
              detail: '企业年度报告公示的经营场所与实际不符，已责令限期改正。',
              inspectedOn: today,
            }
          : {
              entityId: t.entityId,
              result: '通过登记的住所（经营场所）无法联系',
              detail: '按登记住所现场核查未找到该企业，已依法告知。',
              inspectedOn: today,
            }
    })
    for (let i = 0; i < items.length; i += 500) {
      await recordResults(ctx, actor, plan.id, items.slice(i, i + 500))
      state.progress('inspections', Math.min(i + 500, items.length), items.length)
    }
    state.counts.records += items.length
  },
}
