// A small RFC 4180 reader for the error report preview (quoted fields, doubled quotes, CRLF, BOM).

export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
      continue
    }
    if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      rows.push(row)
      row = []
      if (rows.length >= maxRows) return rows
    } else field += ch
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/**
 * A cell of a CSV export as it was before export: the server prefixes text that a spreadsheet would take for a formula
 * (starting with = + - @, tab or carriage return, or their full-width forms) with a single quote (src/core/csv.ts).
 */
export function exportedCell(v: string): string {
  return v.length > 1 && v[0] === "'" && '=+-@\t\r＝＋－＠'.includes(v[1] as string) ? v.slice(1) : v
}
