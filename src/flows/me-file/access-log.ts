// Who read an entity's non-public data (查询记录): the audit events indexed under the entity (audit_subjects), as the
// subject sees them (GET /api/v1/me/access-log) and as auditors see them per entity (GET /api/v1/entities/:id/
// access-log): when, which department, which role, which purpose, what was read. The same events auditors see in
// the audit log; reads by the anonymous public (the portal) are not among them.
import type { Actor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { civilDate } from '../../core/clock.js'
import { findRole, listDepartments } from '../../modules/access/index.js'
import {
  type AuditEventView,
  auditError,
  EXPORT_MAX,
  recordAudit,
  subjectAuditEvents,
} from '../../modules/audit/index.js'
import { getEntity } from '../../modules/entities/index.js'
import { ExcelJS } from '../../modules/ingest/index.js'
import { SCENARIO_LABELS } from '../../modules/measures/index.js'
import { KIND_LABELS as REPORT_KIND_LABELS } from '../../modules/reports/index.js'

/** What a read was (the `kind` of an access-log entry) and its label. */
export const ACCESS_KIND_LABELS = {
  check: '联合奖惩核查',
  check_batch: '批量联合奖惩核查',
  credit_review: '信用审查',
  id_lookup: '按身份证件号码查找主体',
  id_number: '查看完整身份证件号码',
  entity_file: '查阅信用档案',
  record: '查阅信用记录',
  list: '查阅名单',
  commitment: '查阅信用承诺',
  check_result: '查阅核查结果',
  sharing_query: '政务共享查询',
  watch: '信用监测',
  report: '出具信用报告',
  authorization_use: '使用本主体的授权',
  compare: '批量比对',
  compare_result: '查阅批量比对结果',
  agency_read: '信用服务机构经授权查询',
  agency_updates: '信用服务机构接收修复撤销推送',
  sme_list: '查阅优质中小企业名单',
  agency_sme: '信用服务机构经授权查询优质中小企业名单',
} as const

export type AccessKind = keyof typeof ACCESS_KIND_LABELS

/** The audit actions that are reads of an entity's non-public data, indexed under the entity when written. */
export const ACCESS_LOG_ACTIONS = [
  'check.run',
  'check.batch',
  'review.run',
  'entity.resolve_personal',
  'entity.read_id_number',
  'record.read_authorized',
  'entity.read_file',
  'record.read',
  'list.read',
  'commitment.read',
  'check.read',
  'share.query',
  'watch.read',
  'watch.delivered',
  'report.issue',
  'authorization.use',
  'compare.rows',
  'compare.read',
  'agency.read',
  'agency.updates_read',
  'sme.read',
  'sme.agency_read',
] as const

const VIA_LABELS: Record<string, string> = {
  resolve: '主体匹配',
  check: '联合奖惩核查',
  check_batch: '批量联合奖惩核查',
  commitment: '信用承诺',
  review: '信用审查',
  entity_file: '信用档案',
  record: '信用记录',
  history: '信用记录历史版本',
  marks: '信用记录的异议标注',
  compare: '批量比对',
}

const LIST_KIND_LABELS: Record<string, string> = { red: '红名单', black: '黑名单', focus: '重点关注名单' }

export interface AccessLogEntry {
  eventId: string
  at: string
  /** The civil date (Asia/Shanghai) of `at`. */
  date: string
  kind: AccessKind
  kindLabel: string
  /** What was read, in words. */
  what: string
  dept: string | null
  deptName: string | null
  role: string | null
  roleLabel: string | null
  purpose: string | null
  scenario: string | null
  recordId: string | null
  checkId: string | null
  batchId: string | null
}

/** The operator's view adds who acted and the request (the subject sees departments and roles, not officials). */
export interface OperatorAccessLogEntry extends AccessLogEntry {
  actor: string | null
  actorKind: string
  requestId: string | null
}

export interface AccessLogQuery {
  /** Civil dates (YYYY-MM-DD, Asia/Shanghai), both inclusive. */
  from?: string | undefined
  to?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface AccessLogPage<T> {
  entityId: string
  from: string | null
  to: string | null
  total: number
  page: number
  pageSize: number
  items: T[]
}

/** The instant a civil date (Asia/Shanghai) starts. */
function dayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString()
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

function instantRange(q: AccessLogQuery): { from?: string; to?: string } {
  if (q.from && q.to && q.from > q.to)
    throw auditError('audit.bad_filter', {
      reason: `开始日期 from（${q.from}）晚于结束日期 to（${q.to}）：请填写不晚于结束日期的开始日期`,
    })
  return {
    ...(q.from ? { from: dayStart(q.from) } : {}),
    ...(q.to ? { to: dayStart(nextDay(q.to)) } : {}),
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null
}

function scenarioText(s: string | null): string {
  return s ? (SCENARIO_LABELS[s] ?? s) : ''
}

/** What an event read, as its kind, a sentence and the references it carries. */
function describe(
  e: AuditEventView,
): Pick<AccessLogEntry, 'kind' | 'what' | 'scenario' | 'recordId' | 'checkId' | 'batchId'> {
  const d = e.details
  const scenario = str(d.scenario)
  const none = { scenario: null, recordId: null, checkId: null, batchId: null }
  switch (e.action) {
    case 'check.run':
      return {
        ...none,
        kind: 'check',
        scenario,
        checkId: e.targetId,
        what: `联合奖惩核查：应用场景「${scenarioText(scenario)}」`,
      }
    case 'check.batch':
      return {
        ...none,
        kind: 'check_batch',
        scenario,
        batchId: e.targetId,
        what: `批量联合奖惩核查：应用场景「${scenarioText(scenario)}」，本批共 ${Number(d.subjects ?? 0)} 个主体`,
      }
    case 'review.run':
      return {
        ...none,
        kind: 'credit_review',
        scenario: 'admin_approval',
        checkId: e.targetId,
        what: '信用审查：联合奖惩核查（行政审批）及信用承诺履约情况',
      }
    case 'entity.resolve_personal': {
      const via = str(d.via)
      return {
        ...none,
        kind: 'id_lookup',
        what: `按身份证件号码查找主体${via ? `（${VIA_LABELS[via] ?? via}）` : ''}`,
      }
    }
    case 'entity.read_id_number':
      return { ...none, kind: 'id_number', what: '查看完整身份证件号码' }
    case 'entity.read_file':
      return { ...none, kind: 'entity_file', what: '查阅信用档案（政务共享视图）' }
    case 'record.read':
      return {
        ...none,
        kind: 'record',
        recordId: e.targetType === 'record' ? e.targetId : null,
        what: `查阅${d.via === 'history' ? '信用记录的历史版本' : d.via === 'marks' ? '信用记录的异议标注' : '信用记录'}（政务共享视图）${str(d.class) ? `：${String(d.class)}` : ''}`,
      }
    case 'list.read': {
      const list = LIST_KIND_LABELS[String(e.targetId ?? '')] ?? String(e.targetId ?? '')
      return {
        ...none,
        kind: 'list',
        what:
          d.via === 'proposals'
            ? '查阅重点关注名单列入建议'
            : `查阅${list}条目（政务视图，本页 ${Number(d.rows ?? 0)} 条）`,
      }
    }
    case 'commitment.read':
      return {
        ...none,
        kind: 'commitment',
        what: d.via === 'detail' ? '查阅信用承诺及其履约记录' : `查阅信用承诺列表（本页 ${Number(d.rows ?? 0)} 条）`,
      }
    case 'share.query':
      return {
        ...none,
        kind: 'sharing_query',
        what:
          d.via === 'entity'
            ? '政务共享查询：查阅信用记录（政务共享视图）'
            : `政务共享查询（政务共享视图，本次共 ${Number(d.subjects ?? 0)} 个主体）`,
      }
    case 'watch.read':
    case 'watch.delivered':
      return {
        ...none,
        kind: 'watch',
        what: `信用监测：${e.action === 'watch.read' ? '拉取' : '推送'}监测事件（本次 ${Number(d.events ?? 0)} 条）`,
      }
    case 'check.read':
      return d.via === 'receipt'
        ? { ...none, kind: 'check_result', scenario, checkId: e.targetId, what: '查阅联合奖惩核查回执' }
        : {
            ...none,
            kind: 'check_result',
            scenario,
            batchId: e.targetId,
            what: `${d.via === 'batch_xlsx' ? '下载' : '查阅'}批量联合奖惩核查结果：应用场景「${scenarioText(scenario)}」`,
          }
    case 'report.issue':
      return {
        ...none,
        kind: 'report',
        scenario,
        what: `出具信用报告（${(REPORT_KIND_LABELS as Record<string, string>)[String(d.kind)] ?? String(d.kind ?? '')}，编号 ${String(d.number ?? e.targetId ?? '')}）${d.authorization ? '，经本主体授权' : ''}`,
      }
    case 'authorization.use':
      return {
        ...none,
        kind: 'authorization_use',
        what: `使用本主体的授权（授权编号 ${String(e.targetId ?? '')}，范围 ${String(d.scope ?? '')}）：${String(d.what ?? '')}${d.target ? `，报告编号 ${String(d.target)}` : ''}`,
      }
    case 'compare.rows':
      return {
        ...none,
        kind: 'compare',
        scenario,
        batchId: e.targetId,
        what: `批量比对：名单、严重失信记录${scenario ? `及应用场景「${scenarioText(scenario)}」的奖惩措施` : ''}`,
      }
    case 'agency.read': {
      const classes = Array.isArray(d.classes) ? (d.classes as unknown[]).map(String) : null
      return {
        ...none,
        kind: 'agency_read',
        what: `信用服务机构「${String(d.agency ?? '')}」（备案编号 ${String(d.filingNo ?? '')}）经本主体授权查询信用记录（授权范围 ${Array.isArray(d.scopes) ? (d.scopes as unknown[]).map(String).join('、') : ''}${classes ? `，查询类别 ${classes.join('、')}` : ''}，本次 ${Number(d.records ?? 0)} 条）`,
      }
    }
    case 'agency.updates_read':
      return {
        ...none,
        kind: 'agency_updates',
        what: `信用服务机构「${String(d.agency ?? '')}」（备案编号 ${String(d.filingNo ?? '')}）接收信用修复、撤销推送（本次 ${Number(d.updates ?? 0)} 条）`,
      }
    case 'sme.read':
      return {
        ...none,
        kind: 'sme_list',
        what: `查阅优质中小企业名单（本主体在列，名单共 ${Number(d.total ?? 0)} 个主体）`,
      }
    case 'sme.agency_read':
      return {
        ...none,
        kind: 'agency_sme',
        what: `信用服务机构「${String(d.agency ?? '')}」（备案编号 ${String(d.filingNo ?? '')}）经本主体授权（范围 ${String(d.scope ?? '')}）查询优质中小企业名单：本主体在列，可见信用等级和入选理由`,
      }
    case 'compare.read':
      return {
        ...none,
        kind: 'compare_result',
        scenario,
        batchId: e.targetId,
        what: '下载批量比对结果',
      }
    default: {
      // record.read_authorized: the file or one record, with its authorised-scope content
      if (d.via === 'entity_file')
        return { ...none, kind: 'entity_file', what: '查阅信用档案（含授权查询范围的信用记录）' }
      return {
        ...none,
        kind: 'record',
        recordId: e.targetType === 'record' ? e.targetId : null,
        what: `查阅${d.via === 'history' ? '信用记录的历史版本' : '信用记录'}（授权查询范围）${str(d.class) ? `：${String(d.class)}` : ''}`,
      }
    }
  }
}

async function entryMaker(ctx: Ctx): Promise<(e: AuditEventView) => OperatorAccessLogEntry> {
  const depts = new Map((await listDepartments(ctx)).map((d) => [d.code, d.name]))
  return (e) => {
    const described = describe(e)
    return {
      eventId: e.id,
      at: e.at,
      date: civilDate(new Date(e.at)),
      kindLabel: ACCESS_KIND_LABELS[described.kind],
      ...described,
      dept: e.actorDept,
      deptName: e.actorDept ? (depts.get(e.actorDept) ?? null) : null,
      role: e.actorRole,
      roleLabel: e.actorRole ? (findRole(e.actorRole)?.label ?? null) : null,
      purpose: e.purpose,
      actor: e.actor,
      actorKind: e.actorKind,
      requestId: e.requestId,
    }
  }
}

/** The subject's view of an entry: no official's identity, no request id. */
export function subjectEntry(e: OperatorAccessLogEntry): AccessLogEntry {
  const { actor: _actor, actorKind: _kind, requestId: _request, ...rest } = e
  return rest
}

/** One page of the entity's access log, newest first (404 entity.not_found for an unknown entity). */
export async function accessLog(
  ctx: Ctx,
  entityId: string,
  query: AccessLogQuery,
): Promise<AccessLogPage<OperatorAccessLogEntry>> {
  await getEntity(ctx.db, entityId)
  const range = instantRange(query)
  const page = query.page ?? 1
  const pageSize = query.pageSize ?? 50
  const { total, items } = await subjectAuditEvents(
    ctx.db,
    { entityId, actions: ACCESS_LOG_ACTIONS, ...range },
    page,
    pageSize,
  )
  const entry = await entryMaker(ctx)
  return {
    entityId,
    from: query.from ?? null,
    to: query.to ?? null,
    total,
    page,
    pageSize,
    items: items.map(entry),
  }
}

const XLSX_HEADERS = ['时间', '日期', '查询类型', '查询内容', '部门代码', '部门', '角色', '查询用途', '应用场景']

/** The columns of the export, in order (tests read the file back with them). */
export const ACCESS_LOG_XLSX_HEADERS: readonly string[] = XLSX_HEADERS

/**
 * The access log as an XLSX workbook (at most EXPORT_MAX entries, newest first): one sheet of entries, one of the
 * filter. The operator's export carries the acting account too, and is itself audited (`audit.export`).
 */
export async function accessLogWorkbook(
  ctx: Ctx,
  entityId: string,
  query: AccessLogQuery,
  options: { operator?: Actor } = {},
): Promise<{ body: Buffer; total: number; rows: number }> {
  const log = await accessLog(ctx, entityId, { ...query, page: 1, pageSize: EXPORT_MAX })
  const wb = new ExcelJS.Workbook()
  wb.created = ctx.clock.now()
  const ws = wb.addWorksheet('查询记录')
  const headers = options.operator ? [...XLSX_HEADERS, '操作账户', '请求编号'] : XLSX_HEADERS
  ws.addRow(headers)
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const widths = [26, 12, 18, 48, 14, 28, 12, 36, 16, 24, 24]
  headers.forEach((_h, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? 16
  })
  for (const e of log.items) {
    const row = [
      e.at,
      e.date,
      e.kindLabel,
      e.what,
      e.dept ?? '',
      e.deptName ?? '',
      e.roleLabel ?? e.role ?? '',
      e.purpose ?? '',
      e.scenario ? scenarioText(e.scenario) : '',
    ]
    ws.addRow(options.operator ? [...row, e.actor ?? '', e.requestId ?? ''] : row)
  }
  const info = wb.addWorksheet('查询条件')
  info.getColumn(1).width = 14
  info.getColumn(2).width = 40
  for (const [k, v] of [
    ['主体编号', entityId],
    ['开始日期', query.from ?? '（不限）'],
    ['结束日期', query.to ?? '（不限）'],
    ['记录条数', String(log.items.length)],
    ['导出时间', ctx.clock.now().toISOString()],
  ])
    info.addRow([k, v])
  if (options.operator) {
    const actor = options.operator
    await runCommand(ctx, actor, ({ trx, clock }) =>
      recordAudit(trx, clock, actor, {
        action: 'audit.export',
        targetType: 'entity',
        targetId: entityId,
        details: {
          view: 'access_log',
          format: 'xlsx',
          from: query.from ?? null,
          to: query.to ?? null,
          rows: log.items.length,
        },
      }),
    )
  }
  const body = Buffer.from(await wb.xlsx.writeBuffer())
  return { body, total: log.total, rows: log.items.length }
}
