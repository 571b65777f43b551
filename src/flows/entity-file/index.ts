// The government entity file's record sections (一户一档): registered with the entities module's file when this
// flow is loaded (the HTTP app loads it).
import { registerFileSection } from '../../modules/entities/index.js'
import { listStatusSchema, publicMarkSchema, recordSummarySchema } from '../../modules/public/index.js'
import { authorizedSection, listsSection, marksSection, recordsSection } from './file-records.js'

export { type FileRecordJson, fileRecords } from './file-records.js'

const str = { type: 'string' } as const
const int = { type: 'integer' } as const

const fileRecordSchema = {
  type: 'object',
  properties: { ...recordSummarySchema.properties, scope: str, provider: str },
} as const

const categoriesSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { code: str, label: str, count: int, records: { type: 'array', items: fileRecordSchema } },
  },
} as const

/** Adds the record sections to the entity file (idempotent). */
export function registerRecordSections(): void {
  registerFileSection('records', (ctx, e, _p, r) => recordsSection(ctx, e, r), {
    type: 'object',
    properties: {
      audience: str,
      total: int,
      byScope: { type: 'object', properties: { public: int, government: int } },
      categories: categoriesSchema,
    },
  })
  registerFileSection('authorized', (ctx, e, _p, r) => authorizedSection(ctx, e, r), {
    type: 'object',
    properties: { purpose: str, total: int, categories: categoriesSchema },
  })
  registerFileSection('lists', (ctx, e, _p, r) => listsSection(ctx, e, r), {
    type: 'array',
    items: { type: 'object', properties: { ...listStatusSchema.properties, marks: { type: 'array', items: str } } },
  })
  registerFileSection('marks', (ctx, e, _p, r) => marksSection(ctx, e, r), { type: 'array', items: publicMarkSchema })
}

registerRecordSections()
