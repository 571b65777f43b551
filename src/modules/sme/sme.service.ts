// 优质中小企业名单 (信易贷): screening rules (a versioned policy kind) and the list they give, computed from the current
// grades, the list entries and the serious records in force; read by government roles (grading.read) and, only for
// the subjects that authorised it (grant scope `sme.list`), by a filed credit agency such as a bank. Every read is
// ONE audit event indexed under every subject shown, so each finds it in its access log (docs/grading.md).
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { FieldChange } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { lookupRegion } from '../../identifiers/index.js'
import {
  type ListedEntry,
  type ScreenCandidate,
  listedEntries,
  screenCandidates,
  seriousEntityIds,
} from '../../read-models/sme-sources/index.js'
import type { Principal } from '../access/index.js'
import { requireActiveAgency } from '../agencies/index.js'
import { auditRead, recordAudit } from '../audit/index.js'
import { countGrantUse, type GrantView, grantsToPrincipal } from '../authorizations/index.js'
import { currentClasses } from '../catalog/index.js'
import { currentGradeViews, currentModels, defaultModelFor, type GradingModel } from '../grading/index.js'
import { readDefaultScreeningRules } from './sme.defaults.js'
import { smeError } from './sme.errors.js'
import { gradesBestFirst, references, smePolicy } from './sme.policy.js'
import type {
  DistrictCount,
  ScreenedEntity,
  ScreeningRule,
  ScreenPage,
  ScreenQuery,
  ScreenReason,
} from './sme.types.js'
import { gradesDownTo } from './sme.validate.js'

/** The rule the list uses when none is named. */
export const DEFAULT_SME_RULE = 'sme'
/** The grant scope that lets an agency see a subject on the screening list (信易贷). */
export const SME_SCOPE = 'sme.list'
/** The audit actions of reads of the list (indexed under every subject shown). */
export const SME_READ_ACTION = 'sme.read'
export const SME_AGENCY_READ_ACTION = 'sme.agency_read'

const LIST_LABELS: Record<string, string> = { black: '黑名单', focus: '重点关注名单', red: '红名单' }

// ------------------------------------------------------------------------------------------------ rules

export async function getScreeningRule(db: Db, code: string, version?: number): Promise<ScreeningRule> {
  return (await smePolicy.definition(db, code, version)) as ScreeningRule
}

/** The current version of every rule (retired ones included), by code. */
export async function currentScreeningRules(db: Db): Promise<ScreeningRule[]> {
  return (await smePolicy.current(db)).map((r) => r.def as ScreeningRule).sort((a, b) => (a.code < b.code ? -1 : 1))
}

export interface ScreeningRuleDiff {
  code: string
  from: number
  to: number
  changes: FieldChange[]
}

/** An operator's edit: checked (every problem listed), a new current version, audited in one transaction. */
export async function updateScreeningRule(
  ctx: Ctx,
  actor: Actor,
  code: string,
  definition: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<ScreeningRule> {
  const { version } = await smePolicy.edit(ctx, actor, code, definition, reason, options)
  return getScreeningRule(ctx.db, code, version)
}

/**
 * Loads the default rules of data/sme/ (migrate, start): new versions, never over an operator's edit. Run after the
 * grading models are loaded: the rules are checked against them.
 */
export async function loadDefaultScreeningRules(ctx: Ctx, options: { dir?: string; actor?: Actor } = {}) {
  const { added, updated, kept, unchanged } = await smePolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    async () => readDefaultScreeningRules(options.dir, await references(ctx.db)).map((d) => [d.code, d] as const),
  )
  return { added, updated, kept, unchanged }
}

// ------------------------------------------------------------------------------------------------ screening

/** The whole list of a rule, and the districts on it (under the other filters). */
export interface Screened {
  rule: ScreeningRule
  asOf: string
  items: ScreenedEntity[]
  districts: DistrictCount[]
}

interface Admission {
  model: GradingModel
  minGrade: string
  /** Grades that qualify by themselves. */
  admitted: Set<string>
  /** Grades that qualify for a red-listed organisation (the admitted ones and the bonus ones). */
  withRed: Set<string>
}

const clampPage = (v: number | undefined, dflt: number, max: number) =>
  v === undefined || !Number.isSafeInteger(v) || v < 1 ? dflt : Math.min(v, max)

/**
 * The whole screening list of a rule as of today (every qualifying organisation, red-listed first, then by score),
 * optionally only among `entityIds`. The stored current grades are read in bulk; a stored grade that no longer holds
 * (a record changed since, its validity ended, a new model version) is graded again before it is used, as every grade
 * read does, so no grade older than an answered change decides. List entries and serious records are read as they
 * are today.
 */
