// Response shapes of the measure routes (JSON Schema, used for serialisation and OpenAPI).

const strings = { type: 'array', items: { type: 'string' } } as const

export const triggerSchema = {
  type: 'object',
  required: ['type'],
  additionalProperties: true,
  properties: { type: { type: 'string' } },
} as const

export const exclusionSchema = {
  type: 'object',
  required: ['type', 'reason'],
  properties: {
    type: { type: 'string', enum: ['list', 'record'] },
    listKind: { type: 'string', enum: ['red', 'black', 'focus'] },
    class: { type: 'string' },
    minSeverity: { type: 'string', enum: ['minor', 'general', 'serious'] },
    reason: { type: 'string' },
  },
} as const

export const measureSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    version: { type: 'integer' },
    nameZh: { type: 'string' },
    kind: { type: 'string', enum: ['reward', 'punish'] },
    content: { type: 'string' },
    basis: strings,
    departments: strings,
    scenarios: strings,
    triggers: { type: 'array', items: triggerSchema },
    exclusions: { type: 'array', items: exclusionSchema },
    subjectKinds: strings,
    effectiveFrom: { type: 'string' },
    effectiveTo: { type: ['string', 'null'] },
    scope: { type: 'string', enum: ['general', 'field'] },
    field: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['active', 'retired'] },
    source: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const

export const measureDiffSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    from: { type: 'integer' },
    to: { type: 'integer' },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { property: { type: 'string' }, before: {}, after: {} },
      },
    },
  },
} as const
