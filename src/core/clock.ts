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

const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The civil date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function civilDate(d: Date): string {
  return shanghaiDate.format(d)
}
