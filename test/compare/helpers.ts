// Set-up shared by the comparison tests: an app with the upload plugin and the comparison and check routes, the
// subjects of every outcome, and helpers to upload a list, wait for its comparison and read its workbook.
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { type ComparisonRuns, compareRoutes } from '../../src/flows/compare/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { installErrorHandler } from '../../src/http/error-handler.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { installUploads } from '../../src/http/uploads.js'
import { createRng, generateResidentId } from '../../src/identifiers/index.js'
import { checkRoutes } from '../../src/modules/checks/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import ExcelJS from '../../src/modules/ingest/parse/exceljs.js'
import { admin, companyUscc, ingestDefaulter, ingestPenalties } from '../lists/helpers.js'
import type { TestContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'

export { admin, bearer, companyUscc, entityIdOf, seedDepts } from '../lists/helpers.js'

const rng = createRng(20260917)

export async function compareApp(ctx: TestContext, runs?: ComparisonRuns): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await installUploads(app, ctx.config)
  installErrorHandler(app)
  await app.register(authPlugin, { ctx })
  await checkRoutes(app, ctx)
  await compareRoutes(app, ctx, runs ? { runs } : {})
  await app.ready()
  return app
}

export type Company = { name: string; uscc: string }

/** A serious 行政处罚 (吊销许可证件). */
export const SERIOUS = { CF_CFLB: '吊销许可证件', CF_NR: '吊销食品经营许可证。', CF_NR_FK: '' }

async function ingestTaxA(ctx: TestContext, c: Company): Promise<void> {
  const values = {
    subject_name: c.name,
    uscc: c.uscc,
    rating_year: '2025',
    grade: 'A',
    decision_date: '2026-04-15',
    authority_name: '国家税务总局天津市税务局',
  }
  const r = await runIngest(ctx, admin, {
    classCode: 'tax_a_grade',
    dept: 'tj-sw',
    channel: 'api',
    headers: Object.keys(values),
    rows: [{ rowNo: 2, values }],
  })
  if (r.accepted !== 1) throw new Error(`tax_a_grade not accepted: ${JSON.stringify(r)}`)
}

async function personDefaulter(ctx: TestContext, idNumber: string, name: string, caseNo: string) {
  const values = {
    case_no: caseNo,
    subject_name: name,
    subject_category: '自然人',
    id_number: idNumber,
    court: '天津市第一中级人民法院',
    basis_doc_no: '（2025）津01民初9号',
    basis_issuer: '天津市第一中级人民法院',
    obligation: '支付人民币5万元',
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
  if (r.accepted !== 1) throw new Error(`not accepted: ${JSON.stringify(r)}`)
}

/** The subjects of a comparison's every outcome. */
export interface Subjects {
  black: Company
  red: Company
  serious: Company
  clean: Company
  /** Two organisations of one name (a name-only row is ambiguous). */
  twinName: string
  twins: [Company, Company]
  person: { name: string; idNumber: string }
  unknownUscc: string
}

export async function seedSubjects(ctx: TestContext): Promise<Subjects> {
  const s: Subjects = {
    black: { name: '天津市比对测试失信建材有限公司', uscc: companyUscc() },
    red: { name: '天津市比对测试守信科技有限公司', uscc: companyUscc() },
    serious: { name: '天津市比对测试严重违法餐饮有限公司', uscc: companyUscc() },
    clean: { name: '天津市比对测试无记录商贸有限公司', uscc: companyUscc() },
    twinName: '天津市比对同名贸易有限公司',
    twins: [
      { name: '天津市比对同名贸易有限公司', uscc: companyUscc() },
      { name: '天津市比对同名贸易有限公司', uscc: companyUscc() },
    ],
    person: {
      name: '赵比对',
      idNumber: generateResidentId(rng, { region: '120101', birthDate: '1979-04-12', sex: 'male' }),
    },
    unknownUscc: companyUscc(),
  }
  await ingestDefaulter(ctx, s.black, '（2026）津01执71号', '2026-05-20')
  await ingestTaxA(ctx, s.red)
  await ingestPenalties(ctx, s.serious, ['2026-05-20'], SERIOUS)
  await createEntity(ctx, admin, { kind: 'legal_person', name: s.clean.name, uscc: s.clean.uscc })
  for (const [i, t] of s.twins.entries())
    await createEntity(ctx, admin, {
      kind: 'legal_person',
      name: t.name,
      uscc: t.uscc,
      district: i === 0 ? '120101' : '120102',
    })
  await personDefaulter(ctx, s.person.idNumber, s.person.name, '（2026）津01执72号')
  return s
}

export const masked = (id: string): string => `${id.slice(0, 4)}**********${id.slice(-4)}`

/** Posts a list to POST /api/v1/compare. */
export function uploadList(
  app: FastifyInstance,
  headers: Record<string, string>,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer | string },
) {
  const body = multipart(fields, file)
  return app.inject({
    method: 'POST',
    url: '/api/v1/compare',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  })
}

/** Polls GET /api/v1/compare/:id until the comparison is done or failed; answers its last state. */
export async function waitForComparison(
  app: FastifyInstance,
  headers: Record<string, string>,
  id: string,
  timeoutMs = 30_000,
): Promise<Record<string, unknown> & { status: string }> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const r = await app.inject({ method: 'GET', url: `/api/v1/compare/${id}`, headers })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    if (body.status === 'done' || body.status === 'failed') return body
    if (Date.now() > until) throw new Error(`comparison ${id} not done: ${r.body}`)
    await new Promise((res) => setTimeout(res, 20))
  }
}

/** Every sheet of a workbook: name -> rows (cell values). */
export async function workbookSheets(buf: Buffer): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as unknown as ArrayBuffer)
  const out = new Map<string, unknown[][]>()
  wb.eachSheet((ws) => {
    const rows: unknown[][] = []
    ws.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1))
    })
    out.set(ws.name, rows)
  })
  return out
}
