// The city of the report tests: the disclosure fixture (a company with public penalties and a court defaulter entry,
// a shop, persons) plus a criminal judgment and a government-shared contract record of the company, a consumer
// department, and accounts of every kind over HTTP.
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser, login } from '../../src/modules/access/index.js'
import { addAgencyPrincipal, registerAgency } from '../../src/modules/agencies/index.js'
import { actor, COMPANY_NAME, COMPANY_USCC, type Fixture, seedFixture } from '../disclosure/fixtures.js'
import { rowsOf } from '../ingest/helpers.js'
import type { TestContext } from '../support/context.js'

export const PASSWORD = 'correct horse battery'
export const PURPOSE = '银行授信审查'
const rng = createRng(15015)
export const AGENCY_USCC = generateUscc(rng, { dept: '9', category: '1', region: '120101' })
const AGENCY2_USCC = generateUscc(createRng(15016), { dept: '9', category: '1', region: '120101' })

export interface ReportCity {
  f: Fixture
  app: FastifyInstance
  /** Request headers by caller: company, shop, adult (subjects), czj (consumer key), operator, agency, agency2. */
  h: Record<string, Record<string, string>>
}

export function criminalRow(over: Record<string, string> = {}): Record<string, string> {
  return {
    case_no: '（2025）津0116刑初88号',
    subject_name: COMPANY_NAME,
    subject_category: '法人及非法人组织',
    uscc: COMPANY_USCC,
    legal_rep: '王五',
    charge: '单位行贿罪',
    penalty: '罚金',
    sentence: '判处被告单位罚金人民币二十万元。',
    fine: '20',
    court: '天津市滨海新区人民法院',
    trial_level: '一审',
    judgment_date: '2025-09-10',
    effective_date: '2025-09-25',
    ...over,
  }
}

export async function seedReportCity(ctx: TestContext): Promise<ReportCity> {
  const f = await seedFixture(ctx)
  await addDepartment(ctx, actor, {
    code: 'tj-czj',
    name: '天津市财政局',
    uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
    district: '120000',
  })
  const criminal = await runIngest(ctx, actor, {
    classCode: 'criminal_judgment',
    dept: 'tj-fy',
    channel: 'api',
    ...rowsOf([criminalRow()]),
  })
  expect(criminal.accepted, JSON.stringify(criminal)).toBe(1)
  const app = await buildApp(ctx, { web: false })
  await app.ready()
  const h: Record<string, Record<string, string>> = {}
  const key = async (role: string, dept?: string) => {
    const { key } = await createApiKey(ctx, actor, { role, ...(dept ? { dept } : {}), name: `${role}-${dept ?? ''}` })
    return { authorization: `Bearer ${key}` }
  }
  h.czj = await key('consumer', 'tj-czj')
  h.operator = await key('operator')
  const session = async (username: string, role: string, entityId?: string) => {
    await createUser(ctx, actor, { username, role, password: PASSWORD, ...(entityId ? { entityId } : {}) })
    const s = await login(ctx, { username, password: PASSWORD, ip: '10.0.0.9' })
    return { cookie: `gx_session=${s.sessionToken}`, 'x-csrf-token': s.csrfToken }
  }
  h.company = await session('company', 'subject', f.ent.company)
  h.shop = await session('shop', 'subject', f.ent.shop)
  h.adult = await session('adult', 'subject', f.ent.adult)
  // agency accounts belong to registered agencies (docs/agencies.md)
  for (const [username, uscc, filingNo] of [
    ['agency-a', AGENCY_USCC, '津信服备〔2026〕A01号'],
    ['agency-b', AGENCY2_USCC, '津信服备〔2026〕B01号'],
  ] as const) {
    const agency = await registerAgency(ctx, actor, {
      uscc,
      name: `测试信用服务机构 ${username}`,
      filingNo,
      businessScope: '信用报告',
    })
    await createUser(ctx, actor, { username, role: 'agency', password: PASSWORD })
    const user = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
    await addAgencyPrincipal(ctx, actor, agency.id, { userId: user.id })
  }
  const agencyLogin = async (username: string) => {
    const s = await login(ctx, { username, password: PASSWORD, ip: '10.0.0.9' })
    return { cookie: `gx_session=${s.sessionToken}`, 'x-csrf-token': s.csrfToken }
  }
  h.agency = await agencyLogin('agency-a')
  h.agency2 = await agencyLogin('agency-b')
  h.auditor = await session('auditor', 'auditor')
  return { f, app, h }
}
