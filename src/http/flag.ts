/** A yes/no field of a form or query string: `true` or `1` (anything else, or nothing, is no). */
export function isTrue(v: unknown): boolean {
  return v === 'true' || v === '1'
}
