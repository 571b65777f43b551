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
