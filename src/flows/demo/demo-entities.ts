// The demo city's entities, generated lazily in chunks from a seed: organisations of every kind with valid,
// kind-consistent codes, and natural persons with resident ID numbers. Pure: no database, no clock.
import {
  generateResidentId,
  isValidResidentId,
  mod1110CheckDigit,
  orgCodeCheckChar,
  type Rng,
  tianjinDistricts,
  USCC_ALPHABET,
  usccCheckChar,
} from '../../identifiers/index.js'
import type { EntityKind, EntityStatus, NewEntity } from '../../modules/entities/index.js'
import { demoDepartments, type IndustrySection, industrySections, type NameParts, nameParts } from './demo-data.js'
import { DemoNamer, type DistrictInfo } from './demo-names.js'
import { Permutation, streamRng, WeightedPicker } from './demo-random.js'

export const DEFAULT_DEMO_ENTITIES = 5000
export const DEFAULT_DEMO_SEED = 1
/** No date in the demo city is later than this, so the same seed gives the same city on any day. */
export const DEMO_LAST_DATE = '2026-05-31'
/** Share of natural persons among all entities. */
export const PERSON_SHARE = 0.05

/** Mix of organisations (natural persons come on top, PERSON_SHARE of the total). */
export const ORGANISATION_MIX: ReadonlyArray<readonly [Exclude<EntityKind, 'natural_person'>, number]> = [
  ['legal_person', 62],
  ['individual_business', 22],
  ['farmer_coop', 3],
  ['social_org', 3],
  ['public_institution', 3],
  ['government_body', 1],
  ['unincorporated_org', 2],
]

export interface DemoSize {
  entities: number
  persons: number
  organisations: number
  byKind: Record<EntityKind, number>
}

/** How many entities of each kind a demo of `entities` entities has (exact, largest remainder). */
export function demoSize(entities: number): DemoSize {
  if (!Number.isInteger(entities) || entities < 1)
    throw new RangeError(`entities must be a positive integer, got ${entities}`)
  const persons = Math.round(entities * PERSON_SHARE)
  const organisations = entities - persons
  const total = ORGANISATION_MIX.reduce((s, [, w]) => s + w, 0)
  const byKind = { natural_person: persons } as Record<EntityKind, number>
  const remainders: Array<[EntityKind, number]> = []
  let assigned = 0
  for (const [kind, w] of ORGANISATION_MIX) {
    const exact = (organisations * w) / total
    byKind[kind] = Math.floor(exact)
    assigned += byKind[kind]
    remainders.push([kind, exact - Math.floor(exact)])
  }
  remainders.sort((a, b) => b[1] - a[1])
  for (let i = 0; assigned < organisations; i++, assigned++) {
    const kind = (remainders[i % remainders.length] as [EntityKind, number])[0]
    byKind[kind] += 1
  }
  // Every kind at least once when there is room, taken from the largest group.
  if (organisations >= ORGANISATION_MIX.length) {
    for (const [kind] of ORGANISATION_MIX) {
      if (byKind[kind] === 0) {
        byKind[kind] = 1
        byKind.legal_person -= 1
      }
    }
  }
  return { entities, persons, organisations, byKind }
}

// ------------------------------------------------------------------ dates

const DAY = 86_400_000

function dayOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY)
}

const EPOCH_DAY = dayOf('1900-01-01')
const dateCache: string[] = []

/** YYYY-MM-DD of a day number (cached: the demo uses a few tens of thousands of distinct days). */
function dateOf(day: number): string {
  const i = day - EPOCH_DAY
  let s = dateCache[i]
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10)
    if (i >= 0) dateCache[i] = s
  }
  return s
}

const LAST_DAY = dayOf(DEMO_LAST_DATE)

/** Dates between `from` and DEMO_LAST_DATE, with a weight per year. */
class DatePicker {
  /** Per year: [first day, number of days] within the range. */
  readonly #years: WeightedPicker<readonly [number, number]>

