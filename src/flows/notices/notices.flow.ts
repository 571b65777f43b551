// Proactive notices (主动提示): a daily job that tells subjects what is about to happen to their records before it
// happens - a publication that ends, a repair that becomes possible - and tells applicant, handling department and
// credit office when a case's clock ran out. Each notice is sent exactly once (a key in the notifications module's
// notice_log); what it reads comes from the access, records, disclosure, catalog, cases and deadlines modules.
import { systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Ctx } from '../../core/context.js'
import { entitiesWithAccounts } from '../../modules/access/index.js'
import { addDays, type CatalogClass, getClass } from '../../modules/catalog/index.js'
import { type CaseMachine, type CaseRow, listCases, openCasesAbout } from '../../modules/cases/index.js'
import { currentDeadlinePolicy } from '../../modules/deadlines/index.js'
import { isPublic, publicLastDay } from '../../modules/disclosure/index.js'
import { type NotifyInput, notifyOnce } from '../../modules/notifications/index.js'
import { type RecordRow, recordsOfEntity } from '../../modules/records/index.js'
import { repairMachine } from '../../modules/repairs/index.js'
import { caseKind, clockReading } from '../cases/index.js'
import { eligibilityOf } from '../repairs/index.js'

/** The three proactive notices, as inbox topics. */
export const NOTICE_TOPICS = ['record.publication_ends', 'record.repairable', 'case.overdue'] as const
export type NoticeTopic = (typeof NOTICE_TOPICS)[number]

export const NOTICE_TOPIC_LABELS: Record<NoticeTopic, string> = {
  'record.publication_ends': '公示期届满提示',
  'record.repairable': '可申请信用修复提示',
  'case.overdue': '办件逾期提示',
}

/** Where the subject acts on a record (我的信用 → 我的档案) and on a case (我的办件). */
export const MY_FILE_LINK = '/my/file'
export const MY_CASES_LINK = '/my/cases'

export interface NoticeRunOptions {
  /** The civil date to run for (default: today in Asia/Shanghai by ctx.clock). */
  today?: string | undefined
  /** Days ahead (default: config noticeLeadDays). */
  leadDays?: number | undefined
}

export interface NoticeRun {
  today: string
  leadDays: number
  /** Notices sent in this run, per topic (one per thing told, whatever the number of addressees). */
  sent: Record<NoticeTopic, number>
  /** Inbox notices written (an overdue case tells its applicant, its department and the credit office). */
  inboxNotices: number
  /** Things already told by an earlier run (not repeated). */
  alreadySent: number
  /** Notices that could not be written (logged; the next run tries them again). */
  failed: number
  /** Entities with accounts looked at. */
  entities: number
}

const actor = systemActor('notices')

/** A record as the notices name it: its class and document number. */
function recordName(cls: CatalogClass, r: RecordRow): string {
  if (!r.document_no) return cls.nameZh
  const no = [...r.document_no]
  return `${cls.nameZh}（${no.length > 60 ? `${no.slice(0, 60).join('')}…` : r.document_no}）`
}

/**
 * Runs the proactive notices for one day: deterministic (the date from ctx.clock or `today`), and exactly once per
 * thing told, so a rerun the same day or the next day repeats nothing. Each notice commits on its own.
 */
