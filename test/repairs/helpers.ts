import type { FastifyInstance } from 'fastify'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { recordsOfEntity } from '../../src/modules/records/index.js'
import { penaltyRow, rowsOf } from '../ingest/helpers.js'
import { entityIdOf, ingestDefaulter } from '../lists/helpers.js'
import type { TestContext } from '../support/context.js'
import { admin, bearerKey, PASSWORD, seedDepartments, subjectAccount } from '../support/people.js'

export { admin, entityIdOf, ingestDefaulter, PASSWORD }
const rng = createRng(20261206)
export const companyUscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })

export const DEPTS: Record<string, string> = {
  'tj-scjg': '天津市市场监督管理委员会',
  'tj-fy': '天津市高级人民法院',
  'tj-czj': '天津市财政局',
  'tj-sw': '国家税务总局天津市税务局',
}

export const seedDepts = (ctx: TestContext): Promise<void> => seedDepartments(ctx, DEPTS, rng)

export const bearer = (ctx: TestContext, role: string, dept?: string) => bearerKey(ctx, role, dept, 'x')

/** The whole app (every route), as the server runs it. */
export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { web: false })
  await app.ready()
  return app
}

/** A subject account bound to the entity, logged in: cookie and CSRF headers. */
export const subjectLogin = (ctx: TestContext, app: FastifyInstance, username: string, entityId: string) =>
  subjectAccount(ctx, app, username, entityId, '10.7.7.8')

/**
 * One 行政处罚 record of the company (tj-scjg), decided on `decidedOn`, with the given severity (an override with
 * its reason when not the class's default for a 2 万元 fine, which is general). Answers the record id.
 */
export async function penalty(
  ctx: TestContext,
  company: { name: string; uscc: string },
  docNo: string,
  decidedOn: string,
  severity: 'minor' | 'general' | 'serious' = 'general',
): Promise<string> {
  const over: Record<string, string> = {
    CF_XDR_MC: company.name,
    CF_XDR_SHXYM: company.uscc,
    CF_WSH: docNo,
    CF_JDRQ: decidedOn,
  }
  if (severity !== 'general') Object.assign(over, { _severity: severity, _reason: '按裁量基准调整严重程度' })
  const r = await runIngest(ctx, admin, {
    classCode: 'admin_penalty',
    dept: 'tj-scjg',
    channel: 'api',
    ...rowsOf([penaltyRow(over)]),
  })
  if (r.accepted !== 1) throw new Error(`penalty not accepted: ${JSON.stringify(r)}`)
  const entityId = await entityIdOf(ctx, company.uscc)
  const rec = (await recordsOfEntity(ctx.db, entityId)).find((x) => x.document_no === docNo)
  if (!rec) throw new Error(`record ${docNo} not found`)
  return rec.id
}

export const STATEMENT = '已于2026年6月全额缴纳罚款并完成整改，现申请信用修复。'
export const COMMITMENT = '本单位承诺所提交材料真实有效，今后严格守法经营，如有违反愿承担相应责任。'