  constructor(from: string, to: string, weight: (year: number) => number) {
    const first = dayOf(from)
    const last = Math.min(dayOf(to), LAST_DAY)
    const years = []
    for (let y = Number(from.slice(0, 4)); y <= Number(dateOf(last).slice(0, 4)); y++) {
      const start = Math.max(first, dayOf(`${y}-01-01`))
      const days = Math.min(last, dayOf(`${y}-12-31`)) - start + 1
      // A partial year weighs in proportion to its days.
      years.push({ value: [start, days] as const, weight: (weight(y) * days) / 365 })
    }
    this.#years = new WeightedPicker(years)
  }

  pick(rng: Rng): string {
    const [start, days] = this.#years.pick(rng)
    return dateOf(start + Math.floor(rng.next() * days))
  }
}

/** Registrations grew after the 2014 商事制度改革. */
const marketGrowth = (y: number): number => (y < 2000 ? 1 : y < 2009 ? 2 : y < 2014 ? 3 : y < 2020 ? 6 : 7)

// ------------------------------------------------------------------ codes

const DIGIT_SPACE = 10_000 // 10^4 x 10^4 = all 8-digit bodies
const LETTER_SPACE = 29_791 // 31^3 x 31^3 = all 6-character tails after a two-letter prefix
/** From the 2015 reform on, new bodies carry a two-letter prefix by registering authority. */
const NEW_CODE_FROM = '2015-10-01'

/**
 * Hands out organisation-code bodies and registration numbers that never repeat within a city, without
 * remembering them: a counter per series fed through a keyed permutation.
 */
export class CodeBook {
  readonly #digits: Permutation
  readonly #letters: Permutation
  readonly #regNos: Permutation
  readonly #counters = new Map<string, number>()
  readonly #reserved: Set<string>

  constructor(seed: number, reserved: Iterable<string> = []) {
    const key = (name: string) => Math.floor(streamRng(seed, name).next() * 0x7fffffff)
    this.#digits = new Permutation(DIGIT_SPACE, key('codes.digits'))
    this.#letters = new Permutation(LETTER_SPACE, key('codes.letters'))
    this.#regNos = new Permutation(DIGIT_SPACE, key('codes.reg-no'))
    this.#reserved = new Set(reserved)
  }

