// The sections of a credit report, from the entity file's reads (一户一档): basic information, identifiers, every
// record class group with its count, the records themselves (each with its marks as footnotes), lists, commitments
// and their fulfilment, checks, marks; the special report's fields (领域) over the chosen period with 「无」 where
// nothing is held and 已修复 for repaired items; the scenario reports' measure check. Everything in the reader's words;
// ID numbers masked (the disclosure module's field rule, the entity's masked number).
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { listDepartments } from '../../modules/access/index.js'
import { openCasesAbout } from '../../modules/cases/index.js'
import { CATEGORIES, type CatalogClass, SEVERITY_LABELS } from '../../modules/catalog/index.js'
import type { CheckResult } from '../../modules/checks/index.js'
import { entityChecks } from '../../modules/checks/index.js'
import { entityCommitments } from '../../modules/commitments/index.js'
import { classVersion, visibilityOf } from '../../modules/disclosure/index.js'
import type { Entity } from '../../modules/entities/index.js'
import { openMarksOfEntity } from '../../modules/marks/index.js'
import { MEASURE_KIND_LABELS, SCENARIO_LABELS } from '../../modules/measures/index.js'
import { presentListStatus } from '../../modules/public/index.js'
import { type RecordWithPayload, recordsWithPayloadOfEntity } from '../../modules/records/index.js'
import { repairMachine } from '../../modules/repairs/index.js'
import type { ReportBlock, ReportDocument, ReportSection, ReportTemplate } from '../../modules/reports/index.js'
import { lookupRegion } from '../../identifiers/index.js'

export const ENTITY_KIND_LABELS: Record<string, string> = {
  legal_person: '法人',
  unincorporated_org: '非法人组织',
  individual_business: '个体工商户',
  farmer_coop: '农民专业合作社',
  government_body: '机关',
  public_institution: '事业单位',
  social_org: '社会组织',
  natural_person: '自然人',
}

const ENTITY_STATUS_LABELS: Record<string, string> = {
  active: '存续',
  revoked: '吊销',
  deregistered: '注销',
  moved_out: '迁出',
}

const SCHEME_LABELS: Record<string, string> = {
  uscc: '统一社会信用代码',
  org_code: '组织机构代码',
  reg_no: '工商注册号',
}
const LIST_LABELS: Record<string, string> = { red: '红名单', black: '黑名单', focus: '重点关注名单' }
const NONE = '无'

/** Footnotes referenced from the records' 注 column (fixed marks, listed only when used). */
const NOTES = {
  objection: { mark: '注1', text: '异议处理中：主体对该记录提出了异议，正在核查处理，处理结果以核查结论为准。' },
  repair: { mark: '注2', text: '信用修复办理中：主体已申请信用修复，正在办理。' },
  repaired: {
    mark: '注3',
    text: '已修复：该记录已按《信用修复管理办法》完成信用修复，不再作为失信信息使用，仅按规定如实说明。',
  },
} as const
type NoteKey = keyof typeof NOTES

export interface BuildInput {
  entity: Entity
  template: ReportTemplate
  /** Special report: the period and the chosen fields (codes). */
  period?: { from: string; to: string } | undefined
  fields?: readonly string[] | undefined
}

export interface BuiltDocument {
  subject: ReportDocument['subject']
  sections: ReportSection[]
  footnotes: ReportDocument['footnotes']
  /** The measure check is added inside the transaction (see measureCheckSection). */
  needsMeasureCheck: boolean
}

interface Shown {
  row: RecordWithPayload
  cls: CatalogClass
  notes: NoteKey[]
  status: string
}

const audienceOf = (t: ReportTemplate) =>
  t.scopes.includes('authorized') ? 'authorized' : t.scopes.includes('government') ? 'government' : 'public'

/** A short summary of a record: the enumerated facts (处罚类别, 强制类别, 刑罚...) and the amount of a fine. */
function summaryOf(cls: CatalogClass, data: Record<string, unknown>): string {
  const parts: string[] = []
  for (const f of cls.fields) {
    const v = data[f.code]
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
    if (f.type === 'enum' && f.role !== 'subject_category' && f.role !== 'id_type')
      parts.push(`${f.label}：${Array.isArray(v) ? v.join('、') : String(v)}`)
    else if (f.role === 'fine_amount' || f.code === 'fine') parts.push(`${f.label}：${String(v)} 元`)
    else if (f.code === 'charge') parts.push(`${f.label}：${String(v)}`)
  }
  const text = parts.join('；')
  return text.length > 120 ? `${text.slice(0, 119)}…` : text
}

