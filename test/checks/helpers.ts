import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import { runIngest } from '../../src/flows/ingest/index.js'
import { installErrorHandler } from '../../src/http/error-handler.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { checkRoutes } from '../../src/modules/checks/index.js'
import { measureRoutes } from '../../src/modules/measures/index.js'
import type { TestContext } from '../support/context.js'
import { admin, bearerKey, seedDepartments } from '../support/people.js'

export { admin }
const rng = createRng(20260605)
export const companyUscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })

export const DEPTS = ['tj-fy', 'tj-sw', 'tj-czj', 'tj-jtw'] as const

export const seedDepts = (ctx: TestContext): Promise<void> => seedDepartments(ctx, DEPTS, rng)

export const bearer = (ctx: TestContext, role: string, dept?: string) => bearerKey(ctx, role, dept)

export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  installErrorHandler(app)
  await app.register(authPlugin, { ctx })
  await measureRoutes(app, ctx)
  await checkRoutes(app, ctx)
  await app.ready()
  return app
}

function rows(list: Record<string, string>[]) {
  const headers = [...new Set(list.flatMap((r) => Object.keys(r)))]
  return { headers, rows: list.map((values, i) => ({ rowNo: i + 2, values })) }
}

/** A 失信被执行人 list entry (court_defaulter) for a company, through the collection pipeline. */
export async function ingestCourtDefaulter(
  ctx: TestContext,
  uscc: string,
  name: string,
  caseNo: string,
  publishedOn = '2026-05-20',
) {
  const r = await runIngest(ctx, admin, {
    classCode: 'court_defaulter',
    dept: 'tj-fy',
    channel: 'api',
    ...rows([
      {
        case_no: caseNo,
        subject_name: name,
        subject_category: '法人及非法人组织',
        uscc,
        legal_rep: '张三',
        court: '天津市第一中级人民法院',
        basis_doc_no: '（2025）津01民初1号',
        basis_issuer: '天津市第一中级人民法院',
        obligation: '支付货款人民币10万元',
        performance: '全部未履行',
        conduct: '有履行能力而拒不履行生效法律文书确定义务',
        filed_on: '2026-01-10',
        published_on: publishedOn,
      },
    ]),
  })
  if (r.accepted !== 1) throw new Error(`court_defaulter not accepted: ${JSON.stringify(r)}`)
  return r
}

/** A 纳税信用A级 red-list entry (tax_a_grade). */
export async function ingestTaxA(ctx: TestContext, uscc: string, name: string) {
  const r = await runIngest(ctx, admin, {
    classCode: 'tax_a_grade',
    dept: 'tj-sw',
    channel: 'api',
    ...rows([
      {
        subject_name: name,
        uscc,
        rating_year: '2025',
        grade: 'A',
        decision_date: '2026-04-15',
        authority_name: '国家税务总局天津市税务局',
      },
    ]),
  })
  if (r.accepted !== 1) throw new Error(`tax_a_grade not accepted: ${JSON.stringify(r)}`)
  return r
}
