// Plausible Chinese names for the demo city: people, enterprises, shops, cooperatives, social organisations,
// public institutions and government bodies. Everything is drawn from data/demo/name-parts.json.
import type { Rng } from '../../identifiers/index.js'
import { type IndustrySection, type NameParts, type NamePattern, nameParts } from './demo-data.js'
import { chineseNumber, WeightedPicker } from './demo-random.js'

export interface PersonName {
  surname: string
  name: string
}

export interface DistrictInfo {
  code: string
  /** 和平区 */
  name: string
  /** 和平 (滨海新区 -> 滨海) */
  short: string
  urban: boolean
  towns: string[]
}

/** Fills `{key}` placeholders left to right; each key is resolved by `vars` (called once per occurrence). */
export function fillPattern(pattern: string, vars: (key: string) => string): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => vars(key))
}

export class DemoNamer {
  readonly parts: NameParts
  readonly #rng: Rng
  readonly #surnames: WeightedPicker<string>
  readonly #lpPatterns: WeightedPicker<NamePattern>
  readonly #lpSuffixes: WeightedPicker<string>
  readonly #individualPatterns: WeightedPicker<NamePattern>
  readonly #coopPatterns: WeightedPicker<NamePattern>
  readonly #socialTemplates: WeightedPicker<NamePattern>
  readonly #publicTemplates: WeightedPicker<NamePattern>
  readonly #governmentTemplates: WeightedPicker<NamePattern>
  readonly #unincorporatedTemplates: WeightedPicker<NamePattern>

  constructor(rng: Rng, parts: NameParts = nameParts()) {
    this.parts = parts
    this.#rng = rng
    const byWeight = (list: NamePattern[]) => new WeightedPicker(list.map((p) => ({ value: p, weight: p.weight })))
    this.#surnames = new WeightedPicker(parts.surnames)
    this.#lpPatterns = byWeight(parts.lpPatterns)
    this.#lpSuffixes = new WeightedPicker(parts.lpSuffixes)
    this.#individualPatterns = byWeight(parts.individualPatterns)
    this.#coopPatterns = byWeight(parts.coopPatterns)
    this.#socialTemplates = byWeight(parts.socialOrgTemplates)
    this.#publicTemplates = byWeight(parts.publicInstitutionTemplates)
    this.#governmentTemplates = byWeight(parts.governmentTemplates)
    this.#unincorporatedTemplates = byWeight(parts.unincorporatedTemplates)
  }

