// The demo city's credit agency (信用服务机构): one demo company registered (备案) as an agency, the demo `agency`
// login belonging to it, and a grant from the demo subject (the `subject` login's company) letting it read the
// subject's records (record.all) and issue its full credit report (report.full) for a year - so that the agency
// registry, the agency's reads and the subject's 「授权管理」 have something to show. Bounded, whatever the city's size.
import { civilDate } from '../../core/clock.js'
import { listUsers, type Principal, permissionsOf } from '../../modules/access/index.js'
import { addAgencyPrincipal, registerAgency } from '../../modules/agencies/index.js'
import { createGrant } from '../../modules/authorizations/index.js'
import { findSubjectRows } from '../../modules/entities/index.js'
import type { DemoStep } from './demo.types.js'

/** The demo agency's filing number. */
export const DEMO_AGENCY_FILING_NO = '津信服备〔2026〕001号'

export const agenciesStep: DemoStep = {
  name: 'agencies',
  async run(ctx, state) {
    // a company other than the demo subject and the two whose public overviews the reports step issues
    const id = (state.samples.legal_person ?? []).filter((e) => e !== state.subjectEntityId)[2]
    const [company] = id ? await findSubjectRows(ctx.db, 'id', [id]) : []
    if (!company?.uscc) return
    const agency = await registerAgency(ctx, state.actor, {
      uscc: company.uscc,
      filingNo: DEMO_AGENCY_FILING_NO,
      businessScope: '企业征信、信用评级、信用管理咨询',
      filedOn: '2026-05-20',
    })
    const login = (await listUsers(ctx)).find((u) => u.username === 'agency' && u.role === 'agency')
    if (login) await addAgencyPrincipal(ctx, state.actor, agency.id, { userId: login.id })
    const subject = state.subjectEntityId
    if (!subject) return
    const own: Principal = {
      kind: 'user',
      id: null,
      role: 'subject',
      dept: null,
      district: null,
      entityId: subject,
      permissions: permissionsOf('subject'),
    }
    // a grant runs at most 366 days from now: a year from today (the only date here taken from the clock)
    const until = civilDate(new Date(ctx.clock.now().getTime() + 364 * 86_400_000))
    await createGrant(ctx, own, {
      grantee: agency.uscc,
      scopes: ['record.all', 'report.full'],
      until,
      note: '演示：授权信用服务机构查询本企业信用记录、出具完整信用报告',
    })
  },
}
