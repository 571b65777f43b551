// The government entity file (一户一档, GET /api/v1/entities/:id/file) and what the entity page reads besides it.
import type { EntityJson, FileNote } from '../../../../src/modules/entities/index.js'
import type { FileCategory, FileListJson, FileMarkJson } from '../../../../src/flows/entity-file/file-records.js'
import type { FileCheckJson } from '../../../../src/modules/checks/index.js'
import type { EntityCommitments } from '../../../../src/modules/commitments/index.js'

export type { EntityJson, FileCategory, FileCheckJson, FileListJson, FileMarkJson, FileNote }
export type { FileRecordJson } from '../../../../src/flows/entity-file/index.js'
export type { GradeView } from '../../../../src/modules/grading/index.js'

/** The sections the reader may see; a section it may not see is absent. */
export interface EntityFileJson {
  basic: EntityJson
  records?: {
    audience: string
    total: number
    byScope: { public: number; government: number }
    categories: FileCategory[]
  }
  authorized?: { purpose: string; total: number; categories: FileCategory[] }
  lists?: FileListJson[]
  marks?: FileMarkJson[]
  commitments?: EntityCommitments
  checks?: { scope: 'all' | 'dept'; total: number; items: FileCheckJson[] }
  notes: FileNote[]
}

/** GET /api/v1/entities/:id/history: the stored row before each change, oldest first. */
export interface EntityHistoryJson {
  items: { version: number; at: string; actor: string | null; snapshot: Record<string, unknown> }[]
}