/** The document's subject and its basic sections; every record the template shows with its notes. */
export async function buildDocument(ctx: Ctx, input: BuildInput): Promise<BuiltDocument> {
  const { entity, template } = input
  const now = ctx.clock.now()
  const person = entity.kind === 'natural_person'
  const view = visibilityOf(audienceOf(template))
  const scopes = new Set<string>(template.scopes)
  const classes = template.classes.length ? new Set(template.classes) : null
  const depts = new Map((await listDepartments(ctx)).map((d) => [d.code, d.name]))

  // the records the template shows: its scopes and classes, the disclosure rule of its audience (public: published
  // now; otherwise in force), repaired ones where the template shows them, the special report's period
  const shown: Shown[] = []
  const openMarks = await openMarksOfEntity(ctx.db, entity.id)
  const marked = new Set(openMarks.map((m) => m.record_id))
  for (const row of await recordsWithPayloadOfEntity(ctx.db, entity.id)) {
    if (classes && !classes.has(row.class_code)) continue
    if (!scopes.has(row.scope)) continue
    const cls = await classVersion(ctx.db, row.class_code, row.class_version)
    if (!scopes.has(cls.scope)) continue
    const repaired = row.state === 'repaired' && template.showRepaired
    if (!repaired && !view.record(row, cls, now).public) continue
    if (input.period && (!row.decided_on || row.decided_on < input.period.from || row.decided_on > input.period.to))
      continue
    const notes: NoteKey[] = []
    if (marked.has(row.id)) notes.push('objection')
    if (!repaired && (await openCasesAbout(ctx.db, repairMachine, row.id)).length > 0) notes.push('repair')
    if (repaired) notes.push('repaired')
    shown.push({ row, cls, notes, status: repaired ? '已修复' : '有效' })
  }

  const used = new Set<NoteKey>()
  const noteText = (keys: NoteKey[]): string =>
    keys
      .map((k) => {
        used.add(k)
        return NOTES[k].mark
      })
      .join('、')
  const recordRow = (s: Shown, withDomainDept = false): Record<string, string> => {
    const data = view.fields(s.cls, JSON.parse(s.row.payload) as Record<string, unknown>, { naturalPerson: person })
    return {
      class: s.cls.nameZh,
      documentNo: s.row.document_no ?? '',
      decidedOn: s.row.decided_on ?? '',
      authority: s.row.authority ?? (withDomainDept ? (depts.get(s.row.provider_dept) ?? '') : ''),
      summary: summaryOf(s.cls, data),
      severity:
        s.row.polarity === 'negative' && s.row.severity
          ? (SEVERITY_LABELS[s.row.severity as 'minor'] ?? s.row.severity)
          : '',
      status: s.status,
      notes: noteText(s.notes),
    }
  }
  const recordColumns = [
    { key: 'class', label: '信息类别', width: 14 },
    { key: 'documentNo', label: '文书号', width: 18 },
    { key: 'decidedOn', label: '决定日期', width: 11 },
    { key: 'authority', label: '决定机关', width: 16 },
    { key: 'summary', label: '主要内容', width: 23 },
    { key: 'severity', label: '失信程度', width: 7 },
    { key: 'status', label: '状态', width: 6 },
    { key: 'notes', label: '注', width: 5 },
  ]

  const sections: ReportSection[] = []
  for (const code of template.sections) {
    switch (code) {
      case 'basic':
        sections.push({ code, title: '基本信息', blocks: [{ type: 'fields', rows: basicRows(entity) }] })
        break
      case 'identifiers':
        sections.push({
          code,
          title: '主体标识',
          blocks: [
            {
              type: 'table',
              columns: [
                { key: 'scheme', label: '代码类型' },
                { key: 'value', label: '代码' },
              ],
              rows: entity.identifiers.map((i) => ({ scheme: SCHEME_LABELS[i.scheme] ?? i.scheme, value: i.value })),
              empty: NONE,
            },
          ],
        })
        break
      case 'record_summary': {
        const counts = new Map<string, number>()
        for (const s of shown) counts.set(s.row.category, (counts.get(s.row.category) ?? 0) + 1)
        sections.push({
          code,
          title: '信用信息分类统计',
          note: '按全国公共信用信息基础目录的分类统计本报告所列的信用记录条数。',
          blocks: [
            {
              type: 'table',
              columns: [
                { key: 'category', label: '信息分类' },
                { key: 'count', label: '条数' },
              ],
              rows: Object.entries(CATEGORIES).map(([c, label]) => ({
                category: label,
                count: String(counts.get(c) ?? 0),
              })),
              empty: NONE,
            },
          ],
        })
        break
      }
      case 'records': {
        const blocks: ReportBlock[] = []
        for (const [c, label] of Object.entries(CATEGORIES)) {
          const rows = shown.filter((s) => s.row.category === c)
          if (rows.length === 0) continue
          blocks.push({
            type: 'table',
            caption: `${label}（${rows.length} 条）`,
            columns: recordColumns,
            rows: rows.map((s) => recordRow(s)),
            empty: NONE,
          })
        }
        if (blocks.length === 0) blocks.push({ type: 'text', text: `${NONE}（本报告范围内没有信用记录）` })
        sections.push({ code, title: '信用记录', blocks })
        break
      }
      case 'domains':
        sections.push(...domainSections(template, input, shown, recordRow, recordColumns))
        break
      case 'lists': {
        const rows = shown
          .map((s) => ({ s, l: presentListStatus(s.row, s.cls) }))
          .filter((x) => x.l !== null)
          .map(({ s, l }) => ({
            list: LIST_LABELS[l?.kind ?? ''] ?? String(l?.kind),
            class: s.cls.nameZh,
            listedOn: l?.listedOn ?? '',
            until: l?.until ?? '至移出',
            basis: l?.basis ?? '',
            notes: noteText(s.notes),
          }))
        sections.push({
          code,
          title: '红黑名单及重点关注名单',
          blocks: [
            {
              type: 'table',
              columns: [
                { key: 'list', label: '名单' },
                { key: 'class', label: '名单类别' },
                { key: 'listedOn', label: '列入日期' },
                { key: 'until', label: '期限至' },
                { key: 'basis', label: '列入依据文书号' },
                { key: 'notes', label: '注' },
              ],
              rows,
              empty: NONE,
            },
          ],
        })
        break
      }
      case 'commitments': {
        const c = await entityCommitments(ctx, entity.id, { publicOnly: audienceOf(template) === 'public' })
        sections.push({
          code,
          title: '信用承诺及履约情况',
          blocks: [
            {
              type: 'fields',
              rows: [
                { label: '承诺总数', value: String(c.summary.total) },
                { label: '履约中', value: String(c.summary.filed) },
                { label: '已履约', value: String(c.summary.fulfilled) },
                { label: '未履约（违背承诺）', value: String(c.summary.breached) },
                { label: '已撤回', value: String(c.summary.withdrawn) },
              ],
            },
            {
              type: 'table',
              columns: [
                { key: 'number', label: '承诺编号' },
                { key: 'type', label: '承诺类型' },
                { key: 'matter', label: '承诺事项' },
                { key: 'filedOn', label: '承诺日期' },
                { key: 'status', label: '履约状态' },
              ],
              rows: c.items.map((i) => ({
                number: i.number,
                type: i.typeLabel,
                matter: i.matter,
                filedOn: i.filedOn,
                status: i.overdue ? `${i.statusLabel}（已逾期）` : i.statusLabel,
              })),
              empty: NONE,
            },
          ],
        })
        break
      }
      case 'checks': {
        const checks = await entityChecks(ctx.db, entity.id, 50)
        sections.push({
          code,
          title: '联合奖惩核查记录',
          note: `共 ${checks.total} 次，列出最近 ${checks.items.length} 次。`,
          blocks: [
            {
              type: 'table',
              columns: [
                { key: 'date', label: '核查日期' },
                { key: 'scenario', label: '应用场景' },
                { key: 'dept', label: '核查部门' },
                { key: 'outcome', label: '核查结果' },
              ],
              rows: checks.items.map((k) => ({
                date: civilDate(new Date(k.at)),
                scenario: SCENARIO_LABELS[k.scenario] ?? k.scenario,
                dept: k.dept ? (depts.get(k.dept) ?? k.dept) : '',
                outcome: OUTCOME_LABELS[k.outcome] ?? k.outcome,
              })),
              empty: NONE,
            },
          ],
        })
        break
      }
      case 'marks': {
        const rows = shown
          .filter((s) => s.notes.length > 0)
          .map((s) => ({
            class: s.cls.nameZh,
            documentNo: s.row.document_no ?? '',
            mark: s.notes.map((n) => NOTES[n].text.split('：')[0]).join('、'),
            notes: noteText(s.notes),
          }))
        sections.push({
          code,
          title: '标注信息',
          note: '异议处理中、信用修复办理中和已修复的记录。',
          blocks: [
            {
              type: 'table',
              columns: [
                { key: 'class', label: '信息类别' },
                { key: 'documentNo', label: '文书号' },
                { key: 'mark', label: '标注' },
                { key: 'notes', label: '注' },
              ],
              rows,
              empty: NONE,
            },
          ],
        })
        break
      }
      case 'measure_check':
        // placeholder, replaced inside the transaction by the check's result
        sections.push({ code, title: '联合奖惩核查结果', blocks: [] })
        break
    }
  }

  const subject: ReportDocument['subject'] = {
    entityId: entity.id,
    name: entity.name,
    kind: entity.kind,
    kindLabel: ENTITY_KIND_LABELS[entity.kind] ?? entity.kind,
    ...(entity.uscc ? { uscc: entity.uscc } : {}),
    ...(person && entity.idMasked ? { idNumberMasked: entity.idMasked } : {}),
  }
  return {
    subject,
    sections,
    footnotes: (Object.keys(NOTES) as NoteKey[]).filter((k) => used.has(k)).map((k) => NOTES[k]),
    needsMeasureCheck: template.sections.includes('measure_check'),
  }
}

