// Class definitions: structural and semantic checks of a definition, and the compiled row validator (ajv).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { isIsoDate } from '../../identifiers/index.js'
import { ENTITY_KINDS } from '../entities/index.js'
import { SEVERITY_LABELS } from './catalog.periods.js'
import {
  CATEGORIES,
  type CatalogClass,
  type CatalogField,
  type ClassValidator,
  type FieldError,
  type PublicationRuleSet,
} from './catalog.types.js'

const FIELD_TYPES = ['string', 'text', 'date', 'amount', 'integer', 'enum', 'code'] as const
const SCOPES = ['public', 'government', 'authorized'] as const
const MASKS = ['none', 'id_number', 'person_name', 'phone', 'hidden'] as const
const SEVERITIES = ['minor', 'general', 'serious'] as const
const ROLES = [
  'subject_name',
  'subject_category',
  'uscc',
  'reg_no',
  'org_code',
  'id_type',
  'id_number',
  'legal_rep',
  'document_no',
  'decision_date',
  'valid_from',
  'valid_to',
  'authority_name',
  'authority_uscc',
  'provider_name',
  'provider_uscc',
  'penalty_types',
  'fine_amount',
  'confiscation_amount',
  'publish_until',
  'list_until',
] as const

/** Wider scope = smaller number: a field may not be more public than its class. */
export const SCOPE_RANK = { public: 0, government: 1, authorized: 2 } as const

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const

const conditionSchema = {
  type: 'object',
  required: ['field'],
  additionalProperties: false,
  properties: {
    field: { type: 'string', minLength: 1 },
    anyOf: { ...stringList, minItems: 1 },
    noneOf: { ...stringList, minItems: 1 },
    allIn: { ...stringList, minItems: 1 },
    gte: { type: 'number' },
    lt: { type: 'number' },
    gt: { type: 'number' },
    lte: { type: 'number' },
    present: { type: 'boolean' },
  },
} as const

const fieldSchema = {
  type: 'object',
  required: ['code', 'label', 'type', 'scope'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
    label: { type: 'string', minLength: 1, maxLength: 100 },
    labelEn: { type: 'string', maxLength: 200 },
    type: { enum: FIELD_TYPES },
    required: { type: 'boolean' },
    requiredWhen: {
      type: 'object',
      required: ['field', 'in'],
      additionalProperties: false,
      properties: { field: { type: 'string', minLength: 1 }, in: { ...stringList, minItems: 1 } },
    },
    enum: { ...stringList, minItems: 1 },
    multi: { type: 'boolean' },
    maxLength: { type: 'integer', minimum: 1, maximum: 100_000 },
    aliases: stringList,
    unit: { enum: ['万元', '元'] },
    role: { enum: ROLES },
    scope: { enum: SCOPES },
    mask: { enum: MASKS },
    otherPrefix: { type: 'string', minLength: 1, maxLength: 20 },
    description: { type: 'string', maxLength: 2000 },
  },
} as const

const classSchema = {
  type: 'object',
  required: [
    'code',
    'nameZh',
    'nameEn',
    'category',
    'subjectKinds',
    'polarity',
    'scope',
    'list',
    'publishMinor',
    'deadlineWorkingDays',
    'fields',
    'legalBasis',
    'providers',
    'severity',
    'publicationMonths',
    'repairable',
    'retentionYears',
    'status',
  ],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' },
    version: { type: 'integer', minimum: 1 },
    nameZh: { type: 'string', minLength: 1, maxLength: 100 },
    nameEn: { type: 'string', minLength: 1, maxLength: 200 },
    category: { enum: Object.keys(CATEGORIES) },
    subjectKinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ENTITY_KINDS } },
    polarity: { enum: ['positive', 'negative', 'neutral'] },
    scope: { enum: SCOPES },
    list: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['kind', 'periodMonths', 'exitRules'],
          additionalProperties: false,
          properties: {
            kind: { enum: ['red', 'black', 'focus'] },
            periodMonths: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 1, maximum: 600 }] },
            exitRules: stringList,
          },
        },
      ],
    },
    publishMinor: { type: 'boolean' },
    deadlineWorkingDays: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 1, maximum: 365 }] },
    fields: { type: 'array', minItems: 1, maxItems: 200, items: fieldSchema },
    legalBasis: { ...stringList, minItems: 1 },
    providers: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
    },
    severity: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['default', 'rules'],
          additionalProperties: false,
          properties: {
            default: { enum: SEVERITIES },
            rules: {
              type: 'array',
              items: {
                type: 'object',
                required: ['when', 'severity'],
                additionalProperties: false,
                properties: {
                  when: { type: 'array', minItems: 1, items: conditionSchema },
                  severity: { enum: SEVERITIES },
                  note: { type: 'string', maxLength: 500 },
                },
              },
            },
          },
        },
      ],
    },
    publicationMonths: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 1, maximum: 600 }] },
    repairable: { type: 'boolean' },
    retentionYears: { type: 'integer', minimum: 0, maximum: 100 },
    status: { enum: ['active', 'retired'] },
    description: { type: 'string', maxLength: 4000 },
    measureExemption: {
      type: 'object',
      required: ['reason'],
      additionalProperties: false,
      properties: { reason: { type: 'string', minLength: 4, maxLength: 1000 } },
    },
  },
} as const

