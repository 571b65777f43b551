/** The only source of "now". Tests inject a fixed or movable clock. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export interface MovableClock extends Clock {
  set(instant: string | Date): void
  advance(ms: number): void
}

export function fixedClock(instant: string | Date): MovableClock {
  let t = new Date(instant).getTime()
  return {
    now: () => new Date(t),
    set: (i) => {
      t = new Date(i).getTime()
    },
    advance: (ms) => {
      t += ms
    },
  }
}

/** Canonical instant text: UTC ISO-8601 with milliseconds (sorts lexicographically). */
export function isoInstant(d: Date): string {
  return d.toISOString()
}

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** 1992-01-01T00:00+08:00: China has kept UTC+8 without daylight saving time since (DST ended in September 1991). */
const FIXED_OFFSET_SINCE = Date.UTC(1991, 11, 31, 16)
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** The civil date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function civilDate(d: Date): string {
  const t = d.getTime()
  // the same instant is asked for again and again (one `now` for every record of a chunk or a page)
  if (t === lastCivil.t) return lastCivil.day
  // the fixed offset is exact since 1992 and far cheaper than Intl; earlier instants ask the time-zone database
  const day =
    t >= FIXED_OFFSET_SINCE && t < 253_402_300_800_000 - SHANGHAI_OFFSET_MS
      ? new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
      : shanghaiDate.format(d)
  lastCivil = { t, day }
  return day
}

let lastCivil = { t: Number.NaN, day: '' }