  #next(series: string): number {
    const n = this.#counters.get(series) ?? 0
    this.#counters.set(series, n + 1)
    return n
  }

  /** An 8-character organisation-code body: 8 digits (older codes) or a prefix like MA + 6 characters. */
  body(prefix: string | null): string {
    for (;;) {
      let body: string
      if (prefix === null) body = String(this.#digits.at(this.#next('digits'))).padStart(8, '0')
      else {
        let v = this.#letters.at(this.#next(prefix))
        let tail = ''
        for (let i = 0; i < 6; i++) {
          tail = USCC_ALPHABET[v % 31] + tail
          v = Math.floor(v / 31)
        }
        body = prefix + tail
      }
      if (!this.#reserved.has(body)) return body
    }
  }

  /** A USCC: registering department + category + region + organisation code (body + check) + check. */
  uscc(dept: string, category: string, region: string, body: string): string {
    const first17 = `${dept}${category}${region}${body}${orgCodeCheckChar(body)}`
    const check = usccCheckChar(first17)
    if (check === undefined) throw new RangeError(`cannot build a USCC from ${first17}`)
    return first17 + check
  }

  /**
   * A fresh USCC with a new body (`prefix` null: 8 digits). An all-digit USCC can also be a valid resident ID
   * number (e.g. region 120119 followed by a date-like body); such bodies are skipped so that every demo code
   * is recognised as what it is.
   */
  freshUscc(dept: string, category: string, region: string, prefix: string | null): string {
    for (;;) {
      const code = this.uscc(dept, category, region, this.body(prefix))
      if (!isValidResidentId(code, '9999-12-31')) return code
    }
  }

  /** A 15-digit 工商注册号 issued by the authority of `region`. */
  regNo(region: string): string {
    const first14 = `${region}${String(this.#regNos.at(this.#next('reg-no'))).padStart(8, '0')}`
    const check = mod1110CheckDigit(first14)
    if (check === undefined) throw new RangeError(`cannot build a registration number from ${first14}`)
    return first14 + check
  }
}

/** Organisation-code bodies of the demo departments: never handed out to generated entities. */
export function departmentBodies(): string[] {
  return demoDepartments().map((d) => d.uscc.slice(8, 16))
}

// ------------------------------------------------------------------ districts

export function demoDistricts(parts: NameParts = nameParts()): DistrictInfo[] {
  const urban = new Set(parts.urbanDistricts)
  return tianjinDistricts().map((r) => ({
    code: r.code,
    name: r.name,
    short: r.name.replace(/新区$|区$/, ''),
    urban: urban.has(r.code),
    towns: parts.townsByDistrict[r.code] ?? [r.name.replace(/区$/, '')],
  }))
}

// ------------------------------------------------------------------ generator

type OrgKind = Exclude<EntityKind, 'natural_person'>

const STATUS_MIX: Record<EntityKind, Array<{ value: EntityStatus; weight: number }>> = {
  legal_person: [
    { value: 'active', weight: 86 },
    { value: 'deregistered', weight: 8 },
    { value: 'revoked', weight: 5 },
    { value: 'moved_out', weight: 1 },
  ],
  individual_business: [
    { value: 'active', weight: 85 },
    { value: 'deregistered', weight: 12 },
    { value: 'revoked', weight: 3 },
  ],
  farmer_coop: [
    { value: 'active', weight: 85 },
    { value: 'deregistered', weight: 10 },
    { value: 'revoked', weight: 5 },
  ],
  social_org: [
    { value: 'active', weight: 93 },
    { value: 'deregistered', weight: 5 },
    { value: 'revoked', weight: 2 },
  ],
  public_institution: [
    { value: 'active', weight: 98 },
    { value: 'deregistered', weight: 2 },
  ],
  government_body: [
    { value: 'active', weight: 99 },
    { value: 'deregistered', weight: 1 },
  ],
  unincorporated_org: [
    { value: 'active', weight: 85 },
    { value: 'deregistered', weight: 12 },
    { value: 'revoked', weight: 3 },
  ],
  natural_person: [{ value: 'active', weight: 1 }],
}

/** Share of organisations of these kinds that were renamed once or twice. */
const RENAMED_SHARE = 0.085
const RENAMED_KINDS = new Set<EntityKind>([
  'legal_person',
  'individual_business',
  'farmer_coop',
  'social_org',
  'unincorporated_org',
])

/** Generates the organisations of a demo city, one entity at a time, deterministically from the seed. */
export class OrganisationGenerator {
  readonly #rng: Rng
  readonly #kindRng: Rng
  readonly #namer: DemoNamer
  readonly #codes: CodeBook
  readonly #remaining: Array<[OrgKind, number]>
  #left: number
  readonly #districts: DistrictInfo[]
  readonly #districtPicker: WeightedPicker<DistrictInfo>
  readonly #ruralPicker: WeightedPicker<DistrictInfo>
  readonly #sections = new Map<EntityKind, WeightedPicker<IndustrySection>>()
  readonly #sectionByCode: Map<string, IndustrySection>
  readonly #status = new Map<EntityKind, WeightedPicker<EntityStatus>>()
  readonly #dates: Record<OrgKind, DatePicker>
  readonly #historic: Map<string, { old: string[]; until: string }>

  constructor(seed: number, size: DemoSize, codes: CodeBook = new CodeBook(seed, departmentBodies())) {
    const parts = nameParts()
    this.#rng = streamRng(seed, 'organisations')
    this.#kindRng = streamRng(seed, 'organisations.kinds')
    this.#namer = new DemoNamer(this.#rng, parts)
    this.#codes = codes
    this.#remaining = ORGANISATION_MIX.map(([kind]) => [kind, size.byKind[kind]])
    this.#left = this.#remaining.reduce((s, [, n]) => s + n, 0)
    this.#districts = demoDistricts(parts)
    const byCode = new Map(this.#districts.map((d) => [d.code, d]))
    const districtWeights = (list: Array<{ value: string; weight: number }>) =>
      new WeightedPicker(
        list.map((w) => ({ value: byCode.get(w.value) as DistrictInfo, weight: byCode.has(w.value) ? w.weight : 0 })),
      )
    this.#districtPicker = districtWeights(parts.districtWeights)
    this.#ruralPicker = districtWeights(parts.ruralDistrictWeights)
    const sections = industrySections()
    this.#sectionByCode = new Map(sections.map((s) => [s.code, s]))
    for (const [kind] of ORGANISATION_MIX) {
      const weighted = sections.map((s) => ({ value: s, weight: s.weights[kind] ?? 0 }))
      if (weighted.some((w) => w.weight > 0)) this.#sections.set(kind, new WeightedPicker(weighted))
    }
    for (const [kind, mix] of Object.entries(STATUS_MIX)) this.#status.set(kind as EntityKind, new WeightedPicker(mix))
    this.#dates = {
      legal_person: new DatePicker('1995-01-01', DEMO_LAST_DATE, marketGrowth),
      individual_business: new DatePicker('2000-01-01', DEMO_LAST_DATE, marketGrowth),
      unincorporated_org: new DatePicker('1995-01-01', DEMO_LAST_DATE, marketGrowth),
      farmer_coop: new DatePicker('2007-07-01', DEMO_LAST_DATE, (y) => (y < 2013 ? 3 : y < 2020 ? 5 : 3)),
      social_org: new DatePicker('1995-01-01', DEMO_LAST_DATE, (y) => (y < 2010 ? 2 : 3)),
      public_institution: new DatePicker('1995-01-01', '2020-12-31', () => 1),
      government_body: new DatePicker('1995-01-01', '2020-12-31', () => 1),
    }
    this.#historic = new Map(parts.historicRegions.map((h) => [h.current, { old: h.old, until: h.until }]))
  }

  get remaining(): number {
    return this.#left
  }

  /** The next `n` organisations (fewer at the end). */
  chunk(n: number): NewEntity[] {
    const out: NewEntity[] = []
    while (out.length < n && this.#left > 0) out.push(this.next())
    return out
  }

  next(): NewEntity {
    if (this.#left <= 0) throw new RangeError('no organisations left')
    // Sampling without replacement: exact counts per kind, in random order.
    let x = Math.floor(this.#kindRng.next() * this.#left)
    let kind: OrgKind = 'legal_person'
    for (const slot of this.#remaining) {
      if (x < slot[1]) {
        kind = slot[0]
        slot[1] -= 1
        break
      }
      x -= slot[1]
    }
    this.#left -= 1
    return this.#make(kind)
  }

  #section(kind: EntityKind): IndustrySection {
    const picker = this.#sections.get(kind) ?? this.#sections.get('legal_person')
    return (picker as WeightedPicker<IndustrySection>).pick(this.#rng)
  }

  #sectionOf(code: string | undefined, kind: EntityKind): IndustrySection {
    if (code && code !== '*') {
      const s = this.#sectionByCode.get(code)
      if (s) return s
    }
    return this.#section(kind)
  }

  /** The region code in use on `date` for a district (e.g. 蓟县 120225 before 2016). */
  #regionOn(district: string, date: string): string {
    const h = this.#historic.get(district)
    if (!h || date >= h.until) return district
    return this.#rng.pick(h.old)
  }

  #make(kind: OrgKind): NewEntity {
    const rng = this.#rng
    const namer = this.#namer
    const district =
      kind === 'farmer_coop'
        ? this.#ruralPicker.pick(rng)
        : kind === 'government_body' || kind === 'public_institution'
          ? rng.pick(this.#districts)
          : this.#districtPicker.pick(rng)
    const establishedOn = this.#dates[kind].pick(rng)
    const status = (this.#status.get(kind) as WeightedPicker<EntityStatus>).pick(rng)
    const rep = namer.person(rng.next() < 0.72 ? 'male' : 'female')
    const isNew = establishedOn >= NEW_CODE_FROM
    let name: string
    let industry: string
    let dept = '9'
    let category = '1'
    let prefix = 'MA'
    let rename: () => string
    switch (kind) {
      case 'legal_person': {
        const section = this.#section(kind)
        industry = section.code
        name = namer.legalPerson(district, section)
        rename = () => this.#renameLegalPerson(name, district, section)
        break
      }
      case 'individual_business': {
        const section = this.#section(kind)
        industry = section.code
        category = '2'
        name = namer.individualBusiness(district, section, rep)
        rename = () => namer.individualBusiness(district, section, rep)
        break
      }
      case 'farmer_coop': {
        industry = 'A'
        category = '3'
        name = namer.farmerCoop(district)
        rename = () => namer.farmerCoop(district)
        break
      }
      case 'social_org': {
        const { name: n, template } = namer.socialOrg(district)
        name = n
        industry = template.industry ?? 'S'
        dept = '5'
        category = template.cat ?? '1'
        prefix = 'MJ'
        rename = () => namer.socialOrg(district, template).name
        break
      }
      case 'public_institution': {
        const { name: n, template } = namer.publicInstitution(district)
        name = n
        industry = template.industry ?? 'S'
        dept = '1'
        category = '2'
        prefix = 'MB'
        rename = () => namer.publicInstitution(district).name
        break
      }
      case 'government_body': {
        name = namer.governmentBody(district)
        industry = 'S'
        dept = '1'
        category = '1'
        prefix = 'MB'
        rename = () => namer.governmentBody(district)
        break
      }
      case 'unincorporated_org': {
        const template = namer.unincorporatedTemplate()
        const section = this.#sectionOf(template.industry, kind)
        industry = section.code
        dept = template.dept ?? '9'
        category = template.cat ?? '1'
        prefix = dept === '3' ? 'MD' : 'MA'
        name = namer.unincorporated(district, template, section)
        rename = () => namer.unincorporated(district, template, section)
        break
      }
    }
    const entity: NewEntity = {
      kind,
      name,
      uscc: this.#codes.freshUscc(dept, category, district.code, isNew ? prefix : null),
      district: district.code,
      industry,
      status,
      legalRep: rep.name,
      establishedOn,
    }
    // Enterprises registered before the 2015 reform kept their 15-digit 工商注册号.
    if (kind === 'legal_person' && !isNew && rng.next() < 0.45) {
      entity.regNo = this.#codes.regNo(rng.next() < 0.3 ? '120000' : this.#regionOn(district.code, establishedOn))
    }
    if (RENAMED_KINDS.has(kind) && rng.next() < RENAMED_SHARE) {
      const former = this.#formerNames(name, establishedOn, rename)
      if (former.length) entity.formerNames = former
    }
    return entity
  }

  #renameLegalPerson(current: string, district: DistrictInfo, section: IndustrySection): string {
    const x = this.#rng.next()
    if (x < 0.35) {
      if (current.endsWith('股份有限公司')) return `${current.slice(0, -6)}有限公司`
      if (current.endsWith('有限责任公司')) return `${current.slice(0, -6)}有限公司`
      if (current.endsWith('有限公司')) return `${current.slice(0, -4)}有限责任公司`
    }
    if (x < 0.45 && current.startsWith('天津市')) return `天津${current.slice(3)}`
    return this.#namer.legalPerson(district, section)
  }

  /** One or two earlier names, most recent first, each valid until a date after establishment. */
  #formerNames(current: string, establishedOn: string, rename: () => string): { name: string; validTo: string }[] {
    const rng = this.#rng
    const start = dayOf(establishedOn) + 30
    const span = LAST_DAY - 30 - start
    if (span < 60) return []
    const count = rng.next() < 0.75 ? 1 : 2
    const days = Array.from({ length: count }, () => start + Math.floor(rng.next() * span)).sort((a, b) => b - a)
    const out: { name: string; validTo: string }[] = []
    const seen = new Set([current])
    for (const day of days) {
      const name = rename()
      if (seen.has(name)) continue
      seen.add(name)
      out.push({ name, validTo: dateOf(day) })
    }
    return out
  }
}

/** Generates the natural persons of a demo city: Tianjin resident IDs, real birth dates, some minors. */
export class PersonGenerator {
  readonly #rng: Rng
  readonly #namer: DemoNamer
  readonly #districts: DistrictInfo[]
  readonly #districtPicker: WeightedPicker<DistrictInfo>
  readonly #adults: DatePicker
  readonly #minors: DatePicker
  readonly #historic: Map<string, { old: string[]; until: string }>
  readonly #used = new Set<string>()
  #left: number

  /** Share of minors (born 2010-2019). */
  static readonly MINOR_SHARE = 0.06

  constructor(seed: number, count: number) {
    const parts = nameParts()
    this.#rng = streamRng(seed, 'persons')
    this.#namer = new DemoNamer(this.#rng, parts)
    this.#districts = demoDistricts(parts)
    const byCode = new Map(this.#districts.map((d) => [d.code, d]))
    this.#districtPicker = new WeightedPicker(
      parts.districtWeights
        .filter((w) => byCode.has(w.value))
        .map((w) => ({ value: byCode.get(w.value) as DistrictInfo, weight: w.weight })),
    )
    this.#adults = new DatePicker('1940-01-01', '2007-12-31', (y) =>
      y < 1950 ? 1 : y < 1960 ? 3 : y < 1990 ? 5 : y < 2000 ? 4 : 2,
    )
    this.#minors = new DatePicker('2010-01-01', '2019-12-31', () => 1)
    this.#historic = new Map(parts.historicRegions.map((h) => [h.current, { old: h.old, until: h.until }]))
    this.#left = count
  }

  get remaining(): number {
    return this.#left
  }

  chunk(n: number): NewEntity[] {
    const out: NewEntity[] = []
    while (out.length < n && this.#left > 0) out.push(this.next())
    return out
  }

  next(): NewEntity {
    if (this.#left <= 0) throw new RangeError('no persons left')
    this.#left -= 1
    const rng = this.#rng
    const sex = rng.next() < 0.5 ? 'male' : 'female'
    const { name } = this.#namer.person(sex)
    const district = this.#districtPicker.pick(rng)
    const birthDate = rng.next() < PersonGenerator.MINOR_SHARE ? this.#minors.pick(rng) : this.#adults.pick(rng)
    // Most people were born where they live; the ID keeps the region code in use at birth.
    const home = rng.next() < 0.8 ? district.code : rng.pick(this.#districts).code
    const h = this.#historic.get(home)
    const region = h && birthDate < h.until ? rng.pick(h.old) : home
    let idNumber = generateResidentId(rng, { region, birthDate, sex })
    // 500 sequence numbers per region, day and sex: a clash is rare; after a few, move to another day.
    for (let tries = 1; this.#used.has(idNumber); tries++) {
      idNumber = generateResidentId(rng, { region, birthDate: tries < 20 ? birthDate : this.#adults.pick(rng), sex })
    }
    this.#used.add(idNumber)
    return { kind: 'natural_person', name, district: district.code, status: 'active', idNumber }
  }
}
