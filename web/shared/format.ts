// Civil dates are YYYY-MM-DD in Asia/Shanghai; instants are UTC on the wire.

const instantFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** An ISO instant shown as "YYYY-MM-DD HH:mm:ss" Beijing time. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const parts = Object.fromEntries(instantFormat.formatToParts(date).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** The UTC instant at which the civil day `YYYY-MM-DD` begins in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiDayStart(civilDate: string): string {
  return new Date(`${civilDate}T00:00:00+08:00`).toISOString()
}

/** The UTC instant at which the civil day after `YYYY-MM-DD` begins (exclusive upper bound). */
export function shanghaiDayEnd(civilDate: string): string {
  return new Date(new Date(`${civilDate}T00:00:00+08:00`).getTime() + 86_400_000).toISOString()
}

const yuanFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })

/**
 * An amount in 元 (as the API gives every amount, whatever unit it was submitted in) with its unit and thousands
 * separators: "5000" -> "5,000 元", "1234.5" -> "1,234.5 元". Text that is not a number is shown as it is.
 */
export function formatYuan(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = typeof value === 'number' ? value : Number(String(value).trim())
  if (!Number.isFinite(n)) return String(value)
  return `${yuanFormat.format(n)} 元`
}

/** A public field's value as the portal shows it: amounts in 元 with the unit, lists joined by 、. */
export function formatFieldValue(field: { value: unknown; type?: string }): string {
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—'
    if (field.type === 'amount') return formatYuan(v)
    if (typeof v === 'string') return v
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    if (Array.isArray(v)) return v.map(show).join('、')
    return JSON.stringify(v)
  }
  return show(field.value)
}
