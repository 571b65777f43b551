// Header cleaning shared by the readers.

/**
 * Trims headers and strips a BOM; an empty header becomes 列N (N = its 1-based column), a repeated one 名称#2,
 * 名称#3 ... so that every column keeps its own key. `__proto__` cannot be an object key and is named 列N as well.
 */
export function cleanHeaders(raw: readonly string[]): string[] {
  const out: string[] = []
  const seen = new Map<string, number>()
  for (let i = 0; i < raw.length; i++) {
    let h = (raw[i] ?? '').replace(/^\uFEFF/, '').trim()
    if (h === '' || h === '__proto__') h = `列${i + 1}`
    const n = seen.get(h)
    if (n === undefined) {
      seen.set(h, 1)
      out.push(h)
    } else {
      let k = n + 1
      while (seen.has(`${h}#${k}`)) k++
      seen.set(h, k)
      seen.set(`${h}#${k}`, 1)
      out.push(`${h}#${k}`)
    }
  }
  return out
}

/** True when every cell is empty or whitespace. */
export function allBlank(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as string
    if (c.length !== 0 && c.trim().length !== 0) return false
  }
  return true
}

/**
 * A function that turns the cells of a full-width row into the values object, built once per header list. It
 * creates every object with the same literal shape, which is several times faster than assigning keys in a loop.
 */
export function rowBuilder(headers: readonly string[]): (cells: readonly string[]) => Record<string, string> {
  const props = headers.map((h, i) => `${JSON.stringify(h)}: c[${i}]`).join(',\n')
  // Code generation from JSON-quoted header strings only, no other input.
  return new Function('c', `return {\n${props}\n}`) as (cells: readonly string[]) => Record<string, string>
}
