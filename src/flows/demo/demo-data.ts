// The demo city's data files (data/demo/*.json), read once and parsed into ready-to-use lists.
import { readFileSync } from 'node:fs'
import { dataFilePath } from '../../identifiers/index.js'
import type { EntityKind } from '../../modules/entities/index.js'

/** A department of the demo city (data/demo/departments.json). Codes are stable: other data refers to them. */
export interface DemoDepartment {
  code: string
  name: string
  shortName: string
  uscc: string
  district: string
  /** `credit_office`: the 社会信用体系建设 lead (the platform's owner). */
  role?: 'credit_office'
}

export interface Weighted<T> {
  value: T
  weight: number
}

export interface NamePattern {
  weight: number
  pattern: string
  /** Optional fixed attributes of the pattern (USCC dept/category, GB/T 4754 section, '*' = from weights). */
  dept?: string
  cat?: string
  industry?: string
}

export interface IndustrySection {
  code: string
  label: string
  weights: Partial<Record<EntityKind, number>>
  words: string[]
  shops: string[]
}

export interface HistoricRegion {
  current: string
  old: string[]
  /** Codes in `old` were used before this civil date. */
  until: string
}

export interface NameParts {
  surnames: Weighted<string>[]
  givenMale: string[]
  givenFemale: string[]
  tradeNameChars: string[]
  tradeNameWords: string[]
  tradeNameSuffixChars: string[]
  villageSuffixes: string[]
  lpPatterns: NamePattern[]
  lpSuffixes: Weighted<string>[]
  individualPatterns: NamePattern[]
  coopPatterns: NamePattern[]
  coopCrops: string[]
  socialOrgTemplates: NamePattern[]
  associationSubjects: string[]
  learnedFields: string[]
  provinces: string[]
  privateSchools: string[]
  careHomes: string[]
  cultureOrgs: string[]
  foundationCauses: string[]
  publicInstitutionTemplates: NamePattern[]
  roadWords: string[]
  hospitals: string[]
  townServices: string[]
  districtCenters: string[]
  museums: string[]
  governmentTemplates: NamePattern[]
  districtBureaus: string[]
  townOffices: string[]
  townGov: string[]
  unincorporatedTemplates: NamePattern[]
  townsByDistrict: Record<string, string[]>
  urbanDistricts: string[]
  districtWeights: Weighted<string>[]
  ruralDistrictWeights: Weighted<string>[]
  historicRegions: HistoricRegion[]
}

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(dataFilePath(name), 'utf8')) as unknown
}

const words = (s: unknown): string[] => (typeof s === 'string' ? s.split(/\s+/).filter(Boolean) : [])

/** "王:710 李:700" -> weighted list. */
function weightedWords(s: unknown): Weighted<string>[] {
  return words(s).map((w) => {
    const i = w.lastIndexOf(':')
    return { value: w.slice(0, i), weight: Number(w.slice(i + 1)) }
  })
}

function patterns(list: unknown): NamePattern[] {
  return (list as Array<Record<string, unknown>>).map((p) => {
    const out: NamePattern = { weight: Number(p.w), pattern: String(p.p) }
    if (typeof p.dept === 'string') out.dept = p.dept
    if (typeof p.cat === 'string') out.cat = p.cat
    if (typeof p.industry === 'string') out.industry = p.industry
    return out
  })
}

let departmentsCache: DemoDepartment[] | undefined
let partsCache: NameParts | undefined
let industriesCache: IndustrySection[] | undefined

/** The demo city's departments (天津市 municipal departments), in file order. */
export function demoDepartments(): DemoDepartment[] {
  departmentsCache ??= readJson('demo/departments.json') as DemoDepartment[]
  return departmentsCache
}

/** The credit office (天津市发展和改革委员会). */
export function creditOffice(): DemoDepartment {
  const d = demoDepartments().find((x) => x.role === 'credit_office')
  if (!d) throw new Error('data/demo/departments.json: no department has "role": "credit_office"')
  return d
}

export function nameParts(): NameParts {
  if (partsCache) return partsCache
  const raw = readJson('demo/name-parts.json') as Record<string, unknown>
  const towns: Record<string, string[]> = {}
  for (const [code, list] of Object.entries(raw.townsByDistrict as Record<string, string>)) towns[code] = words(list)
  partsCache = {
    surnames: weightedWords(raw.surnames),
    givenMale: words(raw.givenMale),
    givenFemale: words(raw.givenFemale),
    tradeNameChars: words(raw.tradeNameChars),
    tradeNameWords: words(raw.tradeNameWords),
    tradeNameSuffixChars: words(raw.tradeNameSuffixChars),
    villageSuffixes: words(raw.villageSuffixes),
    lpPatterns: patterns(raw.lpPatterns),
    lpSuffixes: (raw.lpSuffixes as Array<{ w: number; s: string }>).map((x) => ({ value: x.s, weight: x.w })),
    individualPatterns: patterns(raw.individualPatterns),
    coopPatterns: patterns(raw.coopPatterns),
    coopCrops: words(raw.coopCrops),
    socialOrgTemplates: patterns(raw.socialOrgTemplates),
    associationSubjects: words(raw.associationSubjects),
    learnedFields: words(raw.learnedFields),
    provinces: words(raw.provinces),
    privateSchools: words(raw.privateSchools),
    careHomes: words(raw.careHomes),
    cultureOrgs: words(raw.cultureOrgs),
    foundationCauses: words(raw.foundationCauses),
    publicInstitutionTemplates: patterns(raw.publicInstitutionTemplates),
    roadWords: words(raw.roadWords),
    hospitals: words(raw.hospitals),
    townServices: words(raw.townServices),
    districtCenters: words(raw.districtCenters),
    museums: words(raw.museums),
    governmentTemplates: patterns(raw.governmentTemplates),
    districtBureaus: words(raw.districtBureaus),
    townOffices: words(raw.townOffices),
    townGov: words(raw.townGov),
    unincorporatedTemplates: patterns(raw.unincorporatedTemplates),
    townsByDistrict: towns,
    urbanDistricts: words(raw.urbanDistricts),
    districtWeights: weightedWords(raw.districtWeights),
    ruralDistrictWeights: weightedWords(raw.ruralDistrictWeights),
    historicRegions: (raw.historicRegions as Array<{ current: string; old: string; until: string }>).map((h) => ({
      current: h.current,
      old: words(h.old),
      until: h.until,
    })),
  }
  return partsCache
}

/** GB/T 4754-2017 sections with demo weights and name words. */
export function industrySections(): IndustrySection[] {
  if (industriesCache) return industriesCache
  const raw = readJson('demo/industries.json') as { sections: Array<Record<string, unknown>> }
  industriesCache = raw.sections.map((s) => ({
    code: String(s.code),
    label: String(s.label),
    weights: (s.weights ?? {}) as Partial<Record<EntityKind, number>>,
    words: words(s.words),
    shops: words(s.shops),
  }))
  return industriesCache
}
