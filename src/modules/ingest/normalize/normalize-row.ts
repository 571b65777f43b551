// Row normalisation: mapped raw cells -> typed data plus field issues. Compile once per (fields, mapping), call per row.
import type { CatalogField } from '../../catalog/index.js'
import { OP_COLUMN, REASON_COLUMN, SEVERITY_COLUMN } from './map-headers.js'
import {
  type CellNormalizer,
  compileFieldNormalizer,
  type IssueSink,
  type ValueErrorCode,
  type ValueWarningCode,
} from './normalize-value.js'
import { cleanText, nfkc } from './text.js'

export type RowOp = 'add' | 'correct' | 'revoke'

export interface FieldIssue {
  /** Field code, or '_op' / '_reason'. */
  field: string
  /** Chinese label of the field. */
  label: string
  code: string
  /** Chinese; names the field and says how to fix it. */
  message: string
  /** The original cell text. */
  value: string
}

export interface NormalizedRow {
  /** Field code -> normalised value; absent (empty) cells have no key. */
  data: Record<string, unknown>
  errors: FieldIssue[]
  warnings: FieldIssue[]
  /** From the `_op` column; undefined when there is no such column or the cell is empty (the pipeline's default). */
  op: RowOp | undefined
  /** From the `_reason` column (multi-line text kept). */
  reason: string | undefined
  /**
   * From the `_severity` column: 轻微/一般/严重 become minor/general/serious, anything else is passed on trimmed and
   * lower-cased for the pipeline to judge; undefined when absent or empty.
   */
  severity: string | undefined
}

export type RowNormalizer = (values: Record<string, string | undefined>) => NormalizedRow

const OPS: ReadonlyMap<string, RowOp> = new Map([
  ['add', 'add'],
  ['correct', 'correct'],
  ['revoke', 'revoke'],
  ['新增', 'add'],
  ['更正', 'correct'],
  ['撤销', 'revoke'],
])

/** Parses an `_op` cell; undefined when empty, null when not a known operation. */
export function parseOp(raw: string): RowOp | undefined | null {
  const s = nfkc(raw).trim().toLowerCase()
  if (s === '') return undefined
  return OPS.get(s) ?? null
}

const SEVERITIES: ReadonlyMap<string, string> = new Map([
  ['轻微', 'minor'],
  ['一般', 'general'],
  ['严重', 'serious'],
])

const OP_LABEL = '操作类型'
const REASON_LABEL = '操作原因'

interface Entry {
  header: string
  code: string
  label: string
  fn: CellNormalizer
}

/** Collects the issues of one row; reused from row to row, with fresh arrays per row. */
class RowSink implements IssueSink {
  errors: FieldIssue[] = []
  warnings: FieldIssue[] = []
  code = ''
  label = ''
  raw = ''

  error(code: ValueErrorCode, message: string): void {
    this.errors.push({ field: this.code, label: this.label, code, message, value: this.raw })
  }

  warn(code: ValueWarningCode, message: string): void {
    this.warnings.push({ field: this.code, label: this.label, code, message, value: this.raw })
  }
}

/**
 * Precompiles the normalisers of every mapped field and returns the per-row function. Headers mapped to codes that
 * are not among `fields` are ignored. When two headers map to the same field (a hand-made mapping), the first
 * non-empty cell wins.
 */