const periodSchema = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      required: ['minMonths', 'maxMonths'],
      additionalProperties: false,
      properties: {
        minMonths: { type: 'integer', minimum: 0, maximum: 600 },
        maxMonths: { type: 'integer', minimum: 1, maximum: 600 },
      },
    },
  ],
} as const

const ruleSetSchema = {
  type: 'object',
  required: ['version', 'effectiveFrom', 'effectiveTo', 'periods', 'basis'],
  additionalProperties: false,
  properties: {
    version: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,32}$' },
    effectiveFrom: { type: 'string', format: 'date' },
    effectiveTo: { anyOf: [{ type: 'null' }, { type: 'string', format: 'date' }] },
    periods: {
      type: 'object',
      required: ['minor', 'general', 'serious'],
      additionalProperties: false,
      properties: { minor: periodSchema, general: periodSchema, serious: periodSchema },
    },
    basis: { type: 'string', minLength: 1 },
  },
} as const

// One ajv instance for the meta-schemas and every compiled class (compiled once per class version).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
ajv.addFormat('date', { type: 'string', validate: (s: string) => isIsoDate(s) })
ajv.addFormat('amount', { type: 'string', validate: (s: string) => /^\d+(\.\d+)?$/.test(s) })
ajv.addKeyword({
  keyword: 'gxEnum',
  type: 'string',
  schemaType: 'object',
  errors: false,
  validate: (schema: { values: string[]; otherPrefix?: string }, data: string) =>
    schema.values.includes(data) ||
    (schema.otherPrefix !== undefined &&
      data.startsWith(schema.otherPrefix) &&
      data.length > schema.otherPrefix.length),
})

const checkClassShape = ajv.compile(classSchema)
const checkRuleSetShape = ajv.compile(ruleSetSchema)

function describeAjv(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .filter(
      (e) =>
        e.keyword !== 'anyOf' ||
        !errors?.some((o) => o !== e && o.instancePath === e.instancePath && o.keyword !== 'anyOf'),
    )
    .map((e) => {
      const at = e.instancePath || '(根)'
      if (e.keyword === 'required')
        return `${at} 缺少「${String((e.params as { missingProperty: string }).missingProperty)}」`
      if (e.keyword === 'additionalProperties')
        return `${at} 含有不支持的属性「${String((e.params as { additionalProperty: string }).additionalProperty)}」`
      if (e.keyword === 'enum')
        return `${at} 取值应为 ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join('/')} 之一`
      return `${at} ${e.message ?? '不正确'}`
    })
}

/** Normalised header text for uniqueness checks: NFKC, no spaces, lower case, （） -> (). */
export function headerKey(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
}

/**
 * Checks a class definition: its shape (JSON Schema) and its meaning. Returns the problems in Chinese; empty when
 * the definition is sound.
 */
