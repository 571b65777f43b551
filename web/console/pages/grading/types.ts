// Shapes of the grading API, as the server declares them (src/modules/grading).
export type {
  GradePublicationVersion,
  GradeStats,
  GradeView,
  GradingModel,
  ModelDiff,
  ModelProblem,
  WhatIf,
} from '../../../../src/modules/grading/index.js'

/** One entry of GET /api/v1/grading/models/:code/versions. */
export interface ModelVersion {
  code: string
  version: number
  source: string
  hash: string
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
}

/** GET /api/v1/entities/:id/grade/history items. */
export interface GradeHistoryItem {
  model: string
  version: number
  asOf: string
  score: number
  grade: string
  current: boolean
  gradedAt: string
}
