import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import { systemActor } from '../../src/core/actor.js'
import { listFlowRoutes } from '../../src/flows/lists/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { installErrorHandler } from '../../src/http/error-handler.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { checkRoutes } from '../../src/modules/checks/index.js'
import { resolveEntity } from '../../src/modules/entities/index.js'
import { listRoutes } from '../../src/modules/lists/index.js'
import { measureRoutes } from '../../src/modules/measures/index.js'
import { publicRoutes } from '../../src/modules/public/index.js'
import { recordRoutes } from '../../src/modules/records/records.routes.js'
import { penaltyRow, rowsOf } from '../ingest/helpers.js'
import type { TestContext } from '../support/context.js'

export const admin = systemActor('test-admin')
const rng = createRng(20260701)
export const companyUscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })
const deptUscc = () => generateUscc(rng, { dept: '1', category: '1', region: '120000' })

export const DEPTS: Record<string, string> = {
  'tj-fgw': '天津市发展和改革委员会',
  'tj-scjg': '天津市市场监督管理委员会',
  'tj-fy': '天津市高级人民法院',
  'tj-sw': '国家税务总局天津市税务局',
  'tj-czj': '天津市财政局',
}

export async function seedDepts(ctx: TestContext): Promise<void> {
  for (const [code, name] of Object.entries(DEPTS))
    await addDepartment(ctx, admin, { code, name, uscc: deptUscc(), district: '120000' })
}

export async function bearer(ctx: TestContext, role: string, dept?: string): Promise<Record<string, string>> {
  const { key } = await createApiKey(ctx, admin, { role, ...(dept ? { dept } : {}), name: `${role}-${dept ?? 'none'}` })
  return { authorization: `Bearer ${key}` }
}

export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  installErrorHandler(app)
  await app.register(authPlugin, { ctx })
  await recordRoutes(app, ctx)
  await publicRoutes(app, ctx, { statsCacheMs: 0, entityFileCacheMs: 0 })
  await measureRoutes(app, ctx)
  await checkRoutes(app, ctx)
  await listRoutes(app, ctx)
  await listFlowRoutes(app, ctx)
  await app.ready()
  return app
}

/** General 行政处罚 records (罚款 2 万元) of one company, one per decision date, through the pipeline. */
export async function ingestPenalties(
  ctx: TestContext,
  company: { name: string; uscc: string },
  dates: string[],
  over: Record<string, string> = {},
): Promise<void> {
  const r = await runIngest(ctx, admin, {
    classCode: 'admin_penalty',
    dept: 'tj-scjg',
    channel: 'api',
    ...rowsOf(
      dates.map((d, i) =>
        penaltyRow({
          CF_XDR_MC: company.name,
          CF_XDR_SHXYM: company.uscc,
          CF_WSH: `津市监罚〔${d.slice(0, 4)}〕${company.uscc.slice(10, 16)}-${i + 1}号`,
          CF_JDRQ: d,
          ...over,
        }),
      ),
    ),
  })
  if (r.accepted !== dates.length) throw new Error(`penalties not accepted: ${JSON.stringify(r)}`)
}

/** A 失信被执行人 (black list) entry. */
export async function ingestDefaulter(
  ctx: TestContext,
  company: { name: string; uscc: string },
  caseNo: string,
  publishedOn: string,
  over: Record<string, string> = {},
) {
  const r = await runIngest(ctx, admin, {
    classCode: 'court_defaulter',
    dept: 'tj-fy',
    channel: 'api',
    ...rowsOf([
      {
        case_no: caseNo,
        subject_name: company.name,
        subject_category: '法人及非法人组织',
        uscc: company.uscc,
        legal_rep: '张三',
        court: '天津市第一中级人民法院',
        basis_doc_no: '（2025）津01民初1号',
        basis_issuer: '天津市第一中级人民法院',
        obligation: '支付货款人民币10万元',
        performance: '全部未履行',
        conduct: '有履行能力而拒不履行生效法律文书确定义务',
        filed_on: '2026-01-10',
        published_on: publishedOn,
        ...over,
      },
    ]),
  })
  if (r.accepted !== 1) throw new Error(`court_defaulter not accepted: ${JSON.stringify(r)}`)
  return r
}

export async function entityIdOf(ctx: TestContext, uscc: string): Promise<string> {
  const e = await resolveEntity(ctx.db, ctx.keys, { uscc })
  if (e.status !== 'matched') throw new Error(`${uscc} not resolved`)
  return e.entityId
}

/** The rule as the API takes it, with overrides. */
export function ruleWith(over: Record<string, unknown>): Record<string, unknown> {
  return {
    enabled: true,
    generalRecords: 3,
    withinMonths: 6,
    classes: [],
    focusMonths: 12,
    department: 'tj-fgw',
    basis: [
      '《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）',
      '《天津市社会信用条例》',
    ],
    ...over,
  }
}
