// Response shapes of the list routes (JSON Schema: serialisation whitelist and OpenAPI).
const str = { type: 'string' } as const
const strOrNull = { type: ['string', 'null'] } as const
const strings = { type: 'array', items: str } as const

export const proposalSchema = {
  type: 'object',
  properties: {
    id: str,
    kind: str,
    status: { type: 'string', enum: ['proposed', 'confirmed', 'rejected', 'superseded'] },
    entity: {
      type: 'object',
      properties: { id: str, name: str, kind: str, uscc: strOrNull, district: strOrNull },
    },
    records: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          recordId: str,
          class: str,
          className: str,
          documentNo: strOrNull,
          decidedOn: strOrNull,
          authority: strOrNull,
          state: str,
        },
      },
    },
    recordCount: { type: 'integer' },
    ruleVersion: { type: 'integer' },
    proposedAt: str,
    proposedBy: strOrNull,
    decidedAt: strOrNull,
    decidedBy: strOrNull,
    decidedDept: strOrNull,
    documentNo: strOrNull,
    decisionDate: strOrNull,
    reason: strOrNull,
    basis: strOrNull,
    statusReason: strOrNull,
    listRecordId: strOrNull,
    batchId: strOrNull,
  },
} as const

export const scanSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    ruleVersion: { type: 'integer' },
    scannedAt: str,
    proposed: { type: 'array', items: proposalSchema },
    superseded: {
      type: 'array',
      items: { type: 'object', properties: { id: str, entityId: str, reason: str } },
    },
    open: { type: 'integer' },
  },
} as const

export const entrySchema = {
  type: 'object',
  properties: {
    recordId: str,
    class: str,
    className: str,
    entity: {
      type: 'object',
      properties: { id: str, name: str, kind: str, uscc: strOrNull, idMasked: strOrNull },
    },
    documentNo: strOrNull,
    authority: strOrNull,
    providerDept: str,
    decidedOn: strOrNull,
    period: { type: 'object', properties: { from: strOrNull, until: strOrNull } },
    state: { type: 'string', enum: ['listed', 'ended'] },
    public: { type: 'boolean' },
    exit: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: ['expired', 'removed', 'revoked', 'repaired'] },
            on: strOrNull,
            reason: strOrNull,
          },
        },
      ],
    },
    marks: strings,
  },
} as const

export const pageOf = (items: object) =>
  ({
    type: 'object',
    properties: {
      total: { type: 'integer' },
      page: { type: 'integer' },
      pageSize: { type: 'integer' },
      items: { type: 'array', items },
    },
  }) as const
