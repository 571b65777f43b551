import { Type } from '@sinclair/typebox'
import { Nullable } from '../../http/typed.js'

/** A comparison as presentComparison shows it: status, progress and outcome counts (no subject in it). */
export const ComparisonSchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'queued（排队）| running（比对中）| done（完成）| failed（失败）' }),
  interrupted: Type.Boolean({ description: '处理进程已中断：服务重新启动后（或一分钟内）从最后提交的一段继续' }),
  scenario: Nullable(Type.String()),
  purpose: Type.String(),
  allMeasures: Type.Boolean(),
  fileName: Nullable(Type.String()),
  dept: Nullable(Type.String()),
  total: Type.Integer(),
  processed: Type.Integer(),
  outcomes: Type.Object({
    hit: Type.Integer({ description: '匹配命中' }),
    noHit: Type.Integer({ description: '匹配无命中' }),
    ambiguous: Type.Integer({ description: '多个候选' }),
    unresolved: Type.Integer({ description: '未匹配' }),
  }),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
})

export const ComparisonListSchema = Type.Object({ total: Type.Integer(), items: Type.Array(ComparisonSchema) })