const OUTCOME_LABELS: Record<string, string> = {
  none: '不适用激励或惩戒措施',
  reward: '适用守信激励措施',
  punish: '适用失信惩戒措施',
  both: '同时适用激励和惩戒措施',
}

function basicRows(entity: Entity): { label: string; value: string }[] {
  const person = entity.kind === 'natural_person'
  const rows: { label: string; value: string }[] = [
    { label: person ? '姓名' : '主体名称', value: entity.name },
    { label: '主体类型', value: ENTITY_KIND_LABELS[entity.kind] ?? entity.kind },
  ]
  if (person) rows.push({ label: '身份证件号码', value: entity.idMasked ?? '' })
  else {
    rows.push({ label: '统一社会信用代码', value: entity.uscc ?? '' })
    rows.push({ label: '法定代表人（负责人）', value: entity.legalRep ?? '' })
    rows.push({ label: '成立日期', value: entity.establishedOn ?? '' })
    rows.push({ label: '登记状态', value: ENTITY_STATUS_LABELS[entity.status] ?? entity.status })
    const former = entity.names.filter((n) => n.kind === 'former').map((n) => n.name)
    if (former.length) rows.push({ label: '曾用名', value: former.join('、') })
  }
  if (entity.district) rows.push({ label: '所在地区', value: lookupRegion(entity.district)?.name ?? entity.district })
  return rows
}

