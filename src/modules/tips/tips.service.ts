// Tips (有奖举报): anyone files a tip (anonymously if they like) and gets a number and a query code shown once; the
// credit office routes it to the competent department (the routing table suggests one); that department finds it
// verified or unfounded, or transfers it, and records the reward of a verified tip. The tipster's contact details are
// encrypted and shown only to the department handling the tip.
import { randomInt, timingSafeEqual } from 'node:crypto'
import { type Actor, systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { type CommandScope, runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { DefaultOutcome } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import {
  maskPersonalTextDeep,
  normalizeCode,
  readSealedTexts,
  sealPersonalText,
  unsealPersonalText,
  validateUscc,
} from '../../identifiers/index.js'
import { can, departmentExists, listDepartments, type Principal } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import {
  type CaseEventRow,
  type CaseRow,
  type CaseView,
  caseCounts,
  caseHistory,
  getCase,
  getCaseByNumber,
  listCases,
  moveCase,
  openCase,
} from '../cases/index.js'
import { resolveEntity } from '../entities/index.js'
import { type AttachedFileJson, attachFiles, filesOf } from '../files/index.js'
import { notify } from '../notifications/index.js'
import { currentTipPolicy, startTipClock, tipPolicyDays } from './tips.clock.js'
import { tipError } from './tips.errors.js'
import { type TipAction, type TipState, tipCases, tipMachine } from './tips.machine.js'
import { type RoutingVersion, routingPolicy } from './tips.policy.js'
import { findTip, insertTip, type TipRow, tipsOfCases, updateTipReward } from './tips.repository.js'
import { type RoutingTable, readDefaultRouting } from './tips.routing.js'

export type { RoutingVersion }

// ---------------------------------------------------------------- the routing table (versioned data)

/** The current routing table, or one version of it. */
export async function getRouting(db: Db, version?: number): Promise<RoutingVersion> {
  return (await routingPolicy.get(db, null, version)) as unknown as RoutingVersion
}

/** Every version of the routing table, oldest first. */
export async function listRoutingVersions(db: Db): Promise<RoutingVersion[]> {
  return (await routingPolicy.versions(db, null)) as unknown as RoutingVersion[]
}

/** An operator's edit: a new current version (audited); tips already filed keep the suggestion they got. */
export async function updateRouting(
  ctx: Ctx,
  actor: Actor,
  input: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<RoutingVersion> {
  const { version } = await routingPolicy.edit(ctx, actor, null, input, reason, options)
  return getRouting(ctx.db, version)
}

/** Loads data/tips/routing.json (migrate and start); an operator's version is never replaced. */
export async function loadDefaultRouting(
  ctx: Ctx,
  options: { path?: string; actor?: Actor } = {},
): Promise<{ outcome: DefaultOutcome; version: number }> {
  const { plans } = await routingPolicy.loadDefaults(ctx, options.actor ?? systemActor('migrate'), async () => [
    [null, readDefaultRouting(options.path)] as const,
  ])
  const { outcome, version } = plans[0] as { outcome: DefaultOutcome; version: number }
  return { outcome, version }
}

/** Routing versions by number, read once per call. */
class RoutingVersions {
  readonly #db: Db
  readonly #seen = new Map<number, Promise<RoutingTable>>()
  constructor(db: Db) {
    this.#db = db
  }
  table(version: number): Promise<RoutingTable> {
    let t = this.#seen.get(version)
    if (!t) {
      t = getRouting(this.#db, version).then((v) => v.routing)
      this.#seen.set(version, t)
    }
    return t
  }
}

// ---------------------------------------------------------------- filing (the public)

export interface TipContact {
  name?: string | null | undefined
  phone?: string | null | undefined
  email?: string | null | undefined
}

export interface TipInput {
  category: string
  entityName?: string | null | undefined
  entityUscc?: string | null | undefined
  content: string
  /** Evidence file ids (POST /api/v1/files), the actor's own uploads. */
  evidence?: readonly string[] | undefined
  /** The upload token of anonymous uploads (POST /api/v1/files answers it). */
  uploadToken?: string | undefined
  contact?: TipContact | null | undefined
  wantsReward?: boolean | undefined
}

export interface FiledTip {
  /** The case id (for the console; the tipster gets the number and the code only). */
  id: string
  number: string
  /** Shown once: only its keyed hash is stored. */
  queryCode: string
}

/** Unambiguous letters and digits (no 0/O, 1/I/L): 31 symbols; 12 of them are about 59 bits. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const CODE_LENGTH = 12

function newQueryCode(): string {
  let s = ''
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`
}

const codeKey = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '')

function codeHash(ctx: Ctx, number: string, code: string): string {
  return ctx.keys.hmac(`${number}\n${codeKey(code)}`, 'tip-query-code')
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const text = (v: unknown): string => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : '')
const PHONE_RE = /^\+?[0-9][0-9 -]{4,19}$/
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/

function cleanContact(given: TipContact | null | undefined): { name: string; phone: string; email: string } | null {
  if (given === null || given === undefined) return null
  const name = text(given.name)
  const phone = text(given.phone)
  const email = text(given.email)
  if (!name && !phone && !email) return null
  if (name.length > 50)
    throw tipError('tips.field_invalid', { field: 'contact.name', label: '联系人姓名', rule: '最多 50 个字' })
  if (phone && !PHONE_RE.test(phone))
    throw tipError('tips.field_invalid', {
      field: 'contact.phone',
      label: '联系电话',
      rule: '应为 5 到 20 位数字（可含 +、- 和空格）',
    })
  if (email && (email.length > 254 || !EMAIL_RE.test(email)))
    throw tipError('tips.field_invalid', {
      field: 'contact.email',
      label: '电子邮箱',
      rule: '格式应如 name@example.com',
    })
  if (!phone && !email)
    throw tipError('tips.field_required', {
      field: 'contact.phone',
      label: '联系电话或电子邮箱（留联系方式时至少填一项）',
    })
  return { name, phone, email }
}

/**
 * Files a tip: checked, the content's and the entity name's ID numbers masked (clear text sealed), the contact
 * details encrypted, the routing suggestion of the table in force, the case opened (number JB..., the routing clock)
 * - all in one transaction. Answers the number and the query code, which is shown this once.
 */
export async function submitTip(ctx: Ctx, actor: Actor, input: TipInput): Promise<FiledTip> {
  const routing = await getRouting(ctx.db)
  const category = text(input.category)
  const cat = routing.routing.categories.find((c) => c.code === category)
  if (!cat)
    throw tipError('tips.unknown_category', {
      category: category.slice(0, 40),
      allowed: routing.routing.categories.map((c) => `${c.code}（${c.nameZh}）`),
    })
  const content = text(input.content)
  if (content.length < 10)
    throw tipError('tips.field_required', {
      field: 'content',
      label: '举报内容（至少 10 个字：谁、何时、何地、什么失信行为）',
    })
  if (content.length > 5000)
    throw tipError('tips.field_invalid', { field: 'content', label: '举报内容', rule: '最多 5000 个字' })
  const entityName = text(input.entityName) || null
  if (entityName && entityName.length > 200)
    throw tipError('tips.field_invalid', { field: 'entityName', label: '被举报主体名称', rule: '最多 200 个字' })
  let uscc: string | null = null
  if (text(input.entityUscc)) {
    uscc = normalizeCode(text(input.entityUscc))
    if (!validateUscc(uscc).valid)
      throw tipError('tips.field_invalid', {
        field: 'entityUscc',
        label: '统一社会信用代码',
        rule: '应为 18 位有效代码（校验位须正确）；不清楚可只填名称',
      })
  }
  const contact = cleanContact(input.contact)
  const wantsReward = input.wantsReward === true
  if (wantsReward && !contact) throw tipError('tips.contact_required')
  const evidence = [...new Set((input.evidence ?? []).map(String))]

  const queryCode = newQueryCode()
  const { id, number } = await runCommand(ctx, actor, async (scope) => {
    const { trx, today, now } = scope
    const sealedText = sealPersonalText(ctx.keys, { content, entity_name: entityName }, { today })
    const entity = uscc ? await resolveEntity(trx, ctx.keys, { uscc }, today) : null
    const suggested = cat.dept && (await departmentExists(trx, cat.dept)) ? cat.dept : null
    const policy = await currentTipPolicy(trx)
    const routeClock = await startTipClock(trx, 'tip.route', today, policy.days['tip.route'])
    const row = await openCase(scope, tipMachine, {
      entityId: entity?.status === 'matched' ? entity.entityId : null,
      recordId: null,
      applicantKind: actor.kind === 'user' ? (actor.role === 'subject' ? 'subject' : 'operator') : 'public',
      applicantUser: actor.kind === 'user' ? actor.id : null,
      handlerDept: null,
      policyVersion: policy.version,
      details: { category, evidence: evidence.length, wantsReward, contact: contact !== null },
      deadlines: [routeClock],
    })
    await insertTip(trx, {
      case_id: row.id,
      category,
      entity_name: sealedText.values.entity_name ?? null,
      entity_uscc: uscc,
      content: sealedText.values.content,
      sealed: sealedText.sealed ? JSON.stringify(sealedText.sealed) : null,
      contact: contact ? ctx.keys.encrypt(JSON.stringify(contact)) : null,
      wants_reward: wantsReward ? 1 : 0,
      code_hash: codeHash(ctx, row.number, queryCode),
      routing_version: routing.version,
      suggested_dept: suggested,
      evidence: JSON.stringify(evidence),
      reward_fen: null,
      reward_paid_on: null,
      created_at: now.toISOString(),
    })
    await attachFiles(
      scope.ctx,
      actor,
      evidence,
      { kind: tipMachine.kind, id: row.id },
      { uploadToken: input.uploadToken },
    )
    await notify(scope.ctx, actor, {
      to: { kind: 'role', id: 'operator' },
      topic: 'tip.submitted',
      title: `新的举报待分办：${row.number}`,
      body: `收到一件「${cat.nameZh}」举报，请在 ${routeClock.workingDays} 个工作日内（${routeClock.dueOn} 前）分办到主管部门${suggested ? `（分办表建议：${suggested}）` : ''}。`,
      link: consoleLink(row.id),
    })
    return row
  })
  return { id, number, queryCode }
}

const consoleLink = (id: string) => `/console/rights/tips/${encodeURIComponent(id)}`

/** Tells the department now handling a tip, and the signed-in tipster (if any) of the new state. */
async function tell(
  scope: CommandScope,
  row: CaseRow,
  moved: CaseRow,
  dept: { code: string; dueOn?: string | undefined } | null,
): Promise<void> {
  if (dept)
    await notify(scope.ctx, scope.actor, {
      to: { kind: 'dept', id: dept.code },
      topic: moved.state === 'transferred' ? 'tip.transferred' : 'tip.routed',
      title: `举报待办理：${row.number}`,
      body: `${moved.state === 'transferred' ? '其他部门移交' : '信用办分办'}一件举报由本部门办理${dept.dueOn ? `，请在 ${dept.dueOn} 前核查并登记结论` : ''}。`,
      link: consoleLink(row.id),
    })
  if (row.applicant_user)
    await notify(scope.ctx, scope.actor, {
      to: { kind: 'user', id: row.applicant_user },
      topic: `tip.${moved.state}`,
      title: `您的举报 ${row.number}：${tipMachine.states[moved.state as TipState]}`,
      body: `您提交的举报 ${row.number} 当前状态为「${tipMachine.states[moved.state as TipState]}」。`,
      link: null,
    })
}

// ---------------------------------------------------------------- status for the tipster

export interface TipStatus {
  number: string
  state: TipState
  stateLabel: string
  /** Civil date of the last change (Asia/Shanghai). */
  updatedOn: string
}

/**
 * The status of a tip by its number and query code, and nothing else. An unknown number and a wrong code are the
 * same 404 (the route is throttled against guessing).
 */
export async function tipStatus(ctx: Ctx, number: string, code: string): Promise<TipStatus> {
  const n = String(number ?? '')
    .trim()
    .toUpperCase()
  const view = /^JB\d{10,12}$/.test(n) ? await getCaseByNumber(ctx.db, n) : undefined
  const tip = view && view.row.kind === tipMachine.kind ? await findTip(ctx.db, view.row.id) : undefined
  // the hash is computed whether or not the number exists: both answers take the same time
  const given = codeHash(ctx, n, String(code ?? ''))
  if (!view || !tip || !sameHash(given, tip.code_hash)) throw tipError('tips.not_found')
  const state = view.row.state as TipState
  return {
    number: view.row.number,
    state,
    stateLabel: tipMachine.states[state],
    updatedOn: civilDate(new Date(view.row.updated_at)),
  }
}

// ---------------------------------------------------------------- the console: queue and case page

/** Who may see a tip: the credit office (tip.review) every tip; a department (tip.handle) those it handles now. */
function mayView(viewer: Principal, row: CaseRow): boolean {
  if (can(viewer, 'tip.review')) return true
  return can(viewer, 'tip.handle') && viewer.dept !== null && row.handler_dept === viewer.dept
}

/** Who may read a tip's evidence files (the files module asks): whoever may see the tip. */
export async function tipFileAccess(ctx: Pick<Ctx, 'db'>, viewer: Principal, caseId: string): Promise<boolean> {
  try {
    const view = await getCase(ctx.db, tipMachine, caseId)
    return mayView(viewer, view.row)
  } catch {
    return false
  }
}

/** Only the department handling the tip sees how to reach the tipster (and the content in clear). */
export function handles(viewer: Principal, row: CaseRow): boolean {
  return can(viewer, 'tip.handle') && viewer.dept !== null && row.handler_dept === viewer.dept
}

export interface TipQuery {
  state?: TipState | undefined
  dept?: string | undefined
  overdue?: boolean | undefined
  page: number
  pageSize: number
}

/** A tip as the queue and the case page read it. */
export interface TipView {
  view: CaseView
  tip: TipRow
  categoryLabel: string
  deptNames: ReadonlyMap<string, string>
}

export interface TipPage {
  items: TipView[]
  total: number
  page: number
  pageSize: number
  counts: { state: string; dept: string | null; n: number }[]
}

async function deptNames(ctx: Ctx): Promise<Map<string, string>> {
  return new Map((await listDepartments(ctx)).map((d) => [d.code, d.name]))
}

async function categoryLabel(versions: RoutingVersions, tip: TipRow): Promise<string> {
  const table = await versions.table(tip.routing_version).catch(() => null)
  return table?.categories.find((c) => c.code === tip.category)?.nameZh ?? tip.category
}

/** The queue: the credit office sees every tip (filter by department), a department the tips it handles now. */
export async function listTips(ctx: Ctx, viewer: Principal, q: TipQuery): Promise<TipPage> {
  const handlerDept = can(viewer, 'tip.review') ? q.dept : (viewer.dept ?? '\u0000none')
  const filter = {
    kinds: [tipMachine.kind],
    handlerDept,
    ...(q.overdue ? { overdueOn: civilDate(ctx.clock.now()) } : {}),
  }
  const page = await listCases(ctx.db, {
    ...filter,
    ...(q.state ? { states: [q.state] } : {}),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  })
  const tips = new Map(
    (
      await tipsOfCases(
        ctx.db,
        page.items.map((v) => v.row.id),
      )
    ).map((t) => [t.case_id, t]),
  )
  const versions = new RoutingVersions(ctx.db)
  const names = await deptNames(ctx)
  const items: TipView[] = []
  for (const view of page.items) {
    const tip = tips.get(view.row.id)
    if (tip) items.push({ view, tip, categoryLabel: await categoryLabel(versions, tip), deptNames: names })
  }
  const counts = (await caseCounts(ctx.db, filter)).map((c) => ({ state: c.state, dept: c.handler_dept, n: c.n }))
  return { items, total: page.total, page: q.page, pageSize: q.pageSize, counts }
}

/** One tip with what the viewer may see of it, its history and the actions open to the viewer. */
export interface TipDetail extends TipView {
  history: CaseEventRow[]
  evidence: AttachedFileJson[]
  /** The content as stored: ID numbers masked for every viewer (the clear text stays sealed). */
  content: string
  entityName: string | null
  /** null: none given, or not for this viewer (see contactVisible). */
  contact: { name: string; phone: string; email: string } | null
  contactVisible: boolean
  actions: TipAction[]
}

function actionsFor(viewer: Principal, row: CaseRow): TipAction[] {
  const open = (Object.keys(tipMachine.actions) as TipAction[]).filter((a) =>
    (tipMachine.actions[a].from as readonly string[]).includes(row.state),
  )
  return open.filter((a) => (a === 'route' ? can(viewer, 'tip.review') : handles(viewer, row)))
}

async function tipOrNotFound(db: Db, viewer: Principal, id: string): Promise<{ view: CaseView; tip: TipRow }> {
  const view = await getCase(db, tipMachine, id)
  const tip = await findTip(db, id)
  if (!tip || !mayView(viewer, view.row)) throw tipError('tips.not_found')
  return { view, tip }
}

export async function getTip(ctx: Ctx, viewer: Principal, id: string): Promise<TipDetail> {
  const { view, tip } = await tipOrNotFound(ctx.db, viewer, id)
  const own = handles(viewer, view.row)
  let contact: TipDetail['contact'] = null
  // the contact is for the handling department only; an ID number typed into it is masked like everywhere else
  if (own && tip.contact)
    contact = maskPersonalTextDeep(JSON.parse(ctx.keys.decrypt(tip.contact)) as TipDetail['contact'], {
      today: civilDate(ctx.clock.now()),
    })
  return {
    view,
    tip,
    categoryLabel: await categoryLabel(new RoutingVersions(ctx.db), tip),
    deptNames: await deptNames(ctx),
    history: await caseHistory(ctx.db, id),
    evidence: await filesOf(ctx, { kind: tipMachine.kind, id }),
    content: tip.content,
    entityName: tip.entity_name,
    contact,
    contactVisible: own,
    actions: actionsFor(viewer, view.row),
  }
}

/**
 * The content and entity name as the tipster typed them (answers show them masked): for the handling department
 * only, with a stated purpose (the actor's), one audit event in the same command.
 */
export async function readTipTexts(
  ctx: Ctx,
  viewer: Principal,
  actor: Actor,
  id: string,
): Promise<{ content: string; entityName: string | null }> {
  const { view, tip } = await tipOrNotFound(ctx.db, viewer, id)
  if (!handles(viewer, view.row)) throw tipError('tips.not_found')
  const sealed = readSealedTexts(tip.sealed)
  return runCommand(ctx, actor, async ({ trx, clock }) => {
    await recordAudit(trx, clock, actor, {
      action: 'tip.read_texts',
      targetType: 'case',
      targetId: id,
      subjects: [view.row.entity_id],
      details: { number: view.row.number },
    })
    return {
      content: unsealPersonalText(ctx.keys, sealed, 'content', tip.content),
      entityName: unsealPersonalText(ctx.keys, sealed, 'entity_name', tip.entity_name),
    }
  })
}

// ---------------------------------------------------------------- the console: actions

interface Step {
  /** The case version the caller read (optimistic lock): a tip moved since is 409 tips.conflict. */
  version?: number | undefined
}

const note = (v: unknown, field: string, label: string, required: boolean): string | null => {
  const s = text(v)
  if (!s) {
    if (required) throw tipError('tips.field_required', { field, label })
    return null
  }
  if (s.length > 2000) throw tipError('tips.field_invalid', { field, label, rule: '最多 2000 个字' })
  return s
}

async function knownDept(db: Db, dept: unknown): Promise<string> {
  const code = text(dept)
  if (!code) throw tipError('tips.field_required', { field: 'dept', label: '承办部门' })
  if (!(await departmentExists(db, code))) throw tipError('tips.unknown_dept', { dept: code.slice(0, 64) })
  return code
}

/** The credit office hands a new tip to the competent department: the handling clock starts. */
export async function routeTip(
  ctx: Ctx,
  viewer: Principal,
  actor: Actor,
  id: string,
  input: Step & { dept: string; note?: string | null | undefined },
): Promise<TipDetail> {
  await runCommand(ctx, actor, async (scope) => {
    const { view, tip } = await tipOrNotFound(scope.trx, viewer, id)
    const dept = await knownDept(scope.trx, input.dept)
    const days = await tipPolicyDays(scope.trx, view.row.policy_version, 'tip.handle')
    const handle = await startTipClock(scope.trx, 'tip.handle', scope.today, days)
    const moved = await moveCase(scope, tipCases, id, 'route', {
      expectedVersion: input.version,
      handlerDept: dept,
      meet: ['tip.route'],
      deadlines: [handle],
      details: {
        dept,
        suggestedDept: tip.suggested_dept,
        followedSuggestion: tip.suggested_dept === dept,
        reason: note(input.note, 'note', '分办说明', false),
      },
    })
    await tell(scope, view.row, moved, { code: dept, dueOn: handle.dueOn })
  })
  return getTip(ctx, viewer, id)
}

/** Moves a tip the viewer's department handles (else 404: another department's tip is not shown). */
async function handlerStep(
  ctx: Ctx,
  viewer: Principal,
  actor: Actor,
  id: string,
  action: Exclude<TipAction, 'route'>,
  step: (scope: CommandScope, row: CaseRow, tip: TipRow) => Promise<void>,
): Promise<TipDetail> {
  await runCommand(ctx, actor, async (scope) => {
    const view = await getCase(scope.trx, tipMachine, id)
    const tip = await findTip(scope.trx, id)
    if (!tip || !mayView(viewer, view.row)) throw tipError('tips.not_found')
    if (!handles(viewer, view.row)) {
      // the credit office sees the tip but does not decide it: the state first (a closed tip is 409 for everybody)
      if (!(tipMachine.actions[action].from as readonly string[]).includes(view.row.state))
        throw tipMachine.badTransition({
          id,
          state: view.row.state as TipState,
          stateLabel: tipMachine.states[view.row.state as TipState],
          action,
          actionLabel: tipMachine.actions[action].label,
        })
      throw tipError('tips.not_handler')
    }
    await step(scope, view.row, tip)
  })
  // after a transfer the former department no longer sees the tip: it gets the answer of the step itself
  const after = await getCase(ctx.db, tipMachine, id)
  if (!mayView(viewer, after.row)) {
    const tip = (await findTip(ctx.db, id)) as TipRow
    return {
      view: after,
      tip,
      categoryLabel: await categoryLabel(new RoutingVersions(ctx.db), tip),
      deptNames: await deptNames(ctx),
      history: [],
      evidence: [],
      content: tip.content,
      entityName: tip.entity_name,
      contact: null,
      contactVisible: false,
      actions: [],
    }
  }
  return getTip(ctx, viewer, id)
}

/** The handling department passes the tip to another department, which then handles it (the clock runs on). */
export function transferTip(
  ctx: Ctx,
  viewer: Principal,
  actor: Actor,
  id: string,
  input: Step & { dept: string; reason: string },
): Promise<TipDetail> {
  return handlerStep(ctx, viewer, actor, id, 'transfer', async (scope, row) => {
    const reason = note(input.reason, 'reason', '移交理由', true)
    const dept = await knownDept(scope.trx, input.dept)
    if (dept === row.handler_dept) throw tipError('tips.same_dept', { dept })
    const moved = await moveCase(scope, tipCases, id, 'transfer', {
      expectedVersion: input.version,
      handlerDept: dept,
      details: { from: row.handler_dept, dept, reason },
    })
    await tell(scope, row, moved, { code: dept })
  })
}

/** The handling department's finding: verified (查证属实) or unfounded (查无实据); closes the tip's clocks. */
export function decideTip(
  ctx: Ctx,
  viewer: Principal,
  actor: Actor,
  id: string,
  outcome: 'verified' | 'unfounded',
  input: Step & { note: string },
): Promise<TipDetail> {
  const action = outcome === 'verified' ? 'verify' : 'unfound'
  return handlerStep(ctx, viewer, actor, id, action, async (scope, row) => {
    const finding = note(input.note, 'note', outcome === 'verified' ? '查证情况' : '核查情况', true)
    const moved = await moveCase(scope, tipCases, id, action, {
      expectedVersion: input.version,
      outcome,
      details: { reason: finding },
    })
    await tell(scope, row, moved, null)
  })
}

/** Yuan with at most two decimals ("500", "500.5", "500.50") as integer fen; null when not such an amount. */
export function yuanToFen(amount: string | number): number | null {
  const s = typeof amount === 'number' ? String(amount) : String(amount ?? '').trim()
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** The reward of a verified tip, paid: amount (yuan, two decimals) and the date paid. Only for verified tips. */
export function rewardTip(
  ctx: Ctx,
  viewer: Principal,
  actor: Actor,
  id: string,
  input: Step & { amount: string; paidOn: string; note?: string | null | undefined },
): Promise<TipDetail> {
  return handlerStep(ctx, viewer, actor, id, 'reward', async (scope, row) => {
    const fen = yuanToFen(input.amount)
    if (fen === null || fen <= 0)
      throw tipError('tips.field_invalid', {
        field: 'amount',
        label: '奖励金额（元）',
        rule: '应为大于 0 的金额，最多两位小数，如 "500.00"',
      })
    const paidOn = text(input.paidOn)
    if (!ISO_DATE.test(paidOn) || Number.isNaN(Date.parse(paidOn)) || paidOn > scope.today)
      throw tipError('tips.field_invalid', {
        field: 'paidOn',
        label: '发放日期',
        rule: `应为 YYYY-MM-DD 格式、不晚于今天（${scope.today}）的日期`,
      })
    const moved = await moveCase(scope, tipCases, id, 'reward', {
      expectedVersion: input.version,
      details: { amount: fenToYuan(fen), paidOn, reason: note(input.note, 'note', '说明', false) },
    })
    await updateTipReward(scope.trx, id, fen, paidOn)
    await tell(scope, row, moved, null)
  })
}
