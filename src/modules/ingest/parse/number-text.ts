// Numbers as plain decimal text (no exponent), the way a spreadsheet cell shows them in General format.

/**
 * 1e21 -> '1000000000000000000000', 1.5e-7 -> '0.00000015', 0.1 + 0.2 -> '0.3' (15 significant digits, as Excel
 * keeps them), -0 -> '0'.
 */
export function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (n === 0) return '0'
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n)
  const s = Number.parseFloat(n.toPrecision(15)).toString()
  const e = s.indexOf('e')
  if (e < 0) return s
  // expand the exponent
  const negative = s.startsWith('-')
  const mantissa = s.slice(negative ? 1 : 0, e)
  const exp = Number(s.slice(e + 1))
  const dot = mantissa.indexOf('.')
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1)
  const point = (dot < 0 ? mantissa.length : dot) + exp
  let out: string
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length)
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative ? `-${out}` : out
}
