// What the statistics pages share: the quality report's shapes (from the server), months and number formats.
export type { QualityItem, QualityReport as QualityAnswer } from '../../../../src/modules/quality/index.js'

export interface Month {
  /** `YYYY-MM` */
  label: string
  /** First and last civil day (YYYY-MM-DD, inclusive). */
  from: string
  to: string
}

/** The civil date in Beijing today. */
export function todayBeijing(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The last `n` months up to this one (oldest first); this month ends today. */
export function monthsBack(n: number, today = todayBeijing()): Month[] {
  const [y, m] = today.split('-').map(Number) as [number, number]
  const out: Month[] = []
  for (let i = n - 1; i >= 0; i--) {
    const first = new Date(Date.UTC(y, m - 1 - i, 1))
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0))
    const label = first.toISOString().slice(0, 7)
    const to = i === 0 ? today : last.toISOString().slice(0, 10)
    out.push({ label, from: first.toISOString().slice(0, 10), to })
  }
  return out
}

/** The last `n` years up to this one (oldest first); this year ends today. */
export function yearsBack(n: number, today = todayBeijing()): Month[] {
  const y = Number(today.slice(0, 4))
  const out: Month[] = []
  for (let i = n - 1; i >= 0; i--)
    out.push({ label: `${y - i} 年`, from: `${y - i}-01-01`, to: i === 0 ? today : `${y - i}-12-31` })
  return out
}

/** The civil date `days` before today in Beijing. */
export function daysBefore(days: number, today = todayBeijing()): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
}

export const num = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : v.toLocaleString('zh-CN')

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—'
  return `${(Math.round(v * 1000) / 10).toFixed(1)}%`
}