export async function screen(ctx: Ctx, query: ScreenQuery, entityIds?: readonly string[]): Promise<Screened> {
  const rule = await getScreeningRule(ctx.db, query.rule ?? DEFAULT_SME_RULE)
  if (rule.status !== 'active') throw smeError('sme.retired', { code: rule.code })
  const today = civilDate(ctx.clock.now())
  const models = (await currentModels(ctx.db)).filter((m) => m.status === 'active')
  const byCode = new Map(models.map((m) => [m.code, m]))
  const admissions = new Map<string, Admission>()
  for (const r of rule.models) {
    const model = byCode.get(r.model)
    if (!model) continue
    const grades = gradesBestFirst(model.bands)
    const admitted = new Set(gradesDownTo(grades, r.minGrade))
    const withRed = new Set(r.redListMinGrade ? gradesDownTo(grades, r.redListMinGrade) : admitted)
    for (const g of admitted) withRed.add(g)
    admissions.set(model.code, { model, minGrade: r.minGrade, admitted, withRed })
  }
  const kinds = [...new Set([...admissions.values()].flatMap((a) => a.model.subjectKinds))].sort()
  const candidates = (
    await screenCandidates(ctx.db, {
      models: [...admissions.values()].map((a) => ({ model: a.model.code, grades: [...a.withRed] })),
      kinds,
      industry: query.industry,
      grades: query.grade ? [query.grade] : undefined,
      entityIds,
    })
  ).filter((c) => defaultModelFor(models, c)?.code === c.model_code)
  // the stored grades that still hold, the others graded again now
  const fresh = new Map<string, ScreenCandidate>()
  for (const [code, a] of admissions) {
    const group = candidates.filter((c) => c.model_code === code)
    if (group.length === 0) continue
    const views = await currentGradeViews(
      ctx,
      code,
      group.map((c) => c.entity_id),
    )
    for (const c of group) {
      const v = views.get(c.entity_id)
      if (!v || !a.withRed.has(v.grade) || (query.grade && v.grade !== query.grade)) continue
      fresh.set(c.entity_id, { ...c, grade: v.grade, score: v.score, as_of: v.asOf, model_version: v.version })
    }
  }
  const ids = [...fresh.keys()]
  const listed = await listedEntries(ctx.db, ids, ['red', ...rule.excludeLists], today)
  const serious = rule.excludeSerious ? await seriousEntityIds(ctx.db, ids, today) : new Set<string>()
  const entries = new Map<string, ListedEntry[]>()
  for (const l of listed) entries.set(l.entity_id, [...(entries.get(l.entity_id) ?? []), l])
  const classNames = new Map((await currentClasses(ctx.db)).map((c) => [c.code, c.nameZh]))
  const items: ScreenedEntity[] = []
  for (const c of fresh.values()) {
    const a = admissions.get(c.model_code) as Admission
    const mine = entries.get(c.entity_id) ?? []
    if (mine.some((l) => l.list_kind !== 'red')) continue
    if (serious.has(c.entity_id)) continue
    const red = mine.filter((l) => l.list_kind === 'red')
    if (!a.admitted.has(c.grade) && red.length === 0) continue
    if (query.redList === true && red.length === 0) continue
    items.push(present(c, a, rule, red, classNames))
  }
  // the districts of the list under the other filters (the console's district choices), then the district filter
  const counts = new Map<string, number>()
  for (const i of items) if (i.district) counts.set(i.district, (counts.get(i.district) ?? 0) + 1)
  const districts = [...counts]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([code, count]) => ({ code, name: lookupRegion(code)?.name ?? code, count }))
  const prefix = query.district ? districtPrefix(query.district) : null
  const shown = prefix ? items.filter((i) => i.district?.startsWith(prefix)) : items
  shown.sort((x, y) =>
    x.redList !== y.redList
      ? x.redList
        ? -1
        : 1
      : y.score !== x.score
        ? y.score - x.score
        : x.entityId < y.entityId
          ? -1
          : 1,
  )
  return { rule, asOf: today, items: shown, districts }
}

/** The prefix of the district codes a code stands for: 120000 -> 12, 120100 -> 1201, 120104 -> 120104. */
function districtPrefix(code: string): string {
  if (/^\d{6}$/.test(code)) {
    if (code.endsWith('0000')) return code.slice(0, 2)
    if (code.endsWith('00')) return code.slice(0, 4)
  }
  return code
}

