import type { QualityFigures, QualityItem, QualityReport } from './quality.types.js'

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
