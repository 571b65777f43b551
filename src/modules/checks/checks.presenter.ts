// Response shapes of the check routes (JSON Schema: serialisation whitelists the fields, OpenAPI documents them).
const strings = { type: 'array', items: { type: 'string' } } as const
const nullableString = { type: ['string', 'null'] } as const

export const subjectSchema = {
  type: 'object',
  properties: {
    entityId: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    uscc: nullableString,
    idMasked: nullableString,
    district: nullableString,
    status: { type: 'string' },
  },
} as const

const triggerRefProperties = {
  recordId: { type: 'string' },
  class: { type: 'string' },
  documentNo: nullableString,
  period: { type: 'object', properties: { from: { type: 'string' }, until: nullableString } },
} as const

/** The grade that triggered a measure, with its reasons (every point traced to its records). */
const gradeRefSchema = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    modelName: { type: 'string' },
    version: { type: 'integer' },
    asOf: { type: 'string' },
    score: { type: 'integer' },
    grade: { type: 'string' },
    gradeLabel: { type: 'string' },
    underObjection: { type: 'boolean' },
    reasons: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          label: { type: 'string' },
          points: { type: 'integer' },
          records: strings,
        },
      },
    },
  },
} as const

export const hitSchema = {
  type: 'object',
  properties: {
    measure: { type: 'string' },
    version: { type: 'integer' },
    nameZh: { type: 'string' },
    kind: { type: 'string', enum: ['reward', 'punish'] },
    content: { type: 'string' },
    basis: strings,
    implementingDepartments: strings,
    scope: { type: 'string' },
    field: nullableString,
    triggeredBy: { type: 'array', items: { type: 'object', properties: triggerRefProperties } },
    grade: gradeRefSchema,
    validUntil: nullableString,
    underObjection: { type: 'boolean' },
  },
} as const

/** A measure an exclusion took away: what triggered it, which records excluded it and why (Chinese reason). */
export const exclusionSchema = {
  type: 'object',
  properties: {
    measure: { type: 'string' },
    version: { type: 'integer' },
    nameZh: { type: 'string' },
    kind: { type: 'string', enum: ['reward', 'punish'] },
    triggeredBy: { type: 'array', items: { type: 'object', properties: triggerRefProperties } },
    grade: gradeRefSchema,
    excludedBy: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...triggerRefProperties,
          severity: nullableString,
          listKind: nullableString,
          underObjection: { type: 'boolean' },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const

const resultProperties = {
  checkId: { type: 'string' },
  number: { type: 'string' },
  at: { type: 'string' },
  scenario: { type: 'string' },
  subject: subjectSchema,
  outcome: { type: 'string', enum: ['none', 'reward', 'punish', 'both'] },
  hits: { type: 'array', items: hitSchema },
  exclusions: { type: 'array', items: exclusionSchema },
} as const

export const checkResultSchema = { type: 'object', properties: resultProperties } as const

export const feedbackSchema = {
  type: 'object',
  properties: {
    checkId: { type: 'string' },
    measure: { type: 'string' },
    version: { type: 'integer' },
    action: { type: 'string' },
    reason: nullableString,
    effect: nullableString,
    startedOn: nullableString,
    endedOn: nullableString,
    dept: nullableString,
    at: { type: 'string' },
    current: { type: 'boolean' },
  },
} as const

export const receiptSchema = {
  type: 'object',
  properties: {
    ...resultProperties,
    requester: { type: 'object', properties: { kind: { type: 'string' }, id: nullableString, dept: nullableString } },
    purpose: nullableString,
    allMeasures: { type: 'boolean' },
    batchId: nullableString,
    feedback: { type: 'array', items: feedbackSchema },
  },
} as const

export const batchItemSchema = {
  type: 'object',
  properties: {
    index: { type: 'integer' },
    ...resultProperties,
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const

export const pendingSchema = {
  type: 'object',
  properties: {
    checkId: { type: 'string' },
    number: { type: 'string' },
    at: { type: 'string' },
    scenario: { type: 'string' },
    subject: subjectSchema,
    pendingMeasures: strings,
    workingDays: { type: 'integer' },
    repeats: {
      type: 'array',
      items: {
        type: 'object',
        properties: { checkId: { type: 'string' }, number: { type: 'string' }, at: { type: 'string' } },
      },
    },
  },
} as const

export const scenariosSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, nameZh: { type: 'string' }, measures: { type: 'integer' } },
      },
    },
  },
} as const

export const statsSchema = {
  type: 'object',
  properties: {
    dept: nullableString,
    checks: { type: 'integer' },
    checksWithHits: { type: 'integer' },
    hits: { type: 'integer' },
    hitsWithFeedback: { type: 'integer' },
    hitRate: { type: 'number' },
    feedbackRate: { type: 'number' },
    avgDelayWorkingDays: { type: ['number', 'null'] },
    actions: {
      type: 'object',
      properties: { applied: { type: 'integer' }, not_applied: { type: 'integer' }, partial: { type: 'integer' } },
    },
  },
} as const

const ratesProperties = {
  checks: { type: 'integer' },
  checksWithHits: { type: 'integer' },
  hitRate: { type: 'number' },
  hits: { type: 'integer' },
  hitsWithFeedback: { type: 'integer' },
  feedbackRate: { type: 'number' },
} as const

export const breakdownSchema = {
  type: 'object',
  properties: {
    from: nullableString,
    to: nullableString,
    dept: nullableString,
    totals: { type: 'object', properties: ratesProperties },
    byScenario: {
      type: 'array',
      items: { type: 'object', properties: { scenario: { type: 'string' }, ...ratesProperties } },
    },
    byDept: {
      type: 'array',
      items: { type: 'object', properties: { dept: nullableString, ...ratesProperties } },
    },
  },
} as const

export const batchResultSchema = {
  type: 'object',
  properties: {
    batchId: { type: 'string' },
    at: { type: 'string' },
    scenario: { type: 'string' },
    purpose: nullableString,
    allMeasures: { type: 'boolean' },
    source: { type: 'string' },
    fileName: nullableString,
    dept: nullableString,
    total: { type: 'integer' },
    checked: { type: 'integer' },
    failed: { type: 'integer' },
    outcomes: {
      type: 'object',
      properties: {
        none: { type: 'integer' },
        reward: { type: 'integer' },
        punish: { type: 'integer' },
        both: { type: 'integer' },
      },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          row: { type: 'integer' },
          code: nullableString,
          name: nullableString,
          checkId: nullableString,
          number: nullableString,
          error: {
            type: ['object', 'null'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
          subject: { anyOf: [subjectSchema, { type: 'null' }] },
          outcome: { type: ['string', 'null'] },
          hits: { type: 'array', items: hitSchema },
          exclusions: { type: 'array', items: exclusionSchema },
        },
      },
    },
  },
} as const