export function checkClassDefinition(def: unknown): string[] {
  if (!checkClassShape(def)) return describeAjv(checkClassShape.errors)
  const cls = def as CatalogClass
  const problems: string[] = []
  const byCode = new Map<string, CatalogField>()
  const headers = new Map<string, string>()
  const roles = new Map<string, string>()
  for (const f of cls.fields) {
    const at = `字段「${f.code}」`
    if (byCode.has(f.code)) problems.push(`字段代码「${f.code}」重复`)
    byCode.set(f.code, f)
    for (const name of new Set([f.code, f.label, ...(f.aliases ?? [])].map(headerKey))) {
      const other = headers.get(name)
      if (other !== undefined && other !== f.code)
        problems.push(`表头名称「${name}」同时指向字段「${other}」和「${f.code}」`)
      headers.set(name, f.code)
    }
    if (f.role) {
      const other = roles.get(f.role)
      if (other !== undefined) problems.push(`语义角色「${f.role}」同时用于字段「${other}」和「${f.code}」`)
      roles.set(f.role, f.code)
    }
    if (f.type === 'enum') {
      if (!f.enum?.length) problems.push(`${at}为枚举类型，须列出取值（enum）`)
      else {
        if (new Set(f.enum).size !== f.enum.length) problems.push(`${at}的枚举取值有重复`)
        if (f.enum.some((v) => v.trim() !== v || v === '')) problems.push(`${at}的枚举取值不能有首尾空格或为空`)
        if (f.multi && f.enum.some((v) => /[;；,，\n]/.test(v)))
          problems.push(`${at}为多值字段，枚举取值中不能含分号、逗号或换行`)
      }
    } else {
      if (f.enum) problems.push(`${at}不是枚举类型，不能列出 enum`)
      if (f.otherPrefix) problems.push(`${at}不是枚举类型，不能设置 otherPrefix`)
    }
    if (f.unit && f.type !== 'amount') problems.push(`${at}不是金额类型，不能设置单位`)
    if (f.maxLength && !['string', 'text', 'code', 'enum'].includes(f.type))
      problems.push(`${at}的类型不支持 maxLength`)
    if (f.required && f.requiredWhen) problems.push(`${at}不能同时为必填和条件必填`)
    if (SCOPE_RANK[f.scope] < SCOPE_RANK[cls.scope])
      problems.push(`${at}的公开范围（${f.scope}）不能比类别（${cls.scope}）更宽`)
    if (f.role === 'id_number' && f.scope === 'public' && f.mask !== 'id_number' && f.mask !== 'hidden')
      problems.push(`${at}为证件号码，社会公开时必须脱敏（mask: id_number 或 hidden）`)
    const roleTypes: Record<string, string[]> = {
      decision_date: ['date'],
      valid_from: ['date'],
      valid_to: ['date'],
      publish_until: ['date'],
      list_until: ['date'],
      fine_amount: ['amount'],
      confiscation_amount: ['amount'],
      subject_category: ['enum'],
      penalty_types: ['enum'],
    }
    const want = f.role ? roleTypes[f.role] : undefined
    if (want && !want.includes(f.type)) problems.push(`${at}的语义角色「${f.role}」要求类型为 ${want.join('/')}`)
  }
  for (const f of cls.fields) {
    if (!f.requiredWhen) continue
    const dep = byCode.get(f.requiredWhen.field)
    if (!dep) problems.push(`字段「${f.code}」的条件必填引用了不存在的字段「${f.requiredWhen.field}」`)
    else if (dep.code === f.code) problems.push(`字段「${f.code}」的条件必填不能引用自身`)
    else if (dep.enum) {
      const bad = f.requiredWhen.in.filter((v) => !dep.enum?.includes(v))
      if (bad.length) problems.push(`字段「${f.code}」的条件必填取值 ${bad.join('、')} 不在「${dep.code}」的枚举中`)
    }
  }
  if (!roles.has('subject_name')) problems.push('须有一个语义角色为 subject_name（主体名称）的字段')
  if (!roles.has('decision_date')) problems.push('须有一个语义角色为 decision_date（决定日期）的字段')
  const sev = cls.severity
  if (cls.polarity === 'negative' && !sev) problems.push('负面信息类别须有失信程度规则（severity）')
  if (cls.polarity !== 'negative' && sev) problems.push('只有负面信息类别可以设置失信程度规则（severity）')
  if (cls.polarity !== 'negative' && cls.list?.kind === 'black') problems.push('黑名单类别的性质应为负面（negative）')
  if (cls.polarity !== 'positive' && cls.list?.kind === 'red') problems.push('红名单类别的性质应为正面（positive）')
  if (cls.measureExemption && cls.polarity !== 'negative')
    problems.push('只有负面信息类别可以声明不触发惩戒措施的理由（measureExemption）')
  if (cls.measureExemption && !/\p{Script=Han}/u.test(cls.measureExemption.reason))
    problems.push('measureExemption.reason（不触发惩戒措施的理由）应以中文写明')
  if (cls.polarity === 'negative' && cls.publicationMonths !== null)
    problems.push('负面信息的公示期限由公示期限规则决定，publicationMonths 应为 null')
  sev?.rules.forEach((r, i) => {
    for (const c of r.when) {
      const at = `失信程度规则第 ${i + 1} 条`
      const f = byCode.get(c.field)
      if (!f) {
        problems.push(`${at}引用了不存在的字段「${c.field}」`)
        continue
      }
      const values = [...(c.anyOf ?? []), ...(c.noneOf ?? []), ...(c.allIn ?? [])]
      if (values.length && f.enum) {
        const base = f.otherPrefix ? f.otherPrefix.replace(/[-－—:：]+$/, '') : undefined
        const bad = values.filter((v) => !f.enum?.includes(v) && v !== base)
        if (bad.length) problems.push(`${at}的取值 ${bad.join('、')} 不在字段「${f.code}」的枚举中`)
      }
      const numeric = [c.gte, c.gt, c.lt, c.lte].some((x) => x !== undefined)
      if (numeric && f.type !== 'amount' && f.type !== 'integer')
        problems.push(`${at}对字段「${f.code}」设置了数值门槛，但该字段不是金额或整数`)
      const low = Math.max(c.gte ?? Number.NEGATIVE_INFINITY, c.gt ?? Number.NEGATIVE_INFINITY)
      const high = Math.min(c.lt ?? Number.POSITIVE_INFINITY, c.lte ?? Number.POSITIVE_INFINITY)
      if (low > high || (low === high && (c.gt !== undefined || c.lt !== undefined)))
        problems.push(`${at}的数值区间为空`)
      if (!values.length && !numeric && c.present === undefined) problems.push(`${at}对字段「${f.code}」没有任何条件`)
    }
  })
  if (cls.scope === 'authorized' && cls.fields.some((f) => f.scope !== 'authorized')) {
    // covered by the scope rank check above; kept explicit for the message
  }
  return problems
}

