// What a compared row can come to and what it hit: shared by the comparison service and its workbook.
export type CompareOutcome = 'hit' | 'no_hit' | 'ambiguous' | 'unresolved'
export const COMPARE_OUTCOMES: readonly CompareOutcome[] = ['hit', 'no_hit', 'ambiguous', 'unresolved']

export interface ListHit {
  listKind: string
  class: string
  className: string
  recordId: string
  documentNo: string | null
  from: string
  until: string | null
}

export interface SeriousHit {
  class: string
  className: string
  recordId: string
  documentNo: string | null
  decidedOn: string | null
}

export interface MeasureHit {
  measure: string
  nameZh: string
  kind: string
  validUntil: string | null
  underObjection: boolean
  documents: string[]
}

/** What a matched row hit. */
export interface CompareHits {
  lists: ListHit[]
  serious: SeriousHit[]
  measures: MeasureHit[]
}
