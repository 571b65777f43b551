import type { FastifyInstance } from 'fastify'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { resolveEntity } from '../../src/modules/entities/index.js'
import { recordsOfEntity } from '../../src/modules/records/index.js'
import type { TestContext } from '../support/context.js'
import { admin, bearerKey, loginAs, PASSWORD, seedDepartments, subjectAccount } from '../support/people.js'

export { admin, PASSWORD }
const rng = createRng(20261206)
export const companyUscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })

/** tj-fy provides court defaulters; tj-sw is another provider; tj-czj runs checks. */
export const DEPTS = ['tj-fy', 'tj-sw', 'tj-czj'] as const

export const seedDepts = (ctx: TestContext): Promise<void> => seedDepartments(ctx, DEPTS, rng)

export const bearer = (ctx: TestContext, role: string, dept?: string) => bearerKey(ctx, role, dept)

export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { web: false })
  await app.ready()
  return app
}

/** A subject account bound to the entity, logged in: cookie and CSRF headers. */
export const subjectLogin = (ctx: TestContext, app: FastifyInstance, username: string, entityId: string) =>
  subjectAccount(ctx, app, username, entityId)

export const login = (app: FastifyInstance, username: string) => loginAs(app, username)

/** A 失信被执行人 entry (court_defaulter, provided by tj-fy) through the pipeline; answers the record id. */
export async function courtDefaulter(
  ctx: TestContext,
  uscc: string,
  name: string,
  caseNo: string,
): Promise<{ recordId: string; entityId: string }> {
  const values: Record<string, string> = {
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
    published_on: '2026-05-20',
  }
  const r = await runIngest(ctx, admin, {
    classCode: 'court_defaulter',
    dept: 'tj-fy',
    channel: 'api',
    headers: Object.keys(values),
    rows: [{ rowNo: 2, values }],
  })
  if (r.accepted !== 1) throw new Error(`court_defaulter not accepted: ${JSON.stringify(r)}`)
  const e = await resolveEntity(ctx.db, ctx.keys, { uscc })
  if (e.status !== 'matched') throw new Error('entity not resolved')
  const rec = (await recordsOfEntity(ctx.db, e.entityId)).find((x) => x.batch_id === r.batchId)
  if (!rec) throw new Error('record not found')
  return { recordId: rec.id, entityId: e.entityId }
}
