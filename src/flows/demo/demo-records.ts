// The demo city's credit records (step `records`): licences, penalties, inspections, lists and the rest of the
// default catalog, submitted by the city's departments THROUGH THE COLLECTION PIPELINE (runIngest, channel
// 'flow'), one batch per class, department and submission day. Deterministic for a seed: the subjects are the
// entities the earlier steps created (regenerated here from the seed, resolved by the pipeline by USCC or ID
// number), and every choice comes from this step's own random streams. Clear resident ID numbers exist only in
// memory and in the pipeline's input; the pipeline seals them.
import { readFileSync } from 'node:fs'
import type { Ctx } from '../../core/context.js'
import { civilDate, fixedClock } from '../../core/clock.js'
import {
  createRng,
  dataFilePath,
  orgCodeCheckChar,
  type Rng,
  USCC_ALPHABET,
  usccCheckChar,
} from '../../identifiers/index.js'
import { listDepartments } from '../../modules/access/index.js'
import { type CatalogClass, type CatalogField, currentClasses, type FieldRole } from '../../modules/catalog/index.js'
import type { EntityKind, EntityStatus, NewEntity } from '../../modules/entities/index.js'
import { type IngestRowInput, runIngest } from '../ingest/index.js'
import type { DemoState, DemoStep } from './demo.types.js'
import { nameParts } from './demo-data.js'
import {
  CodeBook,
  DEMO_LAST_DATE,
  demoDistricts,
  departmentBodies,
  OrganisationGenerator,
  PersonGenerator,
} from './demo-entities.js'
import { DemoNamer } from './demo-names.js'
import { WeightedPicker } from './demo-random.js'

// ------------------------------------------------------------------ data files (data/demo/records/*.json)

type Weighted = Record<string, number>

interface MixClass {
  w: number
  kinds: Partial<Record<EntityKind, number>>
  industries?: Weighted
  /** Subjects of industries not listed get none of the class (persons, without industry, are not affected). */
  industriesOnly?: boolean
  providers?: Record<string, number | { w: number; kinds?: EntityKind[] }>
}

interface Mix {
  recordsPerEntity: number
  autoMaxEntities: number
  kindFactor: Record<EntityKind, number>
  statusFactor: Partial<Record<EntityStatus, number>>
  activitySigma: number
  yearWeights: Record<string, number>
  special: {
    courtDefaulterShare: number
    courtDefaulterPersonShare: number
    courtUnresolvedShare: number
    taxAGradeShare: number
    revokedPenaltyShare: number
    minorPenaltyShare: number
  }
  rates: {
    correct: number
    revoke: number
    duplicate: number
    errorRates: [number, number][]
    lateRates: [number, number][]
    dateStyles: [DateStyle, number][]
    fillPublishUntil: number
    batchRows: number
    maxBatches: number
    minBatches: number
  }
  classes: Record<string, MixClass>
}

interface ActTemplate {
  dept: string
  w: number
  kinds?: EntityKind[]
  industries?: string[]
  from?: string
  until?: string
  special?: string
  doc?: string
}

interface PenaltyTemplate extends ActTemplate {
  wfxw: string
  sy: string
  yj: string
  types: [string, number][]
  fine?: [number, number]
  confiscate?: [number, number]
  goods?: string
  zkdx?: string
}

interface LicenceTemplate extends ActTemplate {
  xkws: string
  xklb: string
  xkzs: string
  xkbh?: string
  nr: string
  years: number | null
}

type Spec =
  | string
  | null
  | { pick: string[] }
  | { pickw: Weighted }
  | { multi: Weighted; max: number }
  | { yuan: [number, number] }
  | { int: [number, number] }
  | { days: [number, number] }
  | { years: number }
  | { yearOffset: number }
  | { p: number; v: Spec }
  | { by: string; cases: Record<string, Spec>; default?: Spec }
  | { kind: Record<string, Spec> }
  | { industry: Record<string, Spec> }
  | { orgName: OrgFilter }

interface OrgFilter {
  industries?: string[]
  nameIncludes?: string
}

interface ClassContent {
  doc?: string
  /** `municipal`: decided by the municipal department itself, never by a district branch. */
  authority?: 'municipal'
  fields: Record<string, Spec>
  byDept?: Record<string, { doc?: string; fields?: Record<string, Spec> }>
}

interface RecordData {
  mix: Mix
  penalties: PenaltyTemplate[]
  penaltyDocs: Record<string, string>
  licences: LicenceTemplate[]
  classes: Record<string, ClassContent>
  authorities: Record<string, { branch?: string; branchShare?: number; abbr: string }>
  courts: Record<string, { name: string; code: string }>
  lists: Record<string, string[]>
}

let dataCache: RecordData | undefined

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(dataFilePath(`demo/records/${name}`), 'utf8')) as T
}

/** The record templates and mix of data/demo/records/*.json, read once. */
export function recordData(): RecordData {
  if (dataCache) return dataCache
  const words = readJson<{ lists: Record<string, string[]> }>('words.json')
  const penalties = readJson<{
    docs: Record<string, string>
    lists: Record<string, string[]>
    templates: PenaltyTemplate[]
  }>('penalties.json')
  const licences = readJson<{ lists: Record<string, string[]>; templates: LicenceTemplate[] }>('licences.json')
  const classes = readJson<{ lists: Record<string, string[]>; classes: Record<string, ClassContent> }>('classes.json')
  const authorities = readJson<{ departments: RecordData['authorities']; courts: RecordData['courts'] }>(
    'authorities.json',
  )
  dataCache = {
    mix: readJson<Mix>('mix.json'),
    penalties: penalties.templates,
    penaltyDocs: penalties.docs,
    licences: licences.templates,
    classes: classes.classes,
    authorities: authorities.departments,
    courts: authorities.courts,
    lists: { ...words.lists, ...penalties.lists, ...licences.lists, ...classes.lists },
  }
  return dataCache
}

/** Records per entity on average (default 5). */
export const DEFAULT_RECORDS_PER_ENTITY = 5
/** Above this many entities the demo makes no records unless asked (--records-per-entity). */
export const RECORDS_AUTO_MAX_ENTITIES = 100_000

/** Records per entity for a city of `entities` when the caller did not say: 5 up to 100,000 entities, else 0. */
export function defaultRecordsPerEntity(entities: number): number {
  const mix = recordData().mix
  return entities <= mix.autoMaxEntities ? mix.recordsPerEntity : 0
}

// ------------------------------------------------------------------ days

const DAY_MS = 86_400_000
const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS)
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)
/** 0 = Sunday ... 6 = Saturday (1970-01-01, day 0, was a Thursday). */
const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7
const workdayOnOrBefore = (day: number): number => (weekday(day) === 6 ? day - 1 : weekday(day) === 0 ? day - 2 : day)
const workdayOnOrAfter = (day: number): number => (weekday(day) === 6 ? day + 2 : weekday(day) === 0 ? day + 1 : day)
const FIRST_DAY = dayOf('2019-01-01')
const LAST_DAY = workdayOnOrBefore(dayOf(DEMO_LAST_DATE))

function addYears(day: number, years: number): number {
  const d = new Date(day * DAY_MS)
  const y = d.getUTCFullYear() + years
  // 29 February + n years -> 1 March when that year has none (Date.UTC rolls over)
  return Math.floor(Date.UTC(y, d.getUTCMonth(), d.getUTCDate()) / DAY_MS)
}

type DateStyle = 'iso' | 'slash' | 'cn'

function formatDate(day: number, style: DateStyle): string {
  const iso = isoOf(day)
  if (style === 'iso') return iso
  const y = iso.slice(0, 4)
  const m = String(Number(iso.slice(5, 7)))
  const d = String(Number(iso.slice(8, 10)))
  return style === 'slash' ? `${y}/${m}/${d}` : `${y}年${m}月${d}日`
}

// ------------------------------------------------------------------ small random helpers

function pickWeighted<T extends string>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  let total = 0
  for (const [, w] of entries) total += w
  let x = rng.next() * total
  for (const [v, w] of entries) {
    x -= w
    if (x < 0) return v
  }
  return (entries[entries.length - 1] as readonly [T, number])[0]
}

function pickNumber(rng: Rng, entries: ReadonlyArray<readonly [number, number]>): number {
  return Number(
    pickWeighted(
      rng,
      entries.map(([v, w]) => [String(v), w] as const),
    ),
  )
}

const weightedEntries = (w: Weighted): [string, number][] => Object.entries(w)

function gaussian(rng: Rng): number {
  const u = 1 - rng.next()
  const v = rng.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)))
  const limit = Math.exp(-lambda)
  let k = 0
  let p = rng.next()
  while (p > limit) {
    k++
    p *= rng.next()
  }
  return k
}