function present(
  c: ScreenCandidate,
  a: Admission,
  rule: ScreeningRule,
  red: readonly ListedEntry[],
  classNames: ReadonlyMap<string, string>,
): ScreenedEntity {
  const band = a.model.bands.find((b) => b.grade === c.grade)
  const gradeLabel = band?.label ?? c.grade
  const bonus = !a.admitted.has(c.grade)
  const reasons: ScreenReason[] = [
    {
      code: 'grade',
      label: `信用等级 ${c.grade}（${gradeLabel}），${c.score} 分（${a.model.name}，${c.as_of}）${
        bonus ? `：低于 ${a.minGrade} 级，因列入红名单仍予列入` : `：不低于 ${a.minGrade} 级`
      }`,
      records: [],
    },
  ]
  if (red.length > 0)
    reasons.push({
      code: 'red_list',
      label: `列入红名单：${[...new Set(red.map((l) => classNames.get(l.class_code) ?? l.class_code))].join('、')}`,
      records: red.map((l) => l.record_id),
    })
  for (const l of rule.excludeLists)
    reasons.push({ code: `no_${l}_list`, label: `无在列的${LIST_LABELS[l] ?? l}记录`, records: [] })
  if (rule.excludeSerious) reasons.push({ code: 'no_serious', label: '无在效的严重失信记录', records: [] })
  return {
    entityId: c.entity_id,
    name: c.name,
    kind: c.kind,
    uscc: c.uscc,
    district: c.district,
    districtName: c.district ? (lookupRegion(c.district)?.name ?? null) : null,
    industry: c.industry,
    model: a.model.code,
    modelName: a.model.name,
    modelVersion: c.model_version,
    grade: c.grade,
    gradeLabel,
    score: c.score,
    asOf: c.as_of,
    redList: red.length > 0,
    reasons,
  }
}

function pageOf(r: Screened, query: ScreenQuery): ScreenPage {
  const pageSize = clampPage(query.pageSize, 20, 200)
  const page = clampPage(query.page, 1, 1_000_000)
  return {
    rule: r.rule.code,
    ruleVersion: r.rule.version,
    asOf: r.asOf,
    total: r.items.length,
    page,
    pageSize,
    items: r.items.slice((page - 1) * pageSize, page * pageSize),
    districts: r.districts,
  }
}

const filtersOf = (q: ScreenQuery) =>
  Object.fromEntries(
    Object.entries({ district: q.district, industry: q.industry, grade: q.grade, redList: q.redList }).filter(
      ([, v]) => v !== undefined,
    ),
  )

/**
 * The list for government readers (grading.read): a page, filtered by district, industry, grade or red list. The read
 * is audited (`sme.read`) under every subject on the page.
 */
export async function smeList(ctx: Ctx, actor: Actor, query: ScreenQuery): Promise<ScreenPage> {
  const out = pageOf(await screen(ctx, query), query)
  await auditRead(ctx, actor, {
    action: SME_READ_ACTION,
    targetType: 'sme_rule',
    targetId: out.rule,
    subjects: out.items.map((i) => i.entityId),
    details: {
      rule: out.rule,
      version: out.ruleVersion,
      filters: filtersOf(query),
      total: out.total,
      shown: out.items.length,
    },
  })
  return out
}

export interface AgencyScreenPage extends ScreenPage {
  purpose: string
  agency: { id: string; name: string; filingNo: string }
  /** Subjects that authorised the agency (live grants with scope sme.list), qualifying or not. */
  authorised: number
}

/**
 * The list as a filed credit agency (a bank) may see it: only the subjects with a live grant to it covering
 * `sme.list` (revoked or expired grants show nothing). The read states its purpose (`actor.purpose`, required by the
 * route) and is ONE audit event `sme.agency_read` under every subject shown, written in the transaction that also
 * counts the uses of their grants.
 */
export async function agencySmeList(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  query: ScreenQuery,
): Promise<AgencyScreenPage> {
  const agency = await requireActiveAgency(ctx, principal)
  const grants = await grantsToPrincipal(ctx, principal, [SME_SCOPE])
  const byEntity = new Map<string, GrantView[]>()
  for (const g of grants) byEntity.set(g.entityId, [...(byEntity.get(g.entityId) ?? []), g])
  const ids = [...byEntity.keys()]
  const out = pageOf(await screen(ctx, query, ids), query)
  const shown = out.items.map((i) => i.entityId)
  if (shown.length > 0)
    await runCommand(ctx, actor, async ({ trx, clock, now }) => {
      await recordAudit(trx, clock, actor, {
        action: SME_AGENCY_READ_ACTION,
        targetType: 'sme_rule',
        targetId: out.rule,
        subjects: shown,
        details: {
          agencyId: agency.id,
          agency: agency.name,
          filingNo: agency.filingNo,
          rule: out.rule,
          version: out.ruleVersion,
          scope: SME_SCOPE,
          grants: shown.flatMap((id) => (byEntity.get(id) ?? []).map((g) => g.id)),
          filters: filtersOf(query),
          shown: shown.length,
        },
      })
      for (const id of shown) for (const g of byEntity.get(id) ?? []) await countGrantUse({ trx, now }, g.id)
    })
  return {
    ...out,
    purpose: actor.purpose as string,
    agency: { id: agency.id, name: agency.name, filingNo: agency.filingNo },
    authorised: ids.length,
  }
}
