import type { FieldChange } from '../../core/diff.js'
import type { PolicySource, PolicyVersionInfo } from '../../core/versioned-policy.js'
import type { EntityKind } from '../entities/index.js'

/** National categories of the 全国公共信用信息基础目录 (codes in JSON, labels in the UI). */
export const CATEGORIES = {
  registration: '登记注册基本信息',
  judicial: '司法裁判及执行信息',
  administrative: '行政管理信息',
  qualification: '职称和职业资格信息',
  abnormal_operation: '经营(活动)异常名录信息',
  serious_dishonest: '严重失信主体名单信息',
  contract: '合同履行信息',
  commitment: '信用承诺及履行情况信息',
  evaluation: '信用评价结果信息',
  compliance: '遵守法律法规情况信息',
  honor: '诚实守信相关荣誉信息',
  intellectual_property: '知识产权信息',
  voluntary: '主体自愿提供的信息',
} as const
export type CategoryCode = keyof typeof CATEGORIES

export type Polarity = 'positive' | 'negative' | 'neutral'
export type DisclosureScope = 'public' | 'government' | 'authorized'
export type Severity = 'minor' | 'general' | 'serious'
export type ListKind = 'red' | 'black' | 'focus'

/** How a field's value is shown where its scope allows it. */
export type MaskRule = 'none' | 'id_number' | 'person_name' | 'phone' | 'hidden'

/**
 * Semantic roles let the pipeline find the subject, the document number, dates and amounts in any class
 * without knowing its field codes.
 */
export type FieldRole =
  | 'subject_name'
  | 'subject_category' // 行政相对人类别: 法人及非法人组织 / 自然人 / 个体工商户
  | 'uscc'
  | 'reg_no'
  | 'org_code'
  | 'id_type'
  | 'id_number'
  | 'legal_rep'
  | 'document_no' // 文书号: the provider key unless a class names another
  | 'decision_date'
  | 'valid_from'
  | 'valid_to'
  | 'authority_name'
  | 'authority_uscc'
  | 'provider_name'
  | 'provider_uscc'
  | 'penalty_types'
  | 'fine_amount'
  | 'confiscation_amount'
  | 'publish_until' // 公示截止期 as given by the provider (the computed one rules)
  | 'list_until'

export type FieldType = 'string' | 'text' | 'date' | 'amount' | 'integer' | 'enum' | 'code'

export interface CatalogField {
  code: string
  label: string
  labelEn?: string
  type: FieldType
  required?: boolean
  /** Conditional requirement, e.g. 证件号码 required when 行政相对人类别 is 自然人. */
  requiredWhen?: { field: string; in: string[] }
  enum?: string[]
  /** Several values separated by ";" (e.g. 处罚类别). */
  multi?: boolean
  maxLength?: number
  /** Header names accepted besides code and label: national codes, legacy 2015-2017 names, variants. */
  aliases?: string[]
  /** Unit of an amount as submitted: 万元 (national formats) or 元. Stored exactly as decimal text in 元. */
  unit?: '万元' | '元'
  role?: FieldRole
  scope: DisclosureScope
  mask?: MaskRule
  /**
   * Enum fields: besides the listed values, `${otherPrefix}具体说明` is accepted (证件类型 「其他-xxx」). The part
   * before the prefix's trailing dash (「其他」) counts as the value in severity rules.
   */
  otherPrefix?: string
  /** Help text for templates and the console. */
  description?: string
}

export interface SeverityCondition {
  field: string
  /** Any of these values present (multi fields: any element). */
  anyOf?: string[]
  /** Numeric thresholds on amounts (in 元). */
  gte?: number
  lt?: number
  /** Strict and inclusive counterparts of gte / lt (e.g. 罚款 over 3000 元: gt 3000). */
  gt?: number
  lte?: number
  /** None of these values present. */
  noneOf?: string[]
  /** At least one value, and every value is one of these (e.g. 处罚类别 only 警告/通报批评). */
  allIn?: string[]
  /** The field has (true) or has no (false) value. */
  present?: boolean
}

export interface SeverityRule {
  /** Severity when no rule matches. */
  default: Severity
  /** Every matching rule proposes its severity; the most severe wins. */
  rules: { when: SeverityCondition[]; severity: Severity; note?: string }[]
}