/** The special report's fields (领域): one section each, its records over the period or 「无」. */
function domainSections(
  template: ReportTemplate,
  input: BuildInput,
  shown: Shown[],
  recordRow: (s: Shown, withDept?: boolean) => Record<string, string>,
  columns: { key: string; label: string; width?: number }[],
): ReportSection[] {
  const chosen = input.fields?.length
    ? template.domains.filter((d) => input.fields?.includes(d.code))
    : template.domains
  const period = input.period
  const out: ReportSection[] = [
    {
      code: 'domains',
      title: '查询范围',
      blocks: [
        {
          type: 'fields',
          rows: [
            { label: '查询期间', value: period ? `${period.from} 至 ${period.to}` : '' },
            { label: '查询领域', value: chosen.map((d) => d.label).join('、') },
            {
              label: '查询内容',
              value: '行政处罚（含简易程序作出的行政处罚）、行政强制、严重失信主体名单、刑事裁判信息',
            },
          ],
        },
        {
          type: 'text',
          text: '下列各领域中注明「无」的，表示本平台在查询期间内未归集到该主体在该领域的上述信息。',
        },
      ],
    },
  ]
  for (const d of chosen) {
    const depts = new Set(d.departments)
    const rows = shown.filter((s) => depts.has(s.row.provider_dept))
    out.push({
      code: `domain.${d.code}`,
      title: `${d.label}领域`,
      blocks: [
        {
          type: 'table',
          columns,
          rows: rows.map((s) => recordRow(s, true)),
          empty: NONE,
        },
      ],
    })
  }
  return out
}

/** The measure check's section (scenario reports): the measures that apply and the records that trigger them. */
export function measureCheckSection(check: CheckResult): ReportSection {
  const scenario = SCENARIO_LABELS[check.scenario] ?? check.scenario
  const blocks: ReportBlock[] = [
    {
      type: 'fields',
      rows: [
        { label: '应用场景', value: scenario },
        { label: '核查时间', value: check.at },
        { label: '核查编号', value: check.number || check.checkId },
        { label: '核查结果', value: OUTCOME_LABELS[check.outcome] ?? check.outcome },
      ],
    },
    {
      type: 'table',
      caption: '适用的措施',
      columns: [
        { key: 'kind', label: '类型' },
        { key: 'measure', label: '措施' },
        { key: 'content', label: '措施内容' },
        { key: 'triggeredBy', label: '触发记录（文书号）' },
        { key: 'until', label: '适用至' },
      ],
      rows: check.hits.map((h) => ({
        kind: MEASURE_KIND_LABELS[h.kind] ?? h.kind,
        measure: h.nameZh,
        content: h.content,
        triggeredBy: h.triggeredBy.map((t) => t.documentNo ?? '').join('、'),
        until: h.validUntil ?? '至移出',
      })),
      empty: NONE,
    },
  ]
  return { code: 'measure_check', title: `联合奖惩核查结果（${scenario}）`, blocks }
}