export function compileRowNormalizer(
  fields: readonly CatalogField[],
  mapping: Readonly<Record<string, string>>,
): RowNormalizer {
  const byCode = new Map(fields.map((f) => [f.code, f]))
  const entries: Entry[] = []
  let opHeader: string | null = null
  let reasonHeader: string | null = null
  let severityHeader: string | null = null
  for (const [header, code] of Object.entries(mapping)) {
    if (code === OP_COLUMN) {
      opHeader ??= header
      continue
    }
    if (code === REASON_COLUMN) {
      reasonHeader ??= header
      continue
    }
    if (code === SEVERITY_COLUMN) {
      severityHeader ??= header
      continue
    }
    const f = byCode.get(code)
    if (!f) continue
    entries.push({ header, code: f.code, label: f.label, fn: compileFieldNormalizer(f) })
  }
  const sink = new RowSink()
  const finish = (
    values: Record<string, string | undefined>,
    data: Record<string, unknown>,
    errors: FieldIssue[],
    warnings: FieldIssue[],
  ): NormalizedRow => {
    let op: RowOp | undefined
    let reason: string | undefined
    let severity: string | undefined
    if (opHeader !== null) {
      const raw = values[opHeader]
      if (raw !== undefined && raw !== '') {
        const parsed = parseOp(raw)
        if (parsed === null) {
          errors.push({
            field: OP_COLUMN,
            label: OP_LABEL,
            code: 'op_invalid',
            message: `「${OP_LABEL}」（_op）的值「${raw.trim().slice(0, 40)}」无效，应为 add、correct、revoke 或 新增、更正、撤销；留空表示新增。`,
            value: raw,
          })
        } else op = parsed
      }
    }
    if (reasonHeader !== null) {
      const raw = values[reasonHeader]
      if (raw !== undefined && raw !== '') {
        const r = cleanText(raw)
        if (r !== '') reason = r
      }
    }
    if (severityHeader !== null) {
      const raw = values[severityHeader]
      if (raw !== undefined && raw !== '') {
        const t = nfkc(raw).trim().toLowerCase()
        if (t !== '') severity = SEVERITIES.get(t) ?? t
      }
    }
    return { data, errors, warnings, op, reason, severity }
  }
  return generateRowFunction(entries, sink, finish)
}

type Finish = (
  values: Record<string, string | undefined>,
  data: Record<string, unknown>,
  errors: FieldIssue[],
  warnings: FieldIssue[],
) => NormalizedRow

/**
 * Straight-line code with one named property access per mapped column: every values object of a file has the same
 * shape, so each access stays monomorphic, where a loop over header names would make one megamorphic keyed access.
 * Only JSON-quoted header and field names go into the source.
 */
function generateRowFunction(entries: readonly Entry[], sink: RowSink, finish: Finish): RowNormalizer {
  const seen = new Set<string>()
  const lines: string[] = [
    'return function normalizeRow(values) {',
    '  const data = {}; const errors = []; const warnings = []',
    '  sink.errors = errors; sink.warnings = warnings',
    '  let raw, v',
  ]
  entries.forEach((e, i) => {
    const code = JSON.stringify(e.code)
    const guard = seen.has(e.code) ? ` && data[${code}] === undefined` : ''
    seen.add(e.code)
    lines.push(
      `  raw = values[${JSON.stringify(e.header)}]`,
      `  if (raw !== undefined && raw !== ''${guard}) {`,
      `    sink.code = E[${i}].code; sink.label = E[${i}].label; sink.raw = raw`,
      `    v = E[${i}].fn(raw, sink)`,
      `    if (v !== undefined) data[${code}] = v`,
      '  }',
    )
  })
  // fields in sorted order: the stored payload's canonical JSON is then the engine's own stringify (no sorted copy)
  const codes = [...seen]
  const sorted = [...codes].sort()
  if (codes.some((c, i) => c !== sorted[i])) {
    lines.push('  const out = {}')
    for (const c of sorted) {
      const code = JSON.stringify(c)
      lines.push(`  if (data[${code}] !== undefined) out[${code}] = data[${code}]`)
    }
    lines.push('  return finish(values, out, errors, warnings)', '}')
  } else lines.push('  return finish(values, data, errors, warnings)', '}')
  // Code generation: the source holds only JSON-quoted names from the catalog and the file header.
  const factory = new Function('E', 'sink', 'finish', lines.join('\n')) as (
    e: readonly Entry[],
    sink: RowSink,
    finish: Finish,
  ) => RowNormalizer
  return factory(entries, sink, finish)
}

const rowCache = new WeakMap<readonly CatalogField[], WeakMap<object, RowNormalizer>>()

/** One-off row normalisation; compiles (and caches per fields array and mapping object) on first use. */
export function normalizeRow(
  fields: readonly CatalogField[],
  mapping: Readonly<Record<string, string>>,
  values: Record<string, string | undefined>,
): NormalizedRow {
  let byMapping = rowCache.get(fields)
  if (!byMapping) {
    byMapping = new WeakMap()
    rowCache.set(fields, byMapping)
  }
  let fn = byMapping.get(mapping)
  if (!fn) {
    fn = compileRowNormalizer(fields, mapping)
    byMapping.set(mapping, fn)
  }
  return fn(values)
}

export { OP_LABEL, REASON_LABEL }