  #pick<T>(list: readonly T[]): T {
    return this.#rng.pick(list)
  }

  /** A personal name: surname + one or two given-name characters matching the sex. */
  person(sex: 'male' | 'female'): PersonName {
    const surname = this.#surnames.pick(this.#rng)
    const given = sex === 'male' ? this.parts.givenMale : this.parts.givenFemale
    const first = this.#pick(given)
    const name = this.#rng.next() < 0.68 ? `${surname}${first}${this.#pick(given)}` : `${surname}${first}`
    return { surname, name }
  }

  /** 字号: two characters (most), three, a character + a common ending, a word (+ a character). */
  tradeName(): string {
    const x = this.#rng.next()
    const chars = this.parts.tradeNameChars
    if (x < 0.52) {
      const a = this.#pick(chars)
      let b = this.#pick(chars)
      if (b === a) b = this.#pick(chars)
      return a + b
    }
    if (x < 0.72) return this.#pick(chars) + this.#pick(chars) + this.#pick(chars)
    if (x < 0.84) return this.#pick(chars) + this.#pick(this.parts.tradeNameSuffixChars)
    if (x < 0.94) return this.#pick(this.parts.tradeNameWords) + this.#pick(this.parts.tradeNameSuffixChars)
    return this.#pick(this.parts.tradeNameWords)
  }

  town(d: DistrictInfo): string {
    return this.#pick(d.towns)
  }

  village(): string {
    return this.#surnames.pick(this.#rng).slice(0, 1) + this.#pick(this.parts.villageSuffixes)
  }

  #road(d: DistrictInfo): string {
    const x = this.#rng.next()
    const base = x < 0.4 ? this.town(d) : x < 0.7 ? this.#pick(this.parts.tradeNameWords) : this.tradeName()
    return base + this.#pick(this.parts.roadWords)
  }

  /** Variables shared by every pattern. */
  #common(key: string, d: DistrictInfo): string | undefined {
    switch (key) {
      case 'district':
        return d.name
      case 'dshort':
        return d.short
      case 'tn':
      case 'tn2':
        return this.tradeName()
      case 'town':
        return this.town(d)
      case 'village':
        return this.village()
      default:
        return undefined
    }
  }

  #missing(key: string, pattern: string): never {
    throw new Error(`data/demo/name-parts.json: unknown placeholder {${key}} in "${pattern}"`)
  }

  /** 企业法人: 天津 + 字号 + 行业 + 有限公司 and its variants. */
  legalPerson(d: DistrictInfo, section: IndustrySection, pattern?: NamePattern, suffix?: string): string {
    const p = pattern ?? this.#lpPatterns.pick(this.#rng)
    const suf = suffix ?? this.#lpSuffixes.pick(this.#rng)
    return fillPattern(p.pattern, (key) => {
      if (key === 'ind') return this.#pick(section.words)
      if (key === 'suf') return suf
      return this.#common(key, d) ?? this.#missing(key, p.pattern)
    })
  }

  /** 个体工商户: 和平区张记餐馆. */
  individualBusiness(d: DistrictInfo, section: IndustrySection, operator: PersonName): string {
    const p = this.#individualPatterns.pick(this.#rng)
    return fillPattern(p.pattern, (key) => {
      if (key === 'surname') return operator.surname
      if (key === 'person') return operator.name
      if (key === 'shop') return this.#pick(section.shops)
      return this.#common(key, d) ?? this.#missing(key, p.pattern)
    })
  }

  /** 农民专业合作社: 静海区绿源蔬菜种植专业合作社. */
  farmerCoop(d: DistrictInfo): string {
    const p = this.#coopPatterns.pick(this.#rng)
    return fillPattern(p.pattern, (key) => {
      if (key === 'crop') return this.#pick(this.parts.coopCrops)
      return this.#common(key, d) ?? this.#missing(key, p.pattern)
    })
  }

  /** 社会组织 (社会团体 51, 民办非企业单位 52, 基金会 53): returns the name and the template (category, industry). */
  socialOrg(d: DistrictInfo, template?: NamePattern): { name: string; template: NamePattern } {
    const p = template ?? this.#socialTemplates.pick(this.#rng)
    const name = fillPattern(p.pattern, (key) => {
      switch (key) {
        case 'subject':
          return this.#pick(this.parts.associationSubjects)
        case 'field':
          return this.#pick(this.parts.learnedFields)
        case 'province':
          return this.#pick(this.parts.provinces)
        case 'school':
          return this.#pick(this.parts.privateSchools)
        case 'care':
          return this.#pick(this.parts.careHomes)
        case 'culture':
          return this.#pick(this.parts.cultureOrgs)
        case 'cause':
          return this.#pick(this.parts.foundationCauses)
        default:
          return this.#common(key, d) ?? this.#missing(key, p.pattern)
      }
    })
    return { name, template: p }
  }

  /** 事业单位: schools, hospitals, service centres. */
  publicInstitution(d: DistrictInfo): { name: string; template: NamePattern } {
    const p = this.#publicTemplates.pick(this.#rng)
    const name = fillPattern(p.pattern, (key) => {
      switch (key) {
        case 'road':
          return this.#road(d)
        case 'n':
          return chineseNumber(this.#rng.int(1, 99))
        case 'hospital':
          return this.#pick(this.parts.hospitals)
        case 'service':
          return this.#pick(this.parts.townServices)
        case 'center':
          return this.#pick(this.parts.districtCenters)
        case 'field':
          return this.#pick(this.parts.learnedFields)
        case 'museum':
          return this.#pick(this.parts.museums)
        default:
          return this.#common(key, d) ?? this.#missing(key, p.pattern)
      }
    })
    return { name, template: p }
  }

  /** 机关: district bureaus, 街道办事处, 镇人民政府, courts. */
  governmentBody(d: DistrictInfo): string {
    const p = this.#governmentTemplates.pick(this.#rng)
    return fillPattern(p.pattern, (key) => {
      switch (key) {
        case 'bureau':
          return this.#pick(this.parts.districtBureaus)
        case 'townGov':
          return d.urban ? '街道办事处' : this.#pick(this.parts.townGov)
        case 'townOffice':
          return this.#pick(this.parts.townOffices)
        default:
          return this.#common(key, d) ?? this.#missing(key, p.pattern)
      }
    })
  }

  /** 非法人组织: branches, partnerships, sole proprietorships, law firms. The template carries the USCC dept/category. */
  unincorporatedTemplate(): NamePattern {
    return this.#unincorporatedTemplates.pick(this.#rng)
  }

  unincorporated(d: DistrictInfo, template: NamePattern, section: IndustrySection): string {
    return fillPattern(template.pattern, (key) => {
      if (key === 'ind') return this.#pick(section.words)
      return this.#common(key, d) ?? this.#missing(key, template.pattern)
    })
  }
}