export function checkRuleSet(def: unknown): string[] {
  if (!checkRuleSetShape(def)) return describeAjv(checkRuleSetShape.errors)
  const rs = def as PublicationRuleSet
  const problems: string[] = []
  for (const s of SEVERITIES) {
    const p = rs.periods[s]
    if (p && p.minMonths > p.maxMonths)
      problems.push(`规则 ${rs.version} 的「${SEVERITY_LABELS[s]}」最短期限大于最长期限`)
  }
  if (!rs.periods.serious) problems.push(`规则 ${rs.version} 须规定「严重」的公示期限`)
  if (rs.effectiveTo !== null && rs.effectiveTo <= rs.effectiveFrom)
    problems.push(`规则 ${rs.version} 的失效日期应晚于生效日期`)
  return problems
}

/** Checks a list of rule sets together: each sound, versions unique, periods not overlapping. */
export function checkRuleSets(sets: unknown[]): string[] {
  const problems = sets.flatMap((s) => checkRuleSet(s))
  if (problems.length) return problems
  const list = (sets as PublicationRuleSet[]).slice().sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  const versions = new Set<string>()
  list.forEach((rs, i) => {
    if (versions.has(rs.version)) problems.push(`规则版本 ${rs.version} 重复`)
    versions.add(rs.version)
    const next = list[i + 1]
    if (next && (rs.effectiveTo === null || rs.effectiveTo > next.effectiveFrom))
      problems.push(`规则 ${rs.version} 与 ${next.version} 的生效期间重叠`)
  })
  return problems
}

// ---- the row validator ----------------------------------------------------------------------------------------

interface Compiled extends ClassValidator {
  /** The JSON Schema built from the fields (for the console and the docs). */
  schema: Record<string, unknown>
}

function itemSchema(f: CatalogField): Record<string, unknown> {
  switch (f.type) {
    case 'date':
      return { type: 'string', format: 'date' }
    case 'amount':
      return { type: 'string', format: 'amount' }
    case 'integer':
      return { type: ['integer', 'string'], pattern: '^-?\\d+$' }
    case 'enum':
      return {
        type: 'string',
        gxEnum: { values: f.enum ?? [], ...(f.otherPrefix ? { otherPrefix: f.otherPrefix } : {}) },
      }
    default:
      return f.maxLength ? { type: 'string', maxLength: f.maxLength } : { type: 'string' }
  }
}

/** The JSON Schema of a row of the class (values already normalised: dates YYYY-MM-DD, amounts in 元, arrays). */
export function rowSchema(cls: CatalogClass): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  for (const f of cls.fields) properties[f.code] = f.multi ? { type: 'array', items: itemSchema(f) } : itemSchema(f)
  const byCode = new Map(cls.fields.map((f) => [f.code, f]))
  const allOf = cls.fields
    .filter((f) => f.requiredWhen)
    .map((f) => {
      const when = f.requiredWhen as { field: string; in: string[] }
      const dep = byCode.get(when.field)
      const match = dep?.multi ? { type: 'array', contains: { enum: when.in } } : { enum: when.in }
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema if/then, not a thenable
      return { if: { properties: { [when.field]: match }, required: [when.field] }, then: { required: [f.code] } }
    })
  return {
    type: 'object',
    properties,
    required: cls.fields.filter((f) => f.required).map((f) => f.code),
    ...(allOf.length ? { allOf } : {}),
  }
}