/** A 32-bit seed from a string (FNV-1a). */
function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** An amount in 元, log-uniform in [min, max], rounded as officials write it. */
function amountYuan(rng: Rng, [min, max]: [number, number]): number {
  const x = Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)))
  const step = x < 1000 ? 10 : x < 10_000 ? 100 : x < 100_000 ? 500 : x < 1_000_000 ? 1000 : 10_000
  return Math.min(max, Math.max(min, Math.round(x / step) * step))
}

/** Whole 元 as 万元 text, exact (2000 -> "0.2"). */
function wan(yuan: number): string {
  const whole = Math.floor(yuan / 10_000)
  const rest = yuan % 10_000
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(4, '0').replace(/0+$/, '')}`
}

// ------------------------------------------------------------------ subjects (the entities of the earlier steps)

interface Subject {
  kind: EntityKind
  name: string
  uscc: string | null
  regNo: string | null
  legalRep: string | null
  status: EntityStatus
  industry: string | null
  district: string
  /** Former names, earliest validTo first. */
  former: { name: string; until: number }[]
  /** Natural persons only: kept in memory for the pipeline's input, never written anywhere else. */
  idNumber: string | null
  birth: number | null
  /** First and last day a record may be decided on (null: none). */
  lo: number
  hi: number
}

function toSubject(e: NewEntity): Subject {
  const kind = e.kind
  let lo = FIRST_DAY
  let birth: number | null = null
  if (kind === 'natural_person' && e.idNumber) {
    const b = e.idNumber.slice(6, 14)
    birth = dayOf(`${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`)
    lo = Math.max(lo, addYears(birth, 18))
  } else if (e.establishedOn) lo = Math.max(lo, dayOf(e.establishedOn) + 20)
  return {
    kind,
    name: e.name,
    uscc: e.uscc ?? null,
    regNo: e.regNo ?? null,
    legalRep: e.legalRep ?? null,
    status: e.status ?? 'active',
    industry: e.industry ?? null,
    district: e.district ?? '120101',
    former: (e.formerNames ?? [])
      .filter((f) => f.validTo)
      .map((f) => ({ name: f.name, until: dayOf(f.validTo as string) }))
      .sort((a, b) => a.until - b.until),
    idNumber: e.idNumber ?? null,
    birth,
    lo: workdayOnOrAfter(lo),
    hi: LAST_DAY,
  }
}

/** The demo city's entities, regenerated from the seed exactly as the entities and persons steps made them. */
export function demoSubjects(state: Pick<DemoState, 'seed' | 'size'>): Subject[] {
  const out: Subject[] = []
  const orgs = new OrganisationGenerator(state.seed, state.size, new CodeBook(state.seed, departmentBodies()))
  while (orgs.remaining > 0) out.push(toSubject(orgs.next()))
  const persons = new PersonGenerator(state.seed, state.size.persons)
  while (persons.remaining > 0) out.push(toSubject(persons.next()))
  return out
}

function nameOn(s: Subject, day: number): string {
  for (const f of s.former) if (day <= f.until) return f.name
  return s.name
}

const ORG_KINDS: EntityKind[] = [
  'legal_person',
  'unincorporated_org',
  'individual_business',
  'farmer_coop',
  'social_org',
  'public_institution',
  'government_body',
]

// ------------------------------------------------------------------ plan

type Follow = 'correct' | 'revoke' | 'duplicate' | 'error' | null

interface Planned {
  /** Index into the subjects; -1 for a subject nobody knows (an unresolvable row). */
  subject: number
  cls: string
  stream: number
  d0: number
  day: number
  /** The earliest decision day this record may have (the subject existed, was an adult ...). */
  lo: number
  /** The decision day may not move (registration dates, tax ratings published on one day). */
  fixed: boolean
  late: boolean
  follow: Follow
  seed: number
  slot: number
  followSlot: number
  /** Document sequence: per stream and year, and across the stream (for numbers without a year). */
  seq: number
  ordinal: number
  /** Templates reserved for special cases (e.g. 吊销营业执照). */
  special?: string
  ratingYear?: number
  unknownName?: string
}

interface Stream {
  index: number
  cls: string
  dept: string
  deadline: boolean
  groupByDay: boolean
  records: Planned[]
  slots: number[]
}

interface DeptProfile {
  errorRate: number
  lateRate: number
  dateStyle: DateStyle
  fillsPublishUntil: boolean
}

interface Department {
  code: string
  name: string
  uscc: string
}

const CATEGORY: Record<EntityKind, string> = {
  legal_person: '法人及非法人组织',
  unincorporated_org: '法人及非法人组织',
  farmer_coop: '法人及非法人组织',
  social_org: '法人及非法人组织',
  public_institution: '法人及非法人组织',
  government_body: '法人及非法人组织',
  individual_business: '个体工商户',
  natural_person: '自然人',
}

/** Which classes, departments and templates fit a subject; built once per run. */
class Chooser {
  readonly #classPickers = new Map<string, WeightedPicker<string> | null>()
  readonly #deptPickers = new Map<string, WeightedPicker<string> | null>()

  constructor(
    readonly data: RecordData,
    readonly classes: Map<string, CatalogClass>,
    readonly depts: Map<string, Department>,
  ) {}

  allowed(cls: CatalogClass, dept: string): boolean {
    return this.depts.has(dept) && (cls.providers.length === 0 || cls.providers.includes(dept))
  }

  #templates(code: string): ActTemplate[] | null {
    return code === 'admin_license' ? this.data.licences : code === 'admin_penalty' ? this.data.penalties : null
  }

  static fits(t: ActTemplate, kind: EntityKind, industry: string | null): boolean {
    const kinds = t.kinds ?? ORG_KINDS
    if (!kinds.includes(kind)) return false
    return !t.industries || (industry !== null && t.industries.includes(industry))
  }

  deptPicker(code: string, kind: EntityKind, industry: string | null): WeightedPicker<string> | null {
    const key = `${code}|${kind}|${industry}`
    if (this.#deptPickers.has(key)) return this.#deptPickers.get(key) ?? null
    const cls = this.classes.get(code)
    const weights = new Map<string, number>()
    if (cls?.subjectKinds.includes(kind)) {
      const templates = this.#templates(code)
      if (templates) {
        for (const t of templates)
          if (!t.special && this.allowed(cls, t.dept) && Chooser.fits(t, kind, industry))
            weights.set(t.dept, (weights.get(t.dept) ?? 0) + t.w)
      } else {
        for (const [dept, p] of Object.entries(this.data.mix.classes[code]?.providers ?? {})) {
          const w = typeof p === 'number' ? p : p.kinds && !p.kinds.includes(kind) ? 0 : p.w
          if (w > 0 && this.allowed(cls, dept)) weights.set(dept, w)
        }
      }
    }
    const picker = weights.size ? new WeightedPicker([...weights].map(([value, weight]) => ({ value, weight }))) : null
    this.#deptPickers.set(key, picker)
    return picker
  }

  classPicker(kind: EntityKind, industry: string | null): WeightedPicker<string> | null {
    const key = `${kind}|${industry}`
    if (this.#classPickers.has(key)) return this.#classPickers.get(key) ?? null
    const items: { value: string; weight: number }[] = []
    for (const [code, m] of Object.entries(this.data.mix.classes)) {
      const cls = this.classes.get(code)
      if (!cls?.subjectKinds.includes(kind)) continue
      const w =
        m.w * (m.kinds[kind] ?? 0) * (industry === null ? 1 : (m.industries?.[industry] ?? (m.industriesOnly ? 0 : 1)))
      if (w > 0 && this.deptPicker(code, kind, industry)) items.push({ value: code, weight: w })
    }
    const picker = items.length ? new WeightedPicker(items) : null
    this.#classPickers.set(key, picker)
    return picker
  }
}

/** Decision days between lo and hi, weighted by year, on working days (Monday to Friday). */
function pickDay(rng: Rng, lo: number, hi: number, yearWeights: Record<string, number>): number {
  const max = Math.max(...Object.values(yearWeights))
  let day = lo
  for (let i = 0; i < 12; i++) {
    day = lo + Math.floor(rng.next() * (hi - lo + 1))
    if (rng.next() * max <= (yearWeights[isoOf(day).slice(0, 4)] ?? max)) break
  }
  day = workdayOnOrBefore(day)
  return day < lo ? Math.min(hi, workdayOnOrAfter(lo)) : day
}

interface Plan {
  streams: Stream[]
  records: Planned[]
}

class Planner {
  readonly streams = new Map<string, Stream>()
  readonly records: Planned[] = []
  readonly rng: Rng

  constructor(
    readonly state: DemoState,
    readonly chooser: Chooser,
    readonly profiles: Map<string, DeptProfile>,
  ) {
    this.rng = state.stream('records.plan')
  }

  get mix(): Mix {
    return this.chooser.data.mix
  }

  stream(cls: string, dept: string): Stream {
    const key = `${cls}|${dept}`
    let s = this.streams.get(key)
    if (!s) {
      const c = this.chooser.classes.get(cls) as CatalogClass
      s = {
        index: this.streams.size,
        cls,
        dept,
        deadline: c.deadlineWorkingDays !== null,
        groupByDay: cls === 'tax_a_grade',
        records: [],
        slots: [],
      }
      this.streams.set(key, s)
    }
    return s
  }

  add(subject: number, cls: string, dept: string, d0: number, options: Partial<Planned> = {}, isOrg = true): Planned {
    const rng = this.rng
    const stream = this.stream(cls, dept)
    const profile = this.profiles.get(dept) as DeptProfile
    const rates = this.mix.rates
    const late = stream.deadline && !options.fixed && rng.next() < profile.lateRate
    let follow: Follow = null
    const x = rng.next()
    const correct = cls === 'abnormal_operation' ? 0.3 : cls === 'court_defaulter' ? 0.1 : rates.correct
    const revoke = cls === 'court_defaulter' ? 0.12 : rates.revoke
    if (x < correct) follow = 'correct'
    else if (x < correct + revoke) follow = 'revoke'
    else if (x < correct + revoke + rates.duplicate) follow = 'duplicate'
    else if (isOrg && rng.next() < profile.errorRate) follow = 'error'
    const p: Planned = {
      subject,
      cls,
      stream: stream.index,
      d0,
      day: d0,
      lo: d0,
      fixed: false,
      late,
      follow,
      seed: Math.floor(rng.next() * 0x1_0000_0000),
      slot: -1,
      followSlot: -1,
      seq: 0,
      ordinal: 0,
      ...options,
    }
    stream.records.push(p)
    this.records.push(p)
    return p
  }

  /** Pick `n` distinct items of `pool` (partial Fisher-Yates on a copy). */
  sample(pool: number[], n: number): number[] {
    const a = pool.slice()
    const out: number[] = []
    for (let i = 0; i < n && i < a.length; i++) {
      const j = i + Math.floor(this.rng.next() * (a.length - i))
      const t = a[i] as number
      a[i] = a[j] as number
      a[j] = t
      out.push(a[i] as number)
    }
    return out.sort((x, y) => x - y)
  }
}

function has(chooser: Chooser, cls: string, dept: string): boolean {
  const c = chooser.classes.get(cls)
  return c !== undefined && c.status === 'active' && chooser.allowed(c, dept)
}

/** Everything the step will submit: subjects, classes, departments, decision days, follow-ups. */
function planRecords(
  state: DemoState,
  subjects: Subject[],
  chooser: Chooser,
  profiles: Map<string, DeptProfile>,
  perEntity: number,
): Plan {
  const planner = new Planner(state, chooser, profiles)
  const rng = planner.rng
  const mix = chooser.data.mix
  const sp = mix.special
  const scale = perEntity / DEFAULT_RECORDS_PER_ENTITY
  const n = subjects.length
  const yw = mix.yearWeights
  const isPerson = (s: Subject) => s.kind === 'natural_person'

  // --- court defaulters (失信被执行人): organisations and natural persons, some with several cases
  if (has(chooser, 'court_defaulter', 'tj-fy')) {
    const total = Math.max(perEntity > 0 ? 1 : 0, Math.round(n * sp.courtDefaulterShare * scale))
    const persons: number[] = []
    const orgs: number[] = []
    subjects.forEach((s, i) => {
      if (s.lo > s.hi) return
      if (isPerson(s)) persons.push(i)
      else if (['legal_person', 'individual_business', 'unincorporated_org', 'farmer_coop'].includes(s.kind))
        orgs.push(i)
    })
    const nPersons = Math.min(persons.length, Math.round(total * sp.courtDefaulterPersonShare))
    const chosen = [...planner.sample(orgs, total - nPersons), ...planner.sample(persons, nPersons)]
    for (const i of chosen) {
      const s = subjects[i] as Subject
      let cases = 1
      while (rng.next() < 0.35 && cases < 6) cases++
      for (let k = 0; k < cases; k++)
        planner.add(i, 'court_defaulter', 'tj-fy', pickDay(rng, s.lo, s.hi, yw), { lo: s.lo }, false)
    }
    // courts also list companies nobody in the city knows, without a code: the pipeline cannot resolve them
    const unknown = Math.round(total * sp.courtUnresolvedShare)
    const namer = new DemoNamer(rng, nameParts())
    for (let k = 0; k < unknown; k++) {
      const name = `${rng.pick(nameParts().provinces)}${namer.tradeName()}${rng.pick(['商贸', '建材', '物流', '工程', '科技'])}有限公司`
      planner.add(
        -1,
        'court_defaulter',
        'tj-fy',
        pickDay(rng, FIRST_DAY, LAST_DAY, yw),
        { lo: FIRST_DAY, follow: null, unknownName: name },
        false,
      )
    }
  }

  // --- A-grade taxpayers (纳税信用A级): a run of consecutive rating years, published each April
  if (has(chooser, 'tax_a_grade', 'tj-sw')) {
    const pub = new Map<number, number>()
    for (let y = 2018; y <= 2025; y++) {
      const day = workdayOnOrAfter(dayOf(`${y + 1}-04-${String(8 + rng.int(0, 16)).padStart(2, '0')}`))
      if (day <= LAST_DAY) pub.set(y, day)
    }
    const eligible: number[] = []
    subjects.forEach((s, i) => {
      if (s.status !== 'active' || !['legal_person', 'unincorporated_org', 'farmer_coop'].includes(s.kind)) return
      if (s.lo < dayOf('2025-01-01')) eligible.push(i)
    })
    const total = Math.max(perEntity > 0 ? 1 : 0, Math.round(n * sp.taxAGradeShare * 0.62 * scale))
    for (const i of planner.sample(eligible, total)) {
      const s = subjects[i] as Subject
      const firstYear = Math.max(2018, Number(isoOf(s.lo).slice(0, 4)))
      if (firstYear > 2025) continue
      let start = rng.int(firstYear, 2025)
      let years = 1
      while (rng.next() < 0.6 && start > firstYear) {
        start--
        years++
      }
      for (let y = start; y < start + years; y++) {
        const day = pub.get(y)
        if (day === undefined || day < s.lo) continue
        planner.add(i, 'tax_a_grade', 'tj-sw', day, { fixed: true, ratingYear: y })
      }
    }
  }

  // --- revoked businesses: first listed as abnormal (unreachable), later their licence is revoked (吊销营业执照)
  subjects.forEach((s, i) => {
    if (s.status !== 'revoked' || s.lo > s.hi - 200 || rng.next() >= sp.revokedPenaltyShare * Math.min(1, scale)) return
    const listed = pickDay(rng, s.lo, s.hi - 200, yw)
    if (
      has(chooser, 'abnormal_operation', 'tj-scjg') &&
      s.kind !== 'social_org' &&
      s.kind !== 'public_institution' &&
      s.kind !== 'government_body'
    )
      planner.add(i, 'abnormal_operation', 'tj-scjg', listed, { lo: s.lo, follow: null, special: 'unreachable' })
    if (s.kind === 'legal_person' && has(chooser, 'admin_penalty', 'tj-scjg'))
      planner.add(i, 'admin_penalty', 'tj-scjg', pickDay(rng, listed + 180, s.hi, yw), {
        lo: workdayOnOrAfter(listed + 180),
        special: 'revokeLicence',
        late: false,
        follow: null,
      })
  })

  // --- registration info of the organisations founded since 2019 (成立日期 is the decision date)
  if (chooser.classes.has('registration')) {
    subjects.forEach((s, i) => {
      if (isPerson(s) || s.kind === 'public_institution' || s.kind === 'government_body') return
      if (s.lo - 20 < FIRST_DAY || s.lo - 20 > LAST_DAY || rng.next() >= 0.5 * Math.min(1, scale)) return
      const dept =
        s.kind === 'social_org'
          ? 'tj-mzj'
          : s.kind === 'unincorporated_org' && s.uscc?.startsWith('3')
            ? 'tj-sfj'
            : 'tj-scjg'
      if (has(chooser, 'registration', dept))
        planner.add(i, 'registration', dept, s.lo - 20, { fixed: true, follow: null })
    })
  }

  // --- minors (14-17 at the decision): a few warnings, for the privacy rules that protect them
  if (has(chooser, 'admin_penalty', 'tj-cgw')) {
    subjects.forEach((s, i) => {
      if (!isPerson(s) || s.birth === null || rng.next() >= sp.minorPenaltyShare * Math.min(1, scale)) return
      const lo = Math.max(FIRST_DAY, addYears(s.birth, 14))
      const hi = Math.min(LAST_DAY, addYears(s.birth, 18) - 30)
      if (lo > hi) return
      planner.add(i, 'admin_penalty', 'tj-cgw', pickDay(rng, lo, hi, yw), {
        lo: workdayOnOrAfter(lo),
        special: 'minor',
        follow: null,
      })
    })
  }

  // --- everything else: an activity level per subject (heavy-tailed), classes by kind and industry
  const special = planner.records.length
  const general = Math.max(0, Math.round(n * perEntity) - special)
  const weights = new Float64Array(n)
  let sum = 0
  subjects.forEach((s, i) => {
    if (s.lo > s.hi) return
    const span = (s.hi - s.lo + 1) / (LAST_DAY - FIRST_DAY + 1)
    const w =
      (mix.kindFactor[s.kind] ?? 0) *
      (mix.statusFactor[s.status] ?? 1) *
      Math.exp(mix.activitySigma * gaussian(rng)) *
      span
    weights[i] = w
    sum += w
  })
  if (sum > 0 && general > 0) {
    subjects.forEach((s, i) => {
      const count = Math.min(150, poisson(rng, (general * (weights[i] as number)) / sum))
      if (count === 0) return
      const classes = chooser.classPicker(s.kind, s.industry)
      if (!classes) return
      for (let k = 0; k < count; k++) {
        const cls = classes.pick(rng)
        const dept = (chooser.deptPicker(cls, s.kind, s.industry) as WeightedPicker<string>).pick(rng)
        let d0 = pickDay(rng, s.lo, s.hi, yw)
        // most 经营异常名录 listings follow the annual-report deadline (30 June)
        if (cls === 'abnormal_operation' && rng.next() < 0.7) {
          const y = Number(isoOf(d0).slice(0, 4))
          const july = workdayOnOrBefore(dayOf(`${y}-07-01`) + rng.int(0, 20))
          if (july >= s.lo && july <= s.hi) d0 = july
        }
        planner.add(i, cls, dept, d0, { lo: s.lo }, !isPerson(s))
      }
    })
  }
  const streams = [...planner.streams.values()]
  return { streams, records: planner.records }
}

// ------------------------------------------------------------------ schedule: submission days per stream

/**
 * Groups each stream's records into submissions (batches) and moves on-time decisions of classes with a deadline
 * into the week before their submission, so that timeliness comes out as planned: most rows on time, the planned
 * late ones (decided at least two weeks before their submission) flagged late by the pipeline.
 */
function schedule(plan: Plan, mix: Mix, rng: Rng): void {
  const total = plan.records.length
  const budget = Math.min(mix.rates.maxBatches, Math.max(mix.rates.minBatches, Math.round(total / mix.rates.batchRows)))
  // Classes without a deadline keep their decision days: a submission every few months is enough for them.
  // The rest of the budget goes to the classes with a deadline, in proportion to their rows.
  const slotsOf = new Map<Stream, number>()
  let rest = budget
  for (const s of plan.streams)
    if (!s.deadline) {
      const k = Math.max(1, Math.min(s.records.length, 24, Math.round(s.records.length / (3 * mix.rates.batchRows))))
      slotsOf.set(s, k)
      rest -= k
    }
  const deadlineRows = plan.streams.filter((s) => s.deadline).reduce((n, s) => n + s.records.length, 0)
  for (const s of plan.streams)
    if (s.deadline)
      slotsOf.set(
        s,
        Math.max(
          1,
          Math.min(s.records.length, Math.round((Math.max(rest, 1) * s.records.length) / Math.max(1, deadlineRows))),
        ),
      )
  for (const s of plan.streams) {
    const recs = s.records.slice().sort((a, b) => a.d0 - b.d0 || a.subject - b.subject || a.seed - b.seed)
    const n = recs.length
    let groups: Planned[][]
    if (s.groupByDay) {
      const byDay = new Map<number, Planned[]>()
      for (const r of recs) byDay.set(r.d0, [...(byDay.get(r.d0) ?? []), r])
      groups = [...byDay.values()]
    } else {
      const k = slotsOf.get(s) ?? 1
      groups = []
      for (let g = 0; g < k; g++) groups.push(recs.slice(Math.floor((g * n) / k), Math.floor(((g + 1) * n) / k)))
      groups = groups.filter((g) => g.length > 0)
    }
    // Submission days. Without a deadline a group is submitted after its last decision. With one, the group is
    // submitted around its middle decision and its on-time decisions move into the week before: the decisions
    // keep the spread of the plan (no pile-up at the end of the period), the batches stay few.
    s.slots = []
    for (const g of groups) {
      const prev = s.slots.length ? (s.slots[s.slots.length - 1] as number) : FIRST_DAY
      const last = Math.max(...g.map((r) => r.d0))
      const mid = (g[Math.floor(g.length / 2)] as Planned).d0
      const base = s.deadline && !s.groupByDay ? Math.max(mid, ...g.map((r) => r.lo)) : last
      let day = workdayOnOrAfter(base + rng.int(0, 2))
      if (day > LAST_DAY) day = Math.max(base, LAST_DAY)
      s.slots.push(Math.max(day, prev))
    }
    groups.forEach((g, gi) => {
      const slotDay = s.slots[gi] as number
      for (const r of g) {
        r.slot = gi
        if (!s.deadline || r.fixed || s.groupByDay) continue
        if (r.late) {
          // late: decided at least 15 days before the submission that carries it
          let j = gi
          while (j < s.slots.length && (s.slots[j] as number) - r.d0 < 15) j++
          if (j < s.slots.length && r.d0 <= (s.slots[j] as number)) {
            r.slot = j
            continue
          }
          r.late = false
        }
        r.day = Math.min(slotDay, Math.max(r.lo, workdayOnOrBefore(slotDay - rng.int(0, 6))))
      }
    })
    // Follow-ups (corrections, revocations, resubmissions) come with a later submission; the last group's get one
    // more submission day of their own, some weeks after the last one.
    const lastDay = s.slots[s.slots.length - 1] as number
    if (s.records.some((r) => r.follow !== null && r.slot === s.slots.length - 1)) {
      const extra = Math.min(LAST_DAY, workdayOnOrAfter(lastDay + rng.int(20, 90)))
      if (extra > lastDay) s.slots.push(extra)
    }
    for (const r of s.records) {
      if (r.follow === null) continue
      const last = s.slots.length - 1
      if (r.slot >= last) {
        // nothing comes after: an error stays unfixed, other follow-ups are dropped
        if (r.follow !== 'error') r.follow = null
        r.followSlot = -1
      } else r.followSlot = Math.min(last, r.slot + rng.int(1, 3))
    }
    // document numbers: a sequence per stream and year, in decision order
    const counters = new Map<string, number>()
    let ordinal = 0
    for (const r of s.records.slice().sort((a, b) => a.day - b.day || a.subject - b.subject || a.seed - b.seed)) {
      const y = isoOf(r.day).slice(0, 4)
      const next = (counters.get(y) ?? 0) + 1
      counters.set(y, next)
      r.seq = next
      r.ordinal = ++ordinal
    }
  }
}

// ------------------------------------------------------------------ the recent days: up to the day of the build

const RECENT_CLASSES = ['admin_license', 'admin_penalty'] as const

/**
 * The days after the planned city (after LAST_DAY) up to `today`, the day the demo is built: every working day the
 * departments decide licences and penalties at the city's rate of its last planned year (at least one a day), each
 * submitted within three days, none after today. The records of a day come from the seed and that day alone, so a
 * city built later holds the same records for the days both cover. So that the portal's 本月归集 is never empty, when
 * nothing was submitted yet in today's month the latest decision is submitted today. Adds the records to their
 * streams (new submission slots, document numbers after the planned ones) and returns them.
 */
function planRecent(plan: Plan, state: DemoState, subjects: Subject[], chooser: Chooser, today: number): Planned[] {
  if (today <= LAST_DAY) return []
  const streams = new Map(plan.streams.map((s) => [`${s.cls}|${s.dept}`, s]))
  // the recent year's subjects of each class (they fit its templates) and its daily rate
  const yearAgo = LAST_DAY - 364
  const pools = new Map<string, number[]>()
  for (const r of plan.records) {
    if (r.subject < 0 || r.d0 < yearAgo || !(RECENT_CLASSES as readonly string[]).includes(r.cls)) continue
    const s = subjects[r.subject] as Subject
    if (s.status !== 'active') continue
    const pool = pools.get(r.cls) ?? []
    pool.push(r.subject)
    pools.set(r.cls, pool)
  }
  const classes = RECENT_CLASSES.filter((c) => (pools.get(c)?.length ?? 0) > 0 && chooser.classes.has(c))
  if (!classes.length) return []
  const weights = classes.map((c) => [c, pools.get(c)?.length ?? 0] as const)
  const perDay = weights.reduce((n, [, w]) => n + w, 0) / 261
  // document numbers go on after the planned ones, per stream and year
  const seqs = new Map<string, number>()
  const ordinals = new Map<number, number>()
  for (const r of plan.records) {
    const key = `${r.stream}|${isoOf(r.day).slice(0, 4)}`
    seqs.set(key, Math.max(seqs.get(key) ?? 0, r.seq))
    ordinals.set(r.stream, Math.max(ordinals.get(r.stream) ?? 0, r.ordinal))
  }
  const slotOf = (stream: Stream, day: number): number => {
    const at = stream.slots.lastIndexOf(day)
    if (at >= 0 && at === stream.slots.length - 1) return at
    stream.slots.push(day)
    return stream.slots.length - 1
  }
  const out: Planned[] = []
  for (let day = LAST_DAY + 1; day <= today; day++) {
    if (weekday(day) === 0 || weekday(day) === 6) continue
    const rng = createRng(hash32(`gongxin-demo-recent:${state.seed}:${isoOf(day)}`))
    const n = Math.max(1, poisson(rng, perDay))
    for (let k = 0; k < n; k++) {
      const cls = pickWeighted(rng, weights)
      const subject = rng.pick(pools.get(cls) as number[])
      const s = subjects[subject] as Subject
      const depts = chooser.deptPicker(cls, s.kind, s.industry)
      // persons only once they are adults
      if (!depts || (s.birth !== null && day < addYears(s.birth, 18))) continue
      const dept = depts.pick(rng)
      const key = `${cls}|${dept}`
      let stream = streams.get(key)
      if (!stream) {
        const c = chooser.classes.get(cls) as CatalogClass
        stream = {
          index: plan.streams.length,
          cls,
          dept,
          deadline: c.deadlineWorkingDays !== null,
          groupByDay: false,
          records: [],
          slots: [],
        }
        plan.streams.push(stream)
        streams.set(key, stream)
      }
      const yearKey = `${stream.index}|${isoOf(day).slice(0, 4)}`
      const seq = (seqs.get(yearKey) ?? 0) + 1
      seqs.set(yearKey, seq)
      const ordinal = (ordinals.get(stream.index) ?? 0) + 1
      ordinals.set(stream.index, ordinal)
      const p: Planned = {
        subject,
        cls,
        stream: stream.index,
        d0: day,
        day,
        lo: day,
        fixed: true,
        late: false,
        follow: null,
        seed: Math.floor(rng.next() * 0x1_0000_0000),
        slot: -1,
        followSlot: -1,
        seq,
        ordinal,
      }
      p.slot = slotOf(stream, Math.min(today, day + rng.int(0, 3)))
      stream.records.push(p)
      plan.records.push(p)
      out.push(p)
    }
  }
  const monthStart = dayOf(`${isoOf(today).slice(0, 7)}-01`)
  const last = out[out.length - 1]
  const submitted = (p: Planned) => plan.streams[p.stream]?.slots[p.slot] as number
  if (last && !out.some((p) => submitted(p) >= monthStart)) {
    last.slot = slotOf(plan.streams[last.stream] as Stream, today)
  }
  return out
}

// ------------------------------------------------------------------ content

class Content {
  constructor(
    readonly rng: Rng,
    readonly vars: Record<string, string>,
    readonly lists: Record<string, string[]>,
    /** The row being built: {$code} reads a value set earlier. */
    readonly row: Record<string, string> = {},
  ) {}

  fill(template: string): string {
    return template.replace(/\{([@#$]?)([^{}]+)\}/g, (_, sigil: string, key: string) => {
      if (sigil === '$') return this.row[key] ?? ''
      if (sigil === '@') {
        const list = this.lists[key]
        if (!list) throw new Error(`demo records: no word list "${key}"`)
        return this.fill(this.rng.pick(list))
      }
      if (sigil === '#') {
        const [a, b] = key.split('-').map(Number)
        return String(this.rng.int(a as number, b as number))
      }
      const seq = /^seq(\d)$/.exec(key)
      if (seq) return (this.vars.seq as string).padStart(Number(seq[1]), '0')
      const v = this.vars[key]
      if (v === undefined) throw new Error(`demo records: unknown placeholder {${key}}`)
      return v
    })
  }
}

interface RowContext {
  rec: Planned
  subject: Subject | null
  cls: CatalogClass
  dept: Department
  profile: DeptProfile
  fields: Map<string, CatalogField>
  roles: Partial<Record<FieldRole, string>>
  orgName: (rng: Rng, filter: OrgFilter) => string
}

function evalSpec(spec: Spec, c: Content, row: Record<string, string>, ctx: RowContext): string | undefined {
  if (spec === null || spec === undefined) return undefined
  if (typeof spec === 'string') return c.fill(spec)
  const rng = c.rng
  if ('pick' in spec) return c.fill(rng.pick(spec.pick))
  if ('pickw' in spec) return c.fill(pickWeighted(rng, weightedEntries(spec.pickw)))
  if ('multi' in spec) {
    const entries = weightedEntries(spec.multi)
    const n = rng.int(1, Math.max(1, spec.max))
    const out: string[] = []
    for (let i = 0; i < n * 3 && out.length < n; i++) {
      const v = pickWeighted(rng, entries)
      if (!out.includes(v)) out.push(v)
    }
    return out.join(';')
  }
  if ('yuan' in spec) return String(amountYuan(rng, spec.yuan))
  if ('int' in spec) return String(rng.int(spec.int[0], spec.int[1]))
  if ('days' in spec) return formatDate(ctx.rec.day + rng.int(spec.days[0], spec.days[1]), ctx.profile.dateStyle)
  if ('years' in spec) return formatDate(addYears(ctx.rec.day, spec.years) - 1, ctx.profile.dateStyle)
  if ('yearOffset' in spec) return String(Number(isoOf(ctx.rec.day).slice(0, 4)) + spec.yearOffset)
  if ('p' in spec) return rng.next() < spec.p ? evalSpec(spec.v, c, row, ctx) : undefined
  if ('by' in spec) {
    const v = row[spec.by]
    const chosen = v !== undefined && v in spec.cases ? spec.cases[v] : spec.default
    return evalSpec(chosen ?? null, c, row, ctx)
  }
  if ('kind' in spec) {
    const kind = ctx.subject?.kind ?? 'legal_person'
    const chosen = kind in spec.kind ? spec.kind[kind] : spec.kind.default
    return evalSpec(chosen ?? null, c, row, ctx)
  }
  if ('industry' in spec) {
    const industry = ctx.subject?.industry ?? ''
    const chosen = industry in spec.industry ? spec.industry[industry] : spec.industry.default
    return evalSpec(chosen ?? null, c, row, ctx)
  }
  if ('orgName' in spec) return ctx.orgName(rng, spec.orgName)
  return undefined
}

const dateOf = (day: number, ctx: RowContext) => formatDate(day, ctx.profile.dateStyle)

/** The national 行政处罚 fields (CF_ codes) of a penalty template. */
function penaltyFields(t: PenaltyTemplate, c: Content, row: Record<string, string>, ctx: RowContext): void {
  const rng = c.rng
  const types = pickWeighted(rng, t.types)
  const list = types.split(';')
  const fine = list.includes('罚款') && t.fine ? amountYuan(rng, t.fine) : null
  const conf = list.includes('没收违法所得') && t.confiscate ? amountYuan(rng, t.confiscate) : null
  const zkdx = t.zkdx ? c.fill(t.zkdx) : null
  const parts = list.map((type) => {
    switch (type) {
      case '罚款':
        return `罚款人民币${fine ?? amountYuan(rng, [500, 5000])}元`
      case '没收违法所得':
        return `没收违法所得人民币${conf ?? amountYuan(rng, [100, 3000])}元`
      case '没收非法财物':
        return t.goods ? c.fill(t.goods) : '没收非法财物'
      case '吊销许可证件':
        return zkdx ? `吊销${zkdx.replace(/（.*$/, '')}` : '吊销许可证件'
      case '暂扣许可证件':
        return zkdx ? `暂扣${zkdx.replace(/（.*$/, '')}` : '暂扣许可证件'
      default:
        return type
    }
  })
  row.CF_WFXW = t.wfxw
  row.CF_SY = c.fill(t.sy)
  row.CF_YJ = t.yj
  row.CF_CFLB = types
  row.CF_NR = `${rng.next() < 0.5 && !list.includes('吊销许可证件') ? '责令改正，' : ''}${parts.join('，')}。`
  if (fine !== null) row.CF_NR_FK = wan(fine)
  if (conf !== null) row.CF_NR_WFFF = wan(conf)
  if (zkdx) row.CF_NR_ZKDX = zkdx
  if (ctx.profile.fillsPublishUntil) row.CF_GSJZQ = dateOf(addYears(ctx.rec.day, 1), ctx)
}

/** The national 行政许可 fields (XK_ codes) of a licence template. */
function licenceFields(t: LicenceTemplate, c: Content, row: Record<string, string>, ctx: RowContext): void {
  row.XK_XKWS = c.fill(t.xkws)
  row.XK_XKLB = t.xklb
  row.XK_XKZS = t.xkzs
  row.XK_XKBH = t.xkbh ? c.fill(t.xkbh) : (row.XK_WSH as string)
  row.XK_NR = c.fill(t.nr)
  row.XK_YXQZ = dateOf(ctx.rec.day, ctx)
  if (t.years !== null) row.XK_YXQZI = dateOf(addYears(ctx.rec.day, t.years) - 1, ctx)
}

function templateFor<T extends ActTemplate>(list: T[], ctx: RowContext, rng: Rng): T | null {
  const kind = ctx.subject?.kind ?? 'legal_person'
  const industry = ctx.subject?.industry ?? null
  const iso = isoOf(ctx.rec.day)
  // 'revokeLicence' has templates of its own; other special records use the ordinary ones
  const special = ctx.rec.special === 'revokeLicence' ? ctx.rec.special : undefined
  const fitting = list.filter(
    (t) => t.dept === ctx.dept.code && t.special === special && Chooser.fits(t, kind, industry),
  )
  const inForce = fitting.filter((t) => (!t.from || iso >= t.from) && (!t.until || iso < t.until))
  const pool = inForce.length ? inForce : fitting
  if (!pool.length) return null
  const i = Number(
    pickWeighted(
      rng,
      pool.map((t, k) => [String(k), t.w] as const),
    ),
  )
  return pool[i] as T
}

const ENTITY_TYPES: Partial<Record<EntityKind, [string, number][]>> = {
  legal_person: [
    ['有限责任公司（自然人投资或控股）', 6],
    ['有限责任公司（法人独资）', 2],
    ['有限责任公司（自然人独资）', 2],
  ],
  unincorporated_org: [
    ['有限责任公司分公司', 3],
    ['普通合伙企业', 2],
    ['个人独资企业', 2],
  ],
}

const REGISTRATION_STATUS: Record<EntityStatus, string> = {
  active: '存续',
  revoked: '吊销',
  deregistered: '注销',
  moved_out: '迁出',
}

/** Builds the row of a record as first submitted (no `_op`). Deterministic: the record's own random stream. */
function baseRow(
  ctx: RowContext,
  data: RecordData,
  authorityOf: (dept: string, district: string, rng: Rng, municipal: boolean) => Authority,
): Record<string, string> {
  const { rec, subject, cls, dept, roles } = ctx
  const rng = createRng(rec.seed)
  const day = rec.day
  const iso = isoOf(day)
  const year = iso.slice(0, 4)
  const district = demoDistrictsByCode().get(subject?.district ?? '120101') ?? { name: '和平区', short: '和平' }
  const content = data.classes[cls.code]
  const auth = authorityOf(dept.code, subject?.district ?? '120101', rng, content?.authority === 'municipal')
  const court = courtFor(data, subject?.district ?? '120101', rng)
  const vars: Record<string, string> = {
    name: subject ? nameOn(subject, day) : (rec.unknownName ?? ''),
    legalRep: subject?.legalRep ?? '',
    uscc: subject?.uscc ?? '',
    district: district.name,
    dshort: district.short,
    short: auth.short,
    dcode: subject?.district ?? '120101',
    dcode4: (subject?.district ?? '120101').slice(2),
    abbr: data.authorities[dept.code]?.abbr ?? '',
    dept: dept.name,
    authority: auth.name,
    court: court.name,
    courtCode: court.code,
    year,
    yearPrev: String(Number(year) - 1),
    yy: year.slice(2),
    month: String(Number(iso.slice(5, 7))),
    day: String(Number(iso.slice(8, 10))),
    seq: String(rec.seq),
    person: personName(rng),
    project: rng.pick(data.lists.projects as string[]),
  }
  const row: Record<string, string> = {}
  const c = new Content(rng, vars, data.lists, row)
  const set = (role: FieldRole, value: string | null | undefined) => {
    const code = roles[role]
    if (code && value) row[code] = value
  }
  // a number without a year counts across the years, so that it never repeats within the stream
  const docNo = (pattern: string) => {
    const perYear = /\{(year|yy)\}/.test(pattern)
    vars.seq = String(perYear ? rec.seq : rec.ordinal)
    const out = c.fill(pattern)
    vars.seq = String(rec.seq)
    return out
  }
  // subject
  set('subject_name', vars.name)
  if (subject) {
    set('subject_category', CATEGORY[subject.kind])
    if (subject.kind === 'natural_person') {
      set('id_type', '身份证')
      set('id_number', subject.idNumber)
    } else {
      set('uscc', subject.uscc)
      set('legal_rep', subject.legalRep)
      if (subject.regNo && rng.next() < 0.4) set('reg_no', subject.regNo)
    }
  } else set('subject_category', '法人及非法人组织')
  set('decision_date', dateOf(day, ctx))
  // who decided, who provides
  const byDept = content?.byDept?.[dept.code]
  let doc = byDept?.doc ?? content?.doc
  if (cls.code === 'admin_penalty') doc = data.penaltyDocs[dept.code] ?? `津${vars.abbr}罚〔{year}〕{seq}号`
  if (cls.code === 'court_defaulter') {
    set('authority_name', court.name)
  } else {
    set('authority_name', auth.name)
    set('authority_uscc', auth.uscc)
  }
  set('provider_name', dept.name)
  set('provider_uscc', dept.uscc)
  if (cls.code === 'admin_penalty') {
    const t = templateFor(data.penalties, ctx, rng)
    if (t?.doc) doc = t.doc
    if (doc) set('document_no', docNo(doc))
    if (t) penaltyFields(t, c, row, ctx)
  } else if (cls.code === 'admin_license') {
    const t = templateFor(data.licences, ctx, rng)
    if (t?.doc) doc = t.doc
    if (doc) set('document_no', docNo(doc))
    if (t) licenceFields(t, c, row, ctx)
  } else {
    if (doc) set('document_no', docNo(doc))
    const specs = { ...(content?.fields ?? {}), ...(byDept?.fields ?? {}) }
    for (const [code, spec] of Object.entries(specs)) {
      const v = evalSpec(spec, c, row, ctx)
      if (v !== undefined && v !== '') row[code] = v
    }
  }
  // class specifics
  if (cls.code === 'tax_a_grade' && rec.ratingYear !== undefined) {
    row.rating_year = String(rec.ratingYear)
    set('valid_to', dateOf(addYears(day, 1) - 1, ctx))
  }
  if (cls.code === 'registration' && subject) {
    const types = ENTITY_TYPES[subject.kind]
    row.entity_type =
      subject.kind === 'legal_person' && subject.name.endsWith('股份有限公司')
        ? '股份有限公司'
        : types
          ? pickWeighted(rng, types)
          : subject.kind === 'individual_business'
            ? '个体工商户'
            : subject.kind === 'farmer_coop'
              ? '农民专业合作社'
              : subject.kind === 'social_org'
                ? ({ '1': '社会团体', '2': '民办非企业单位', '3': '基金会' }[subject.uscc?.[1] ?? '1'] ?? '社会团体')
                : '其他'
    if (subject.kind === 'unincorporated_org' && subject.uscc?.startsWith('3')) row.entity_type = '律师事务所'
    set('document_no', subject.regNo ?? subject.uscc)
    row.status = REGISTRATION_STATUS[subject.status]
  }
  if (
    cls.code === 'court_defaulter' &&
    subject &&
    subject.kind !== 'natural_person' &&
    subject.uscc &&
    rng.next() < 0.5
  )
    set('org_code', subject.uscc.slice(8, 17))
  if (rec.special === 'unreachable') row.reason = '通过登记的住所或者经营场所无法联系'
  // only fields the class (as the catalog now has it) knows
  for (const k of Object.keys(row)) if (!ctx.fields.has(k)) delete row[k]
  return row
}

let surnames: WeightedPicker<string> | undefined

/** A personal name drawn from the record's own stream (the name parts of the demo city). */
function personName(rng: Rng): string {
  const parts = nameParts()
  surnames ??= new WeightedPicker(parts.surnames)
  const given = rng.next() < 0.6 ? parts.givenMale : parts.givenFemale
  const surname = surnames.pick(rng)
  return rng.next() < 0.68 ? `${surname}${rng.pick(given)}${rng.pick(given)}` : `${surname}${rng.pick(given)}`
}

interface Authority {
  name: string
  uscc: string
  /** District short name for branches (和平, 滨海), '' for the municipal department. */
  short: string
}

let districtCache: Map<string, { name: string; short: string }> | undefined
function demoDistrictsByCode(): Map<string, { name: string; short: string }> {
  districtCache ??= new Map(demoDistricts().map((d) => [d.code, { name: d.name, short: d.short }]))
  return districtCache
}

function courtFor(data: RecordData, district: string, rng: Rng): { name: string; code: string } {
  const x = rng.next()
  if (x < 0.85 && data.courts[district]) return data.courts[district] as { name: string; code: string }
  const key =
    district === '120116' ? 'intermediate3' : Number(district.slice(4)) % 2 === 0 ? 'intermediate2' : 'intermediate1'
  return data.courts[key] ?? { name: '天津市第一中级人民法院', code: '津01' }
}

/** A fictitious but valid USCC for a department's district branch (机关 11, letter body MB...), fixed per pair. */
function branchUscc(dept: string, district: string): string {
  const rng = createRng(hash32(`gongxin-demo-branch:${dept}:${district}`))
  let body = 'MB'
  for (let i = 0; i < 6; i++) body += USCC_ALPHABET[Math.floor(rng.next() * 31)]
  const first17 = `11${district}${body}${orgCodeCheckChar(body)}`
  return first17 + (usccCheckChar(first17) as string)
}

// ------------------------------------------------------------------ follow-ups: corrections, revocations, errors

const REVOKE_REASONS: Record<string, string[]> = {
  admin_penalty: [
    '行政复议决定撤销原行政处罚决定',
    '人民法院判决撤销原行政处罚决定',
    '处罚机关自行纠错，撤销原处罚决定',
  ],
  admin_license: ['被许可人申请注销许可，依法办理注销', '许可决定被依法撤销'],
  court_defaulter: [
    '被执行人已履行生效法律文书确定的全部义务，删除失信信息',
    '申请执行人书面申请删除失信信息，经审查同意',
  ],
}
const GENERIC_REVOKE = ['信息报送有误，予以撤回', '据以认定的决定已被撤销']
const GENERIC_CORRECT = ['信息录入有误，予以更正', '经复核，对相关内容予以更正', '原报送信息不完整，予以补充']

/** The row of a correction: same key (文书号, subject), changed content, with a reason. */
function correctionRow(
  base: Record<string, string>,
  ctx: RowContext,
  followDay: number,
): Record<string, string> | null {
  const rng = createRng((ctx.rec.seed ^ 0x5bd1e995) >>> 0)
  const row = { ...base }
  let reason = rng.pick(GENERIC_CORRECT)
  const code = ctx.cls.code
  if (code === 'admin_penalty' && row.CF_NR_FK) {
    const yuan = Math.round(Number(row.CF_NR_FK) * 10_000)
    let fixed = Math.max(100, Math.round((yuan * (rng.next() < 0.5 ? 0.5 : 2)) / 100) * 100)
    if (fixed === yuan) fixed += 100
    row.CF_NR_FK = wan(fixed)
    row.CF_NR = (row.CF_NR ?? '').replace(/罚款人民币\d+元/, `罚款人民币${fixed}元`)
    reason = '罚款金额录入错误，予以更正'
  } else if (code === 'admin_license' && row.XK_YXQZI) {
    row.XK_YXQZI = formatDate(addYears(ctx.rec.day, rng.pick([3, 5, 6])) - 1, ctx.profile.dateStyle)
    if (row.XK_YXQZI === base.XK_YXQZI) row.XK_NR = `${row.XK_NR ?? ''}（以许可证书记载为准）`
    reason = '许可有效期录入错误，予以更正'
  } else if (code === 'abnormal_operation') {
    const out = Math.min(followDay, ctx.rec.day + rng.int(60, 500))
    row.list_until = formatDate(Math.max(out, ctx.rec.day + 1), ctx.profile.dateStyle)
    row.removal_reason = rng.pick(['已补报未报年份的年度报告并公示', '已依法办理住所变更登记', '已更正公示的企业信息'])
    reason = '企业已履行相关义务，移出经营异常名录'
  } else if (code === 'court_defaulter') {
    row.performance = '部分未履行'
    row.performed_part = `已履行人民币${amountYuan(rng, [2000, 80000])}元`
    if (row.performed_part === base.performed_part) row.performed_part = `${row.performed_part}（另有执行款待发放）`
    row.unperformed_part = '其余义务未履行'
    reason = '被执行人履行部分义务，更新履行情况'
  } else {
    const fields = [...ctx.fields.values()]
    const text = fields.find(
      (f) => (f.type === 'text' || f.type === 'string') && !f.role && f.code !== 'BZ' && row[f.code],
    )
    const choice = fields.find(
      (f) => f.type === 'enum' && !f.role && !f.multi && row[f.code] && (f.enum?.length ?? 0) > 1,
    )
    if (text && (row[text.code] as string).length + 6 <= (text.maxLength ?? 4000))
      row[text.code] = `${row[text.code]}（经复核更正）`
    else if (choice) {
      // e.g. a rating entered at the wrong level
      row[choice.code] = rng.pick((choice.enum as string[]).filter((v) => v !== row[choice.code]))
      reason = `「${choice.label}」录入错误，予以更正`
    } else return null
  }
  if (Object.keys(row).every((k) => row[k] === base[k])) return null
  row._op = 'correct'
  row._reason = reason
  return row
}

function revocationRow(base: Record<string, string>, ctx: RowContext): Record<string, string> {
  const rng = createRng((ctx.rec.seed ^ 0x27d4eb2f) >>> 0)
  return { ...base, _op: 'revoke', _reason: rng.pick(REVOKE_REASONS[ctx.cls.code] ?? GENERIC_REVOKE) }
}

/** A row with one of the mistakes providers really make (organisations only: never a row with an ID number). */
function erroneousRow(base: Record<string, string>, ctx: RowContext): Record<string, string> {
  const rng = createRng((ctx.rec.seed ^ 0x165667b1) >>> 0)
  const row = { ...base }
  const { roles } = ctx
  const options: [string, number][] = []
  if (roles.uscc && row[roles.uscc]) options.push(['checksum', 3])
  const required = [...ctx.fields.values()].filter(
    (f) => f.required && !f.role && (f.type === 'text' || f.type === 'string') && row[f.code],
  )
  if (required.length) options.push(['required', 3])
  if (roles.decision_date) options.push(['date', 2], ['future', 1])
  const enumField =
    ctx.cls.code === 'admin_penalty'
      ? 'CF_CFLB'
      : ctx.cls.code === 'admin_license'
        ? 'XK_XKLB'
        : [...ctx.fields.values()].find((f) => f.type === 'enum' && !f.role && row[f.code])?.code
  if (enumField && row[enumField]) options.push(['enum', 2])
  if (row.XK_YXQZI) options.push(['valid_range', 1])
  if (!options.length) return row
  const kind = pickWeighted(rng, options)
  const decision = roles.decision_date as string
  switch (kind) {
    case 'checksum': {
      const code = roles.uscc as string
      const v = row[code] as string
      const i = USCC_ALPHABET.indexOf(v[17] as string)
      row[code] = v.slice(0, 17) + USCC_ALPHABET[(i + 1 + rng.int(0, 29)) % 31]
      break
    }
    case 'required':
      row[(rng.pick(required) as CatalogField).code] = ''
      break
    case 'date':
      row[decision] = `${isoOf(ctx.rec.day).slice(0, 4)}年2月30日`
      break
    case 'future':
      row[decision] = formatDate(addYears(ctx.rec.day, 10), ctx.profile.dateStyle)
      break
    case 'enum':
      row[enumField as string] = enumField === 'CF_CFLB' ? '罚没款' : enumField === 'XK_XKLB' ? '一般许可' : '其它'
      break
    case 'valid_range':
      row.XK_YXQZI = formatDate(ctx.rec.day - 365, ctx.profile.dateStyle)
      break
  }
  return row
}

// ------------------------------------------------------------------ the step

interface BatchPlan {
  stream: Stream
  slot: number
  day: number
  items: { rec: Planned; variant: 'add' | 'error' | 'correct' | 'revoke' | 'duplicate' }[]
}

/** What the records step did (also kept for tests). */
export interface RecordsStepResult {
  /** Records stored (new records: accepted rows that were neither corrections nor revocations). */
  records: number
  batches: number
  rows: number
  /** Rows refused by the pipeline, and how many of them were meant to be (planned mistakes, unknown subjects). */
  rejected: number
  rejectedPlanned: number
  /** Follow-ups as the pipeline counted them, and as planned. */
  corrected: number
  correctedPlanned: number
  revoked: number
  revokedPlanned: number
  duplicates: number
  duplicatesPlanned: number
  byClass: Record<string, number>
}

const MAX_ROWS_PER_BATCH = 10_000

/**
 * The `records` step: plans the city's records, then submits them batch by batch in submission order, each batch
 * with the clock set to its submission time (so timeliness and timestamps come out as in a city that has been
 * reporting since 2019). Batches due after today (the context's clock) are not submitted.
 */
export async function generateRecords(ctx: Ctx, state: DemoState): Promise<RecordsStepResult> {
  const perEntity = state.recordsPerEntity
  const result: RecordsStepResult = {
    records: 0,
    batches: 0,
    rows: 0,
    rejected: 0,
    rejectedPlanned: 0,
    corrected: 0,
    correctedPlanned: 0,
    revoked: 0,
    revokedPlanned: 0,
    duplicates: 0,
    duplicatesPlanned: 0,
    byClass: {},
  }
  if (!(perEntity > 0)) return result
  const data = recordData()
  const classes = new Map((await currentClasses(ctx.db)).filter((c) => c.status === 'active').map((c) => [c.code, c]))
  const registered = await listDepartments(ctx)
  const depts = new Map<string, Department>(
    registered.map((d) => [d.code, { code: d.code, name: d.name, uscc: d.uscc }]),
  )
  const chooser = new Chooser(data, classes, depts)

  // each department reports in its own way: error and late rates, date style
  const profileRng = state.stream('records.departments')
  const profiles = new Map<string, DeptProfile>()
  for (const code of [...depts.keys()].sort()) {
    profiles.set(code, {
      errorRate: pickNumber(profileRng, data.mix.rates.errorRates),
      lateRate: pickNumber(profileRng, data.mix.rates.lateRates),
      dateStyle: pickWeighted(profileRng, data.mix.rates.dateStyles),
      fillsPublishUntil: profileRng.next() < data.mix.rates.fillPublishUntil,
    })
  }

  const subjects = demoSubjects(state)
  const plan = planRecords(state, subjects, chooser, profiles, perEntity)
  schedule(plan, data.mix, state.stream('records.schedule'))
  const today = dayOf(civilDate(ctx.clock.now()))
  planRecent(plan, state, subjects, chooser, today)

  // organisations of the city by filter (for 执业单位 and the like), built when first asked for
  const orgPools = new Map<string, number[]>()
  const orgName = (rng: Rng, filter: OrgFilter): string => {
    const key = JSON.stringify(filter)
    let pool = orgPools.get(key)
    if (!pool) {
      pool = []
      subjects.forEach((s, i) => {
        if (s.kind === 'natural_person') return
        if (filter.industries && !(s.industry && filter.industries.includes(s.industry))) return
        if (filter.nameIncludes && !s.name.includes(filter.nameIncludes)) return
        pool?.push(i)
      })
      orgPools.set(key, pool)
    }
    if (pool.length) return (subjects[rng.pick(pool)] as Subject).name
    return filter.nameIncludes ? `天津某${filter.nameIncludes}` : '天津市某单位'
  }
  const authorities = new Map<string, Authority>()
  const authorityOf = (dept: string, district: string, rng: Rng, municipal: boolean): Authority => {
    const a = data.authorities[dept]
    const d = depts.get(dept) as Department
    const branch = !municipal && a?.branch && rng.next() < (a.branchShare ?? 0)
    const key = branch ? `${dept}|${district}` : dept
    let out = authorities.get(key)
    if (!out) {
      const info = demoDistrictsByCode().get(district)
      out =
        branch && info
          ? {
              name: String(a?.branch).replace('{district}', info.name),
              uscc: branchUscc(dept, district),
              short: info.short,
            }
          : { name: d.name, uscc: d.uscc, short: '' }
      authorities.set(key, out)
    }
    return out
  }

  // batches: one per stream and submission day, in submission order
  const batches: BatchPlan[] = []
  for (const s of plan.streams) {
    const bySlot = new Map<number, BatchPlan>()
    const at = (slot: number) => {
      let b = bySlot.get(slot)
      if (!b) {
        b = { stream: s, slot, day: s.slots[slot] as number, items: [] }
        bySlot.set(slot, b)
      }
      return b
    }
    for (const r of s.records) {
      at(r.slot).items.push({ rec: r, variant: r.follow === 'error' ? 'error' : 'add' })
      if (r.follow && r.followSlot >= 0)
        at(r.followSlot).items.push({ rec: r, variant: r.follow === 'error' ? 'add' : r.follow })
    }
    batches.push(...bySlot.values())
  }
  batches.sort((a, b) => a.day - b.day || a.stream.index - b.stream.index || a.slot - b.slot)
  const due = batches.filter((b) => b.day <= today)
  const nowMs = ctx.clock.now().getTime()

  const fieldsOf = new Map<
    string,
    { fields: Map<string, CatalogField>; roles: Partial<Record<FieldRole, string>>; headers: string[] }
  >()
  const classInfo = (cls: CatalogClass) => {
    let info = fieldsOf.get(cls.code)
    if (!info) {
      const roles: Partial<Record<FieldRole, string>> = {}
      for (const f of cls.fields) if (f.role && !roles[f.role]) roles[f.role] = f.code
      info = {
        fields: new Map(cls.fields.map((f) => [f.code, f])),
        roles,
        headers: [...cls.fields.map((f) => f.code), '_op', '_reason'],
      }
      fieldsOf.set(cls.code, info)
    }
    return info
  }

  let done = 0
  for (const b of due) {
    const cls = classes.get(b.stream.cls) as CatalogClass
    const dept = depts.get(b.stream.dept) as Department
    const info = classInfo(cls)
    const order = { add: 0, error: 0, duplicate: 1, correct: 2, revoke: 3 } as const
    const items = b.items
      .slice()
      .sort((x, y) => order[x.variant] - order[y.variant] || x.rec.day - y.rec.day || x.rec.seq - y.rec.seq)
    const rows: IngestRowInput[] = []
    for (const { rec, variant } of items) {
      const rowCtx: RowContext = {
        rec,
        subject: rec.subject >= 0 ? (subjects[rec.subject] as Subject) : null,
        cls,
        dept,
        profile: profiles.get(dept.code) as DeptProfile,
        fields: info.fields,
        roles: info.roles,
        orgName,
      }
      const base = baseRow(rowCtx, data, authorityOf)
      const values =
        variant === 'error'
          ? erroneousRow(base, rowCtx)
          : variant === 'correct'
            ? correctionRow(base, rowCtx, b.day)
            : variant === 'revoke'
              ? revocationRow(base, rowCtx)
              : base
      // nothing to correct in this record (a class without free text or alternative values): no row
      if (values === null) continue
      rows.push({ rowNo: rows.length + 1, values })
      if (variant === 'error' || rec.subject < 0) result.rejectedPlanned += 1
      else if (variant === 'correct') result.correctedPlanned += 1
      else if (variant === 'revoke') result.revokedPlanned += 1
      else if (variant === 'duplicate') result.duplicatesPlanned += 1
    }
    // a submission time on the day, between 09:00 and 16:59 Shanghai time, fixed per stream and slot
    const minutes = 9 * 60 + ((b.stream.index * 37 + b.slot * 11) % 480)
    for (let part = 0; part * MAX_ROWS_PER_BATCH < rows.length; part++) {
      const chunk = rows
        .slice(part * MAX_ROWS_PER_BATCH, (part + 1) * MAX_ROWS_PER_BATCH)
        .map((r, i) => ({ ...r, rowNo: i + 1 }))
      const m = minutes + part
      const planned = `${isoOf(b.day)}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+08:00`
      // a batch of today is submitted by now at the latest
      const at = Date.parse(planned) > nowMs ? new Date(nowMs) : planned
      const r = await runIngest({ ...ctx, clock: fixedClock(at) }, state.actor, {
        classCode: cls.code,
        dept: dept.code,
        channel: 'flow',
        headers: info.headers,
        rows: chunk,
        chunkSize: 1000,
      })
      const stored = r.accepted - r.corrected - r.revoked
      result.records += stored
      result.byClass[cls.code] = (result.byClass[cls.code] ?? 0) + stored
      result.batches += 1
      result.rows += r.total
      result.rejected += r.rejected
      result.corrected += r.corrected
      result.revoked += r.revoked
      result.duplicates += r.duplicates
    }
    state.progress('records', ++done, due.length)
  }
  return result
}

/** Pipeline step `records` (after `persons`): see generateRecords. */
export const recordsStep: DemoStep = {
  name: 'records',
  async run(ctx, state) {
    const r = await generateRecords(ctx, state)
    state.counts.records += r.records
  },
}