export async function runNotices(ctx: Ctx, options: NoticeRunOptions = {}): Promise<NoticeRun> {
  const today = options.today ?? civilDate(ctx.clock.now())
  const leadDays = options.leadDays ?? ctx.config.noticeLeadDays
  const horizon = addDays(today, leadDays)
  const run: NoticeRun = {
    today,
    leadDays,
    sent: { 'record.publication_ends': 0, 'record.repairable': 0, 'case.overdue': 0 },
    inboxNotices: 0,
    alreadySent: 0,
    failed: 0,
    entities: 0,
  }
  const send = async (topic: NoticeTopic, key: string, notices: NotifyInput[]) => {
    if (notices.length === 0) return
    try {
      if (await notifyOnce(ctx, actor, `${topic}:${key}`, notices)) {
        run.sent[topic]++
        run.inboxNotices += notices.length
      } else run.alreadySent++
    } catch (e) {
      // one notice that cannot be written does not hold up the others; nothing of it was stored, so it is retried
      run.failed++
      ctx.logger.error({ err: e, notice: `${topic}:${key}` }, 'proactive notice failed')
    }
  }

  const classes = new Map<string, CatalogClass>()
  const classOf = async (r: RecordRow) => {
    const k = `${r.class_code}@${r.class_version}`
    let c = classes.get(k)
    if (!c) {
      c = await getClass(ctx.db, r.class_code, r.class_version)
      classes.set(k, c)
    }
    return c
  }
  // the disclosure rule reads the civil date of an instant: the clock's, or noon in Shanghai of the day asked for
  const now = options.today ? new Date(`${today}T04:00:00.000Z`) : ctx.clock.now()

  const withAccounts = await entitiesWithAccounts(ctx.db)
  run.entities = withAccounts.length
  for (const entityId of withAccounts) {
    for (const r of await recordsOfEntity(ctx.db, entityId)) {
      if (r.state !== 'active') continue
      const cls = await classOf(r)
      const name = recordName(cls, r)
      // (1) a public record whose publication ends within the lead days
      const last = publicLastDay(r)
      if (last && last <= horizon && isPublic(r, cls, now).public) {
        const off = addDays(last, 1)
        await send('record.publication_ends', `${r.id}:${last}`, [
          {
            to: { kind: 'entity', id: entityId },
            topic: 'record.publication_ends',
            title: `您的信用记录「${name}」将于 ${off} 停止公示`,
            body: `该记录的公示期至 ${last}（含）届满，自 ${off} 起不再在信用门户公示；记录本身仍保存在平台，可在「我的信用」中查看。`,
            link: MY_FILE_LINK,
          },
        ])
      }
      // (2) a negative record that may be repaired now, or will be within the lead days
      if (r.polarity !== 'negative') continue
      // the repairs flow's eligibility: the same answer as GET /api/v1/records/:id/repair-eligibility
      const e = await eligibilityOf(ctx.db, r, today)
      const waiting = !e.eligible && e.reasons.every((x) => x.code === 'min_period')
      if (!(e.eligible || (waiting && e.earliestDate !== null && e.earliestDate <= horizon))) continue
      // an application already under way: nothing to announce
      if ((await openCasesAbout(ctx.db, repairMachine as unknown as CaseMachine, r.id)).length) continue
      const from = e.earliestDate
      const ahead = from !== null && from > today
      const rules = e.ruleSet ? `按 ${e.ruleSet} 年规则（决定作出时适用），` : ''
      await send('record.repairable', `${r.id}:${from ?? 'now'}`, [
        {
          to: { kind: 'entity', id: entityId },
          topic: 'record.repairable',
          title: from
            ? `您的信用记录「${name}」自 ${from} 起可申请信用修复`
            : `您的信用记录「${name}」现可申请信用修复`,
          body: ahead
            ? `${rules}该记录的最短公示期至 ${addDays(from, -1)} 届满，自 ${from} 起可在「我的信用」中申请信用修复（须作出信用修复承诺并提交相关材料）。`
            : `${rules}该记录的最短公示期已届满，现可在「我的信用」中申请信用修复（须作出信用修复承诺并提交相关材料）。`,
          link: MY_FILE_LINK,
        },
      ])
    }
  }

  // (3) cases whose running clock passed its due date without the step done
  const accounts = new Set(withAccounts)
  const terms = (await currentDeadlinePolicy(ctx.db)).terms
  const read = await clockReading(ctx, today)
  for (let offset = 0; ; offset += 200) {
    const page = await listCases(ctx.db, { overdueOn: today, limit: 200, offset })
    for (const { row, deadlines } of page.items)
      for (const d of deadlines) {
        if (d.met_at !== null || d.due_on >= today) continue
        const label = terms[d.code]?.nameZh ?? d.code
        const late = -read(d.due_on).remainingWorkingDays
        await send(
          'case.overdue',
          `${row.id}:${d.code}:${d.due_on}`,
          overdueNotices(row, label, d.due_on, late, accounts),
        )
      }
    if (page.items.length < 200) break
  }
  return run
}

const CONSOLE_PATHS: Record<string, string> = { list_exit: 'list-exits' }
/** Names of the kinds the queue may not list yet (a kind registered in CASE_KINDS names itself). */
const KIND_LABELS: Record<string, string> = {
  objection: '异议',
  repair: '信用修复',
  tip: '举报',
  list_exit: '申请移出',
}

/** The case page in the console (queues under 异议与修复). */
function consoleLink(row: CaseRow): string {
  return `/console/rights/${CONSOLE_PATHS[row.kind] ?? `${row.kind}s`}/${encodeURIComponent(row.id)}`
}

/**
 * Who hears of an overdue clock: the applicant (the entity's accounts for objections and repairs; a signed-in tipster
 * for a tip - never the entity a tip is about), the department handling the case, and the credit office (operators).
 */
function overdueNotices(
  row: CaseRow,
  term: string,
  due: string,
  late: number,
  accounts: ReadonlySet<string>,
): NotifyInput[] {
  const kind = caseKind(row.kind)?.label ?? KIND_LABELS[row.kind] ?? '办件'
  const what = kind === '办件' ? '办件' : `${kind}办件`
  const lateText = late > 0 ? `，已逾期 ${late} 个工作日` : '，已逾期'
  const out: NotifyInput[] = []
  const applicant =
    row.kind !== 'tip' && row.entity_id && accounts.has(row.entity_id)
      ? { kind: 'entity' as const, id: row.entity_id }
      : row.applicant_user && (row.applicant_kind === 'subject' || row.applicant_kind === 'public')
        ? { kind: 'user' as const, id: row.applicant_user }
        : null
  if (applicant)
    out.push({
      to: applicant,
      topic: 'case.overdue',
      title: `您的${kind}（编号 ${row.number}）已超过办理期限`,
      body: `「${term}」应于 ${due} 前完成，现已超过办理期限。平台已同时提醒办理部门和信用办督办；您可在「我的信用 → 我的办件」查看进度。`,
      link: MY_CASES_LINK,
    })
  const staff = {
    topic: 'case.overdue',
    title: `${what} ${row.number} 已逾期：${term}`,
    body: `${what} ${row.number} 的「${term}」应于 ${due} 前完成${lateText}，请尽快办理。`,
    link: consoleLink(row),
  }
  if (row.handler_dept) out.push({ to: { kind: 'dept', id: row.handler_dept }, ...staff })
  out.push({ to: { kind: 'role', id: 'operator' }, ...staff })
  return out
}
