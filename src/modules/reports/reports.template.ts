// The report template (a versioned policy kind, data/reports/<kind>.json): which sections a kind of report has, which
// record scopes and classes it draws from, how long it is valid, who may get it, and - for scenario reports - the
// measure check it adds. Pure: normalise and check (the catalog's classes are passed in).
import type { ReportKind } from './report.document.js'

export const REPORT_KINDS: readonly ReportKind[] = [
  'special',
  'public_overview',
  'full',
  'person',
  'bidding',
  'government_procurement',
  'financing',
  'admin_approval',
]

/** The sections a template may list, in the order a report shows them. */
export const SECTION_CODES = [
  'basic',
  'identifiers',
  'record_summary',
  'domains',
  'records',
  'lists',
  'commitments',
  'checks',
  'measure_check',
  'marks',
] as const
export type SectionCode = (typeof SECTION_CODES)[number]

/** Who a report goes to: the public (anyone, anonymous too), the subject itself, a department, an agency. */
export const RECIPIENT_KINDS = ['public', 'subject', 'department', 'agency'] as const
export type RecipientKind = (typeof RECIPIENT_KINDS)[number]

export const TEMPLATE_SCOPES = ['public', 'government', 'authorized'] as const
export type TemplateScope = (typeof TEMPLATE_SCOPES)[number]

/** A field (领域) of the special report: the departments whose records it covers. */
export interface ReportDomain {
  code: string
  label: string
  departments: string[]
}

export interface ReportTemplate {
  /** The report kind. */
  code: ReportKind
  nameZh: string
  /** The document's title. */
  title: string
  description: string
  /** Entity kinds the report is for (natural persons: only the `person` kind). */
  subjectKinds: string[]
  recipients: RecipientKind[]
  /** Record scopes drawn from: the widest decides the view (public: the disclosure rule; otherwise in force). */
  scopes: TemplateScope[]
  /** Record classes drawn from; empty: every class. */
  classes: string[]
  sections: SectionCode[]
  validityDays: number
  /** Scenario reports: the measure check's scenario (measures' scenario codes). */
  scenario: string | null
  /** Special report: the applicant chooses the period's start, at most `maxYears` back (default `defaultYears`). */
  period: { maxYears: number; defaultYears: number } | null
  /** Special report: the fields (领域) the applicant chooses from (all by default). */
  domains: ReportDomain[]
  /** Repaired records are shown (已修复) instead of left out. */
  showRepaired: boolean
  /** Free of charge for the subject (informational: the platform charges nothing). */
  free: boolean
  legalBasis: string[]
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()) : []
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')

/** Fills what a definition may leave out (and drops `version`). */
export function normaliseTemplate(input: Record<string, unknown>): ReportTemplate {
  const period = input.period as Record<string, unknown> | null | undefined
  return {
    code: text(input.code) as ReportKind,
    nameZh: text(input.nameZh),
    title: text(input.title) || text(input.nameZh),
    description: text(input.description),
    subjectKinds: strings(input.subjectKinds),
    recipients: strings(input.recipients) as RecipientKind[],
    scopes: strings(input.scopes) as TemplateScope[],
    classes: strings(input.classes),
    sections: strings(input.sections) as SectionCode[],
    validityDays: Number(input.validityDays ?? 30),
    scenario: typeof input.scenario === 'string' && input.scenario.trim() ? input.scenario.trim() : null,
    period:
      period && typeof period === 'object'
        ? { maxYears: Number(period.maxYears ?? 5), defaultYears: Number(period.defaultYears ?? period.maxYears ?? 3) }
        : null,
    domains: Array.isArray(input.domains)
      ? (input.domains as Record<string, unknown>[]).map((d) => ({
          code: text(d?.code),
          label: text(d?.label),
          departments: strings(d?.departments),
        }))
      : [],
    showRepaired: input.showRepaired === true,
    free: input.free !== false,
    legalBasis: strings(input.legalBasis),
  }
}

const ENTITY_KINDS = [
  'legal_person',
  'unincorporated_org',
  'individual_business',
  'farmer_coop',
  'government_body',
  'public_institution',
  'social_org',
  'natural_person',
]

