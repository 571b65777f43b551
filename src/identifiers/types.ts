// Result shapes shared by the identifier checks. JSON carries stable English codes; messages are Chinese.

export type Scheme = 'uscc' | 'org_code' | 'resident_id' | 'reg_no' | 'unknown'

/** Errors make a code invalid. */
export type ErrorCode = 'length' | 'charset' | 'format' | 'checksum' | 'date' | 'category'

/** Warnings leave a code valid but tell the user something worth checking. */
export type WarningCode = 'region' | 'org_code_checksum'

export interface Issue<C extends string> {
  code: C
  /** Simplified Chinese: what is wrong and how to fix it. */
  message: string
}

export type CodeError = Issue<ErrorCode>
export type CodeWarning = Issue<WarningCode>

export interface UsccDetails {
  /** Position 1: 登记管理部门码. */
  registrationDept: string
  registrationDeptName: string | null
  /** Position 2: 机构类别码. */
  category: string
  categoryName: string | null
  /** Positions 3-8: 登记管理机关行政区划码 (100000 = national level). */
  region: string
  regionName: string | null
  /** Positions 9-17: 主体标识码 (organisation code). */
  orgCode: string
}

export interface ResidentIdDetails {
  region: string
  regionName: string | null
  /** YYYY-MM-DD, or null when positions 7-14 are not a real date. */
  birthDate: string | null
  /** From position 17 (odd male, even female); null when it is not a digit. */
  sex: 'male' | 'female' | null
  /** Whole years on `today`; null when the birth date is invalid. */
  age: number | null
}

export interface RegNoDetails {
  /** First 6 digits: the registering authority's region. */
  region: string
  regionName: string | null
}

export type EmptyDetails = Record<string, never>

export interface SchemeCheck<D> {
  valid: boolean
  errors: CodeError[]
  warnings: CodeWarning[]
  details: D
}

interface CheckResultBase<S extends Scheme, D> {
  input: string
  scheme: S
  valid: boolean
  normalized: string
  errors: CodeError[]
  warnings: CodeWarning[]
  details: D
}

export type CheckResult =
  | CheckResultBase<'uscc', UsccDetails>
  | CheckResultBase<'resident_id', ResidentIdDetails>
  | CheckResultBase<'org_code', EmptyDetails>
  | CheckResultBase<'reg_no', RegNoDetails>
  | CheckResultBase<'unknown', EmptyDetails>

export interface CheckOptions {
  /** The reference date YYYY-MM-DD for birth dates and ages; default: today in Asia/Shanghai. */
  today?: string
}
