// Issuing a credit report (docs/reports.md): resolve the subject, decide who the report goes to and whether the
// caller may have it (server-side, item by item: anyone for an organisation's public overview; the subject itself, a
// department with `report.issue` and a purpose, or an agency with the subject's live grant for the rest; natural
// persons never get a public report), build the document from the entity file's reads, then in ONE transaction: the
// scenario's measure check, the grant's use, the signed document and its `report.issue` event. After the commit: the
// proof and the PDF (completeReport).
import type { Actor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { AppError } from '../../core/errors.js'
import { checkCode } from '../../identifiers/index.js'
import {
  accessError,
  can,
  cleanPurpose,
  getDepartment,
  departmentExists,
  type Principal,
  principalActor,
} from '../../modules/access/index.js'
import { findUsableGrant, type GrantView, recordGrantUse } from '../../modules/authorizations/index.js'
import { addMonths } from '../../modules/catalog/index.js'
import { runCheck } from '../../modules/checks/index.js'
import { type Entity, getEntity, lookupEntity } from '../../modules/entities/index.js'
import {
  type Completion,
  completeReport,
  getTemplate,
  type IssuedJson,
  issueReportIn,
  KIND_LABELS,
  presentIssued,
  type RecipientKind,
  REPORT_KINDS,
  type ReportKind,
  reportError,
  sourceDigest,
  type TemplateVersion,
} from '../../modules/reports/index.js'
import { buildDocument, ENTITY_KIND_LABELS, measureCheckSection } from './report-sections.js'

export interface ReportSubjectInput {
  uscc?: string | undefined
  entityId?: string | undefined
  name?: string | undefined
  idNumber?: string | undefined
  code?: string | undefined
}

export interface IssueRequest {
  subject: ReportSubjectInput
  kind: string
  scenario?: string | undefined
  purpose?: string | undefined
  /** The grant to use (an agency): its id; without it, any live grant of the subject to the caller that fits. */
  authorization?: string | undefined
  /** Special report: the period's first day (YYYY-MM-DD), at most 5 years back; default the template's. */
  from?: string | undefined
  /** Special report: the fields (领域) by code; default all. */
  fields?: string[] | undefined
}

export interface IssueOutcome {
  issued: IssuedJson
  kind: ReportKind
  entityId: string
  completion: Completion
}

/** Callers that may look subjects up at all (and so learn that a USCC or an ID number is registered). */
const resolvesSubjects = (p: Principal) => can(p, 'entity.resolve') || can(p, 'report.issue') || can(p, 'entity.read')

const notFound = () => reportError('report.not_found')

/** The subject of the request: an entity, or 422 unresolved (404 where telling would leak a person's existence). */
async function resolveSubject(ctx: Ctx, principal: Principal, actor: Actor, s: ReportSubjectInput): Promise<Entity> {
  const privileged = resolvesSubjects(principal)
  if (s.entityId) {
    try {
      return await getEntity(ctx.db, s.entityId)
    } catch (e) {
      if (e instanceof AppError && e.code === 'entity.not_found')
        throw privileged
          ? reportError('report.subject_unresolved', { message: '主体编号不存在，请核对。' })
          : notFound()
      throw e
    }
  }
  const given = [s.uscc, s.code, s.idNumber, s.name].filter((v) => typeof v === 'string' && v.trim() !== '')
  if (given.length === 0) throw reportError('report.subject_required')
  const personal =
    (s.idNumber !== undefined && s.idNumber.trim() !== '') ||
    [s.uscc, s.code].some((c) => typeof c === 'string' && checkCode(c).scheme === 'resident_id')
  // the public and other subjects never look a person up: whether somebody is registered is not theirs to learn
  if (personal && !privileged) throw notFound()
  const result = await lookupEntity(
    ctx,
    actor,
    { uscc: s.uscc ?? null, name: s.name ?? null, idNumber: s.idNumber ?? null, codes: s.code ? [s.code] : [] },
    { via: 'report' },
  )
  if (result.status !== 'matched') throw reportError('report.subject_unresolved', { message: result.message })
  return getEntity(ctx.db, result.entityId)
}

interface Right {
  recipient: { kind: RecipientKind; name?: string | undefined }
  purpose: string | undefined
  grant: GrantView | undefined
  grantScope: string | undefined
}

async function departmentName(ctx: Ctx, principal: Principal): Promise<string | undefined> {
  if (!principal.dept) return principal.role === 'operator' ? `${ctx.config.siteName}（运维管理）` : undefined
  return (await departmentExists(ctx.db, principal.dept))
    ? (await getDepartment(ctx, principal.dept)).name
    : principal.dept
}

/** The scopes of a grant that open a report of this kind: its own, and `report.full` for any organisation's report. */
export function grantScopesFor(kind: ReportKind): string[] {
  return kind === 'person' ? ['report.person'] : [...new Set([`report.${kind}`, 'report.full'])]
}

/**
 * Who the report goes to, or why not. Public templates: anyone (the subject, a department, an agency or the public
 * as they are). Others: the subject's own accounts; a department with report.issue and a purpose; an agency with
 * report.authorized, a purpose and the subject's live grant. No right: 404, whether or not the subject exists.
 */
async function rightTo(
  ctx: Ctx,
  principal: Principal,
  entity: Entity,
  template: TemplateVersion,
  request: IssueRequest,
  purpose: string | undefined,
): Promise<Right> {
  const r = template.recipients
  const own = principal.role === 'subject' && principal.entityId === entity.id
  const none = { grant: undefined, grantScope: undefined }
  if (own && r.includes('subject')) return { recipient: { kind: 'subject', name: entity.name }, purpose, ...none }
  const publicKind = r.includes('public')
  if (can(principal, 'report.issue') && r.includes('department')) {
    if (!publicKind && !purpose) throw accessError('access.purpose_required')
    return { recipient: { kind: 'department', name: await departmentName(ctx, principal) }, purpose, ...none }
  }
  if (can(principal, 'report.authorized') && r.includes('agency') && !publicKind) {
    if (!purpose) throw accessError('access.purpose_required')
    const scopes = grantScopesFor(template.code)
    const grant = await findUsableGrant(ctx, principal, entity.id, scopes, request.authorization ?? null)
    if (!grant) throw notFound()
    const grantScope = (grant.scopes.find((s) => scopes.includes(s)) ?? scopes[0]) as string
    const name = principal.displayName ?? principal.username ?? principal.dept ?? undefined
    return { recipient: { kind: 'agency', name }, purpose, grant, grantScope }
  }
  if (publicKind) {
    const kind: RecipientKind = principal.role === 'agency' ? 'agency' : 'public'
    const name = kind === 'agency' ? (principal.displayName ?? principal.username) : undefined
    return { recipient: { kind, name }, purpose, ...none }
  }
  throw notFound()
}

/** The special report's period: from the chosen day (at most `maxYears` back, default `defaultYears`) to today. */
function periodOf(template: TemplateVersion, from: string | undefined, today: string): { from: string; to: string } {
  const p = template.period
  if (!p) throw new Error('a template without a period')
  const earliest = addMonths(today, -12 * p.maxYears)
  const start = from ?? addMonths(today, -12 * p.defaultYears)
  const real = /^\d{4}-\d{2}-\d{2}$/.test(start) && !Number.isNaN(Date.parse(`${start}T00:00:00Z`))
  if (!real || new Date(`${start}T00:00:00Z`).toISOString().slice(0, 10) !== start || start < earliest || start > today)
    throw reportError('report.bad_period', { from: start, earliest, maxYears: p.maxYears })
  return { from: start, to: today }
}

/** Issues one report (API and CLI alike): 201's answer, the kind, the entity and how far completion got. */
export async function issueReport(
  ctx: Ctx,
  principal: Principal,
  request: IssueRequest,
  options: { requestId?: string | undefined; actor?: Actor | undefined } = {},
): Promise<IssueOutcome> {
  if (!(REPORT_KINDS as readonly string[]).includes(request.kind))
    throw reportError('report.kind_unknown', { kind: request.kind })
  const template = await getTemplate(ctx.db, request.kind)
  const kindLabel = KIND_LABELS[template.code]
  if (request.scenario && request.scenario !== template.scenario)
    throw reportError('report.scenario_mismatch', {
      kind: template.code,
      expected: template.scenario ?? '（无）',
      scenario: request.scenario,
    })
  if (request.from !== undefined && !template.period)
    throw reportError('report.option_unsupported', { kindLabel, option: 'from' })
  if (request.fields !== undefined && template.domains.length === 0)
    throw reportError('report.option_unsupported', { kindLabel, option: 'fields' })
  const known = template.domains.map((d) => d.code)
  const unknown = (request.fields ?? []).find((f) => !known.includes(f))
  if (unknown) throw reportError('report.bad_fields', { unknown, known })
  const purpose = cleanPurpose(request.purpose)
  // the command line acts as the platform (a system actor with the operator's rights)
  const actor = options.actor ? { ...options.actor, purpose } : principalActor(principal, options.requestId, purpose)

  const entity = await resolveSubject(ctx, principal, actor, request.subject)
  if (!template.subjectKinds.includes(entity.kind)) {
    // natural persons never get a public report; telling the public that this is a person would tell it too much
    if (entity.kind === 'natural_person' && !resolvesSubjects(principal) && principal.entityId !== entity.id)
      throw notFound()
    throw reportError('report.kind_subject', {
      kindLabel,
      subjectKindLabel: ENTITY_KIND_LABELS[entity.kind] ?? entity.kind,
      hint: entity.kind === 'natural_person' ? '自然人请用个人信用报告（person）' : '组织请用 full 或 public_overview',
    })
  }
  const right = await rightTo(ctx, principal, entity, template, request, purpose)
  const today = civilDate(ctx.clock.now())
  const period = template.period ? periodOf(template, request.from, today) : undefined
  const built = await buildDocument(ctx, { entity, template, period, fields: request.fields })
  const digest = await sourceDigest(ctx.db, entity.id, template)

  const issued = await runCommand(ctx, actor, async (scope) => {
    const sections = [...built.sections]
    if (built.needsMeasureCheck && template.scenario) {
      const check = await runCheck(scope.ctx, actor, {
        subject: { entityId: entity.id },
        scenario: template.scenario,
        purpose,
        allMeasures: true,
      })
      const at = sections.findIndex((s) => s.code === 'measure_check')
      sections.splice(at < 0 ? sections.length : at, at < 0 ? 0 : 1, measureCheckSection(check))
    }
    const report = await issueReportIn(scope, ctx, actor, {
      template,
      scenario: template.scenario,
      subject: built.subject,
      recipient: right.recipient,
      purpose,
      period,
      sections,
      footnotes: built.footnotes,
      sourceDigest: digest,
      authorizationId: right.grant?.id ?? null,
    })
    if (right.grant)
      await recordGrantUse(scope, actor, right.grant, {
        scope: right.grantScope ?? `report.${template.code}`,
        what: `出具${kindLabel}`,
        target: report.number,
      })
    return report
  })
  const completion = await completeReport(ctx, issued.number)
  return {
    issued: presentIssued({ ...issued, kind: template.code }),
    kind: template.code,
    entityId: entity.id,
    completion,
  }
}