export interface ListAttributes {
  kind: ListKind
  /** List period in months from the decision date (null: until exit by decision). */
  periodMonths: number | null
  exitRules: string[]
}

export interface CatalogClass {
  code: string
  version: number
  nameZh: string
  nameEn: string
  category: CategoryCode
  subjectKinds: EntityKind[]
  polarity: Polarity
  scope: DisclosureScope
  list: ListAttributes | null
  /** Whether 轻微 records of this class are published at all. */
  publishMinor: boolean
  /** Working days after the decision day by which rows are due (null: no deadline). */
  deadlineWorkingDays: number | null
  fields: CatalogField[]
  legalBasis: string[]
  /** Department codes allowed to provide this class (empty: any registered department). */
  providers: string[]
  /** Negative classes: how severity follows from the fields. */
  severity: SeverityRule | null
  /** Positive/neutral classes: months of publication from the decision date (null: while valid). */
  publicationMonths: number | null
  repairable: boolean
  retentionYears: number
  status: 'active' | 'retired'
  /** What the class holds, for the console and the docs. */
  description?: string
  /**
   * A negative class that on purpose triggers no 失信惩戒 measure says why (in Chinese): without it, every negative
   * class needs a measure its serious records or list entries trigger (the measure list's coverage rule).
   */
  measureExemption?: { reason: string }
}

export interface PublicationPeriod {
  minMonths: number
  maxMonths: number
}

/** A versioned set of publication periods (the 2019 and the 2026 rules). */
export interface PublicationRuleSet {
  version: string
  effectiveFrom: string
  effectiveTo: string | null
  /** null: this severity does not exist under the rule set (a 2019 minor record counts as general). */
  periods: Record<Severity, PublicationPeriod | null>
  basis: string
}

export interface PublicationWindow {
  ruleVersion: string
  severity: Severity
  /** Civil dates (Asia/Shanghai), inclusive. */
  from: string
  minUntil: string
  maxUntil: string
  /**
   * What decided the window: the rule set (negative classes), the class's publicationMonths, the record's valid_to,
   * or nothing (open-ended: maxUntil is 9999-12-31). Positive and neutral classes have no severity: their
   * `severity` echoes the input (default 'general') and means nothing.
   */
  basis?: 'rule_set' | 'class_months' | 'valid_to' | 'open_ended'
  /** false: the record is kept and shared but not published (a 轻微 record of a class that does not publish them). */
  published?: boolean
  /** The severity asked for when the rule set has no such class (a 2019 `minor` becomes `general`). */
  requestedSeverity?: Severity
}

/** Severity derived from a payload by the class's rule. */
export interface SeverityResult {
  /** null: the class has no severity rule (positive and neutral classes). */
  severity: Severity | null
  /** Notes of the rules that decided the severity (empty when the default applied). */
  matched: string[]
  /** true when no rule matched and the rule's default applied. */
  defaulted: boolean
}

/** One validation problem of a row, in Chinese, naming the field by its label. */
export interface FieldError {
  field: string
  /** required | enum | format | max_length | type */
  code: string
  message: string
}

export interface ClassValidator {
  validate(row: Record<string, unknown>): { errors: FieldError[] }
}

/** Where a stored class version came from. */
export type CatalogSource = PolicySource

/** A stored version of a class (without the definition). */
export interface CatalogVersionInfo extends PolicyVersionInfo {
  code: string
}

/** One row of the catalog list (the current version of a class). */
export interface CatalogClassSummary {
  code: string
  version: number
  nameZh: string
  nameEn: string
  category: CategoryCode
  categoryLabel: string
  polarity: Polarity
  scope: DisclosureScope
  listKind: ListKind | null
  subjectKinds: EntityKind[]
  providers: string[]
  fieldCount: number
  status: 'active' | 'retired'
  source: CatalogSource
  updatedAt: string
}

export type { FieldChange }

/** Field-level difference between two versions of a class. */
export interface CatalogDiff {
  code: string
  from: number
  to: number
  /** Class-level properties that changed (fields excluded). */
  changes: FieldChange[]
  fields: {
    added: CatalogField[]
    removed: CatalogField[]
    changed: { code: string; label: string; changes: FieldChange[] }[]
    /** true when the same fields appear in another order. */
    reordered: boolean
  }
}
