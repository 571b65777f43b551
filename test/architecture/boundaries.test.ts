// The module boundaries of docs/architecture.md, checked on every run: a module's tables are queried only by its own
// repository (or a declared read model), other code uses a module through its index.ts, and no import circles.
// Violations not fixed yet are listed in known-violations.json; the list only shrinks: a fixed violation must be
// deleted from it (a stale entry fails too). `UPDATE_KNOWN_VIOLATIONS=1` rewrites the list (for review in the diff).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type RuleName, RULES } from './rules.js'
import { ROOT } from './scan.js'

const KNOWN = join(ROOT, 'test/architecture/known-violations.json')
const known = JSON.parse(readFileSync(KNOWN, 'utf8')) as Record<RuleName, string[]>

const current = Object.fromEntries(Object.entries(RULES).map(([name, rule]) => [name, rule()])) as Record<
  RuleName,
  string[]
>

if (process.env.UPDATE_KNOWN_VIOLATIONS === '1') writeFileSync(KNOWN, `${JSON.stringify(current, null, 2)}\n`)

describe('module boundaries', () => {
  for (const name of Object.keys(RULES) as RuleName[]) {
    it(`${name}: no new violations, and none listed that is fixed`, () => {
      const listed = new Set(known[name] ?? [])
      const found = new Set(current[name])
      expect({
        new: current[name].filter((v) => !listed.has(v)),
        fixed: [...listed].filter((v) => !found.has(v)),
      }).toEqual({
        new: [],
        fixed: [],
      })
    })
  }
})