function isEmpty(v: unknown): boolean {
  return (
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  )
}

function show(v: unknown): string {
  const s = Array.isArray(v) ? v.join(';') : String(v)
  return s.length > 40 ? `${s.slice(0, 40)}…` : s
}

function fieldOf(e: ErrorObject): string {
  if (e.keyword === 'required') return String((e.params as { missingProperty: string }).missingProperty)
  const seg = e.instancePath.split('/')[1] ?? ''
  return seg.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** The offending value: the field's value, or the element of a multi field the error points at. */
function valueAt(e: ErrorObject, data: Record<string, unknown>): unknown {
  const parts = e.instancePath.split('/')
  const v = data[fieldOf(e)]
  const i = parts[2]
  return i !== undefined && Array.isArray(v) ? v[Number(i)] : v
}

const validators = new WeakMap<CatalogClass, Compiled>()

/**
 * The row validator of one class version, compiled once (cached per class object; getClass returns the same object
 * for a version). Empty values ('' / null / []) count as absent. Error codes: required, enum, format, max_length,
 * type; messages in Chinese with the field's label, e.g. 「处罚决定日期」为必填项。
 */
export function compileClass(cls: CatalogClass): Compiled {
  const cached = validators.get(cls)
  if (cached) return cached
  const schema = rowSchema(cls)
  const fn: ValidateFunction = ajv.compile(schema)
  const byCode = new Map(cls.fields.map((f) => [f.code, f]))
  const conditional = cls.fields.filter((f) => f.requiredWhen)
  const label = (code: string) => `「${byCode.get(code)?.label ?? code}」`

  const validate = (row: Record<string, unknown>): { errors: FieldError[] } => {
    const data: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(row)) if (!isEmpty(v)) data[k] = v
    if (fn(data)) return { errors: [] }
    const errors: FieldError[] = []
    const seen = new Set<string>()
    const push = (field: string, code: string, message: string) => {
      const key = `${field}\u0000${code}`
      if (seen.has(key)) return
      seen.add(key)
      errors.push({ field, code, message })
    }
    for (const e of fn.errors ?? []) {
      if (e.keyword === 'if') continue
      const field = fieldOf(e)
      const f = byCode.get(field)
      switch (e.keyword) {
        case 'required': {
          const m = /^#\/allOf\/(\d+)\/then/.exec(e.schemaPath)
          const cond = m ? conditional[Number(m[1])]?.requiredWhen : undefined
          if (cond)
            push(
              field,
              'required',
              `${label(field)}为必填项（${label(cond.field).slice(1, -1)}为「${show(data[cond.field])}」时）。`,
            )
          else push(field, 'required', `${label(field)}为必填项。`)
          break
        }
        case 'gxEnum': {
          const allowed = (f?.enum ?? []).join('、')
          const other = f?.otherPrefix ? `，或「${f.otherPrefix}具体说明」` : ''
          push(
            field,
            'enum',
            `${label(field)}的值「${show(valueAt(e, data))}」不在允许范围内，应为：${allowed}${other}。`,
          )
          break
        }
        case 'format':
        case 'pattern': {
          const v = show(valueAt(e, data))
          if (f?.type === 'date')
            push(field, 'format', `${label(field)}应为有效日期，格式 YYYY-MM-DD（当前为「${v}」）。`)
          else if (f?.type === 'amount') push(field, 'format', `${label(field)}应为不小于 0 的金额（当前为「${v}」）。`)
          else if (f?.type === 'integer') push(field, 'format', `${label(field)}应为整数（当前为「${v}」）。`)
          else push(field, 'format', `${label(field)}格式不正确。`)
          break
        }
        case 'maxLength':
          push(
            field,
            'max_length',
            `${label(field)}过长：最多 ${String((e.params as { limit: number }).limit)} 个字符。`,
          )
          break
        case 'type':
          push(field, 'type', f?.multi ? `${label(field)}应为多个取值的列表。` : `${label(field)}的数据类型不正确。`)
          break
        default:
          push(field, e.keyword, `${label(field)}不正确：${e.message ?? ''}`)
      }
    }
    return { errors }
  }
  const compiled: Compiled = { validate, schema }
  validators.set(cls, compiled)
  return compiled
}