/** The problems of a normalised template, in Chinese (empty when sound). */
export function checkTemplate(
  t: ReportTemplate,
  known: { classes: ReadonlySet<string>; scenarios: ReadonlySet<string> | null },
): string[] {
  const p: string[] = []
  if (!REPORT_KINDS.includes(t.code)) p.push(`code「${t.code}」不是报告种类（${REPORT_KINDS.join('、')}）`)
  if (!t.nameZh) p.push('nameZh（中文名称）必填')
  if (t.subjectKinds.length === 0) p.push('subjectKinds（适用的主体类型）至少一项')
  for (const k of t.subjectKinds) if (!ENTITY_KINDS.includes(k)) p.push(`subjectKinds 中的「${k}」不是主体类型`)
  if (t.code === 'person' && t.subjectKinds.some((k) => k !== 'natural_person'))
    p.push('个人信用报告（person）只适用于自然人（natural_person）')
  if (t.code !== 'person' && t.subjectKinds.includes('natural_person'))
    p.push('自然人只能出具个人信用报告（person）：其他种类的 subjectKinds 不能含 natural_person')
  if (t.recipients.length === 0) p.push('recipients（可以获得报告的对象）至少一项')
  for (const r of t.recipients)
    if (!(RECIPIENT_KINDS as readonly string[]).includes(r))
      p.push(`recipients 中的「${r}」不正确（可选 ${RECIPIENT_KINDS.join('、')}）`)
  if (t.recipients.includes('public') && t.scopes.some((s) => s !== 'public'))
    p.push('向公众出具的报告（recipients 含 public）只能取社会公开范围（scopes: ["public"]）')
  if (t.recipients.includes('public') && t.subjectKinds.includes('natural_person'))
    p.push('自然人的信用报告不向公众出具（recipients 不能含 public）')
  if (t.scopes.length === 0) p.push('scopes（记录的公开范围）至少一项')
  for (const s of t.scopes) if (!(TEMPLATE_SCOPES as readonly string[]).includes(s)) p.push(`scopes 中的「${s}」不正确`)
  if (!t.scopes.includes('public')) p.push('scopes 须包含 public')
  for (const c of t.classes) if (!known.classes.has(c)) p.push(`classes 中的「${c}」不在信用信息目录中`)
  if (t.sections.length === 0) p.push('sections（报告的组成部分）至少一项')
  for (const s of t.sections)
    if (!(SECTION_CODES as readonly string[]).includes(s))
      p.push(`sections 中的「${s}」不正确（可选 ${SECTION_CODES.join('、')}）`)
  if (new Set(t.sections).size !== t.sections.length) p.push('sections 有重复')
  if (!Number.isInteger(t.validityDays) || t.validityDays < 1 || t.validityDays > 366)
    p.push('validityDays（有效天数）应为 1 到 366 的整数')
  if (t.sections.includes('measure_check') && !t.scenario) p.push('含 measure_check 的模板须填写 scenario（应用场景）')
  if (t.scenario && known.scenarios && !known.scenarios.has(t.scenario))
    p.push(`scenario「${t.scenario}」不是奖惩措施清单中的应用场景`)
  if (t.period) {
    const { maxYears, defaultYears } = t.period
    if (!Number.isInteger(maxYears) || maxYears < 1 || maxYears > 5) p.push('period.maxYears 应为 1 到 5 的整数')
    if (!Number.isInteger(defaultYears) || defaultYears < 1 || defaultYears > maxYears)
      p.push('period.defaultYears 应为 1 到 maxYears 的整数')
  }
  if (t.sections.includes('domains') && t.domains.length === 0) p.push('含 domains 的模板须列出领域（domains）')
  const codes = new Set<string>()
  for (const d of t.domains) {
    if (!/^[a-z][a-z0-9_]{1,31}$/.test(d.code)) p.push(`领域代码「${d.code}」应为小写字母开头的字母、数字或下划线`)
    if (codes.has(d.code)) p.push(`领域代码「${d.code}」重复`)
    codes.add(d.code)
    if (!d.label) p.push(`领域「${d.code}」缺少 label`)
    if (d.departments.length === 0) p.push(`领域「${d.code}」至少对应一个部门（departments）`)
  }
  return p
}
