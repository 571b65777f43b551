import { describe, expect, it } from 'vitest'
import { civilDate } from '../../src/core/clock.js'

describe('civilDate (Asia/Shanghai)', () => {
  it('turns the day at 16:00 UTC', () => {
    expect(civilDate(new Date('2026-11-28T15:59:59.999Z'))).toBe('2026-11-28')
    expect(civilDate(new Date('2026-11-28T16:00:00.000Z'))).toBe('2026-11-29')
    expect(civilDate(new Date('2024-02-28T16:00:00.000Z'))).toBe('2024-02-29')
    expect(civilDate(new Date('1991-12-31T16:00:00.000Z'))).toBe('1992-01-01')
  })

  it('agrees with the time-zone database, including the years of daylight saving time (1986-1991)', () => {
    const tz = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    // summer 1988 kept daylight saving time (UTC+9): 15:30Z was already 00:30 the next day
    expect(civilDate(new Date('1988-07-01T15:30:00Z'))).toBe('1988-07-02')
    for (let t = Date.UTC(1985, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000 * 3 + 3_599_999)
      expect(civilDate(new Date(t))).toBe(tz.format(new Date(t)))
  })
})
