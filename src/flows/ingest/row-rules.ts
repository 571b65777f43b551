import { checkCode, maskIdFieldValue, nameKey } from '../../identifiers/index.js'
import type { CatalogClass, FieldRole } from '../../modules/catalog/index.js'
import type { EntityKind, NewEntity, ResolveQuery } from '../../modules/entities/index.js'
import { ROW_MESSAGES } from './ingest.errors.js'
import type { RowIssue } from './ingest.types.js'

/** Field codes by semantic role, computed once per class version. */
export type RoleMap = Partial<Record<FieldRole, string>>

export function roleMap(cls: CatalogClass): RoleMap {
  const m: RoleMap = {}
  for (const f of cls.fields) if (f.role && !m[f.role]) m[f.role] = f.code
  return m
}

export function pick(data: Record<string, unknown>, roles: RoleMap, role: FieldRole): string | undefined {
  const code = roles[role]
  const v = code ? data[code] : undefined
  if (v === undefined || v === null || v === '') return undefined
  return Array.isArray(v) ? v.join(';') : String(v)
}

export interface Subject {
  /** Stable identity of the subject within a record key. */
  key: string
  query: ResolveQuery
  /** What to register when the subject is new and identified by a valid code. */
  create: NewEntity | null
  personId: string | null
  /** 行政相对人类别 as submitted (法人及非法人组织 / 自然人 / 个体工商户), when the class has it. */
  category: string | null
}

const PERSON = '自然人'
const BUSINESS = '个体工商户'

/** Entity kind implied by a USCC's registration department and category (GB 32100). */
export function kindFromUscc(uscc: string, category: string | undefined): EntityKind {
  if (category === BUSINESS) return 'individual_business'
  const dept = uscc[0]
  const cat = uscc[1]
  if (dept === '9') return cat === '2' ? 'individual_business' : cat === '3' ? 'farmer_coop' : 'legal_person'
  if (dept === '1') return cat === '1' ? 'government_body' : cat === '2' ? 'public_institution' : 'social_org'
  if (dept === '5') return 'social_org'
  if (dept === 'N') return 'farmer_coop'
  if (dept === '3') return 'unincorporated_org'
  return 'legal_person'
}

/**
 * Describes the row's subject (行政相对人) from the class's role fields and checks that its kind and codes
 * agree. Adds issues to `issues` and returns null when the subject cannot be described.
 */
export function describeSubject(
  cls: CatalogClass,
  roles: RoleMap,
  data: Record<string, unknown>,
  rowNo: number,
  today: string,
  issues: RowIssue[],
): Subject | null {
  const category = pick(data, roles, 'subject_category')
  const name = pick(data, roles, 'subject_name')
  const usccRaw = pick(data, roles, 'uscc')
  const idType = pick(data, roles, 'id_type')
  const idRaw = pick(data, roles, 'id_number')
  const orgRaw = pick(data, roles, 'org_code')
  const regRaw = pick(data, roles, 'reg_no')
  const err = (field: string | undefined, code: string, message: string, value?: string) =>
    issues.push({ rowNo, level: 'error', field: field ?? null, code, message, value: value ?? null })
  const warn = (field: string | undefined, code: string, message: string, value?: string) =>
    issues.push({ rowNo, level: 'warning', field: field ?? null, code, message, value: value ?? null })
  const before = issues.filter((i) => i.level === 'error').length

  const checkInto = (raw: string | undefined, role: FieldRole, scheme: string): string | undefined => {
    if (!raw) return undefined
    const r = checkCode(raw, { today })
    const field = roles[role]
    // an ID number, valid or not, is personal data: messages never quote it or its birth date and region
    const personal = role === 'id_number'
    const say = (i: { code: string; message: string }) =>
      personal ? (PERSONAL_MESSAGES[i.code] ?? i.message) : i.message
    if (r.scheme !== scheme) {
      const shown = personal ? maskIdFieldValue(raw) : raw
      err(field, 'format', `「${fieldLabel(cls, field)}」${shown} 不是有效的${schemeLabel(scheme)}。`, raw)
      return undefined
    }
    if (!r.valid) {
      err(field, r.errors[0]?.code ?? 'format', `「${fieldLabel(cls, field)}」${r.errors.map(say).join('；')}`, raw)
      return undefined
    }
    for (const w of r.warnings) warn(field, w.code, `「${fieldLabel(cls, field)}」${say(w)}`, raw)
    return r.normalized
  }

  const isPerson =
    category === PERSON || (!category && cls.subjectKinds.length === 1 && cls.subjectKinds[0] === 'natural_person')
  if (isPerson && usccRaw) err(roles.uscc, 'subject_kind_mismatch', ROW_MESSAGES.subject_kind_mismatch, usccRaw)
  const uscc = isPerson ? undefined : checkInto(usccRaw, 'uscc', 'uscc')
  const personId =
    idRaw && (!idType || /身份证/.test(idType)) && (isPerson || !usccRaw)
      ? checkInto(idRaw, 'id_number', 'resident_id')
      : undefined
  const orgCode = checkInto(orgRaw, 'org_code', 'org_code')
  const regNo = checkInto(regRaw, 'reg_no', 'reg_no')
  if (issues.filter((i) => i.level === 'error').length > before) return null

  const codes = [orgCode, regNo].filter((c): c is string => Boolean(c))
  if (isPerson) {
    if (!personId) {
      if (idRaw && idType) err(roles.id_type, 'subject_unresolved', ROW_MESSAGES.subject_person_id_type(idType), idType)
      else err(roles.id_number, 'subject_unresolved', ROW_MESSAGES.subject_person_id_missing)
      return null
    }
    return {
      key: `id:${personId}`,
      query: { idNumber: personId },
      create: { kind: 'natural_person', name: name ?? '', idNumber: personId },
      personId,
      category: category ?? null,
    }
  }
  const key = uscc
    ? `uscc:${uscc}`
    : orgCode
      ? `org:${orgCode}`
      : regNo
        ? `reg:${regNo}`
        : name
          ? `name:${nameKey(name)}`
          : ''
  if (!key) {
    err(roles.uscc ?? roles.subject_name, 'subject_unresolved', ROW_MESSAGES.subject_no_identifier)
    return null
  }
  return {
    key,
    query: { uscc: uscc ?? null, codes, name: name ?? null },
    create:
      uscc && name
        ? {
            kind: kindFromUscc(uscc, category),
            name,
            uscc,
            orgCode: orgCode ?? null,
            regNo: regNo ?? null,
            district: uscc.slice(2, 8),
          }
        : null,
    personId: null,
    category: category ?? null,
  }
}

/** Messages about an ID number that would otherwise quote parts of it (birth date, region code). */
const PERSONAL_MESSAGES: Record<string, string> = {
  date: '第7-14位出生日期不是有效日期（或早于1900年、晚于今天）。请核对号码。',
  region: '前6位地址码不在行政区划代码表中（已含撤销的旧代码）。请核对号码。',
}

function fieldLabel(cls: CatalogClass, code: string | undefined): string {
  return cls.fields.find((f) => f.code === code)?.label ?? code ?? ''
}

function schemeLabel(scheme: string): string {
  return (
    { uscc: '统一社会信用代码', resident_id: '居民身份证号码', org_code: '组织机构代码', reg_no: '工商注册号' }[
      scheme
    ] ?? '代码'
  )
}
