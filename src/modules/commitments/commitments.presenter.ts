// Response shapes of the commitment routes (JSON Schema: serialisation whitelists the fields, OpenAPI documents them).
const nullableString = { type: ['string', 'null'] } as const

export const commitmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    number: { type: 'string' },
    version: { type: 'integer' },
    entity: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string' },
        uscc: nullableString,
        idMasked: nullableString,
      },
    },
    type: { type: 'string' },
    typeLabel: { type: 'string' },
    matter: { type: 'string' },
    matterCode: nullableString,
    dept: { type: 'string' },
    deptName: nullableString,
    content: { type: 'string' },
    filedOn: { type: 'string' },
    dueOn: nullableString,
    validTo: nullableString,
    public: { type: 'boolean' },
    status: { type: 'string', enum: ['filed', 'fulfilled', 'breached', 'withdrawn'] },
    statusLabel: { type: 'string' },
    filedBy: { type: 'string', enum: ['applicant', 'dept'] },
    overdue: { type: 'boolean' },
    recordId: nullableString,
    breachRecordId: nullableString,
    decidedOn: nullableString,
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const

export const versionSchema = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    op: { type: 'string' },
    status: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    actor: {
      type: 'object',
      properties: { kind: { type: 'string' }, id: nullableString, dept: nullableString },
    },
    at: { type: 'string' },
  },
} as const

export const commitmentDetailSchema = {
  type: 'object',
  properties: { ...commitmentSchema.properties, history: { type: 'array', items: versionSchema } },
} as const

export const commitmentPageSchema = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    items: { type: 'array', items: commitmentSchema },
  },
} as const

export const summarySchema = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    filed: { type: 'integer' },
    fulfilled: { type: 'integer' },
    breached: { type: 'integer' },
    withdrawn: { type: 'integer' },
    overdue: { type: 'integer' },
  },
} as const
