import { readdirSync, readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

/**
 * CI runs the suite once per database (TEST_DIALECTS=sqlite, then TEST_DIALECTS=postgres). A test file that never
 * names a dialect (no "dialect", "postgres" or TEST_PG_URL in it: parsers, identifiers, the CLI on a SQLite file,
 * HTTP hardening) tests the same thing in both passes, so the PostgreSQL pass leaves it to the SQLite one.
 */
function dialectFreeFiles(): string[] {
  const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith('e2e'))
    .map((f) => `test/${f}`)
  return files.filter((f) => !/dialect|postgres|TEST_PG_URL/i.test(readFileSync(f, 'utf8')))
}

const passes = (process.env.TEST_DIALECTS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
const postgresOnly = passes.length > 0 && !passes.includes('sqlite')

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', ...(postgresOnly ? dialectFreeFiles() : [])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // memory tests measure retained heap after an explicit collection
    execArgv: ['--expose-gc'],
  },
})
