import { Type } from '@sinclair/typebox'
import { Fields, NumberOrNull, StringOrNull } from '../../http/typed.js'
import type { QualityFigures, QualityItem, QualityReport } from './quality.types.js'

const str = Type.String()
const int = Type.Integer()

const figureProperties = {
  batches: int,
  rows: int,
  accepted: int,
  rejected: int,
  duplicates: int,
  corrected: int,
  revoked: int,
  warnings: int,
  late: int,
  unresolved: int,
  rejectionRate: NumberOrNull(),
  lateRate: NumberOrNull(),
  topErrors: Type.Array(Fields({ code: str, count: int, example: str })),
  lastSubmittedAt: StringOrNull(),
}

/** The response schema of a quality report (presentQuality's shape). */
export const QualityReportSchema = Fields({
  items: Type.Array(
    Fields({ dept: StringOrNull(), deptName: StringOrNull(), class: str, className: str, ...figureProperties }),
  ),
  totals: Fields(figureProperties),
  filter: Fields({ dept: StringOrNull(), class: StringOrNull(), from: StringOrNull(), to: StringOrNull() }),
})

function presentFigures(f: QualityFigures): QualityFigures {
  return {
    batches: f.batches,
    rows: f.rows,
    accepted: f.accepted,
    rejected: f.rejected,
    duplicates: f.duplicates,
    corrected: f.corrected,
    revoked: f.revoked,
    warnings: f.warnings,
    late: f.late,
    unresolved: f.unresolved,
    rejectionRate: f.rejectionRate,
    lateRate: f.lateRate,
    topErrors: f.topErrors.map((e) => ({ code: e.code, count: e.count, example: e.example })),
    lastSubmittedAt: f.lastSubmittedAt,
  }
}

/** The only shape of a quality report that leaves the server (API and `gongxin quality --json`). */
export function presentQuality(r: QualityReport): {
  items: QualityItem[]
  totals: QualityFigures
  filter: QualityReport['filter']
} {
  return {
    items: r.items.map((i) => ({
      dept: i.dept,
      deptName: i.deptName,
      class: i.class,
      className: i.className,
      ...presentFigures(i),
    })),
    totals: presentFigures(r.totals),
    filter: { ...r.filter },
  }
}
