// A screening rule (优质中小企业名单筛选规则, 信易贷): versioned data, one rule per code (src/modules/policies). Which
// grading models it reads, the lowest grade each admits (lower for red-listed organisations when the rule says so),
// the lists and records that exclude an organisation, and the kinds of organisation it screens.

/** The lists whose entries in force keep an organisation off the screening list. */
export const EXCLUDING_LISTS = ['black', 'focus'] as const
export type ExcludingList = (typeof EXCLUDING_LISTS)[number]

export interface ScreeningModel {
  /** A grading model code. */
  model: string
  /** The lowest grade of the model that qualifies (its band and every better one). */
  minGrade: string
  /** Optional red-list bonus: the lowest grade that qualifies for an organisation on the red list; null: none. */
  redListMinGrade: string | null
}

export interface ScreeningRuleDefinition {
  code: string
  name: string
  description: string
  status: 'active' | 'retired'
  /** Each organisation is screened by its own default model (an industry model before the general one). */
  models: ScreeningModel[]
  /** Entries in force on these lists exclude. */
  excludeLists: ExcludingList[]
  /** A serious negative record in force (严重失信记录) excludes. */
  excludeSerious: boolean
  basis: string[]
}

export type ScreeningRule = ScreeningRuleDefinition & { version: number }

/** Why an organisation qualifies (one line each), as the list shows it. */
export interface ScreenReason {
  /** grade | red_list | no_black_list | no_focus_list | no_serious */
  code: string
  label: string
  /** The records behind it (the red-list entries). */
  records: string[]
}

export interface ScreenedEntity {
  entityId: string
  name: string
  kind: string
  uscc: string | null
  district: string | null
  districtName: string | null
  industry: string | null
  model: string
  modelName: string
  modelVersion: number
  grade: string
  gradeLabel: string
  score: number
  asOf: string
  redList: boolean
  reasons: ScreenReason[]
}

export interface ScreenPage {
  rule: string
  ruleVersion: number
  asOf: string
  total: number
  page: number
  pageSize: number
  items: ScreenedEntity[]
  /** The districts of the list under the other filters (district filter left out), with their counts. */
  districts: DistrictCount[]
}

export interface DistrictCount {
  code: string
  name: string
  count: number
}

export interface ScreenQuery {
  rule?: string | undefined
  district?: string | undefined
  industry?: string | undefined
  grade?: string | undefined
  /** Only red-listed organisations. */
  redList?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}
