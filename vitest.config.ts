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
const skipped = ['test/e2e/**', 'node_modules/**', ...(postgresOnly ? dialectFreeFiles() : [])]

/**
 * Test files share their worker process (no module re-import per file: it costs more than most files' tests), except
 * those that measure the heap or RSS a parse or an upload costs, which need a process of their own.
 */
const OWN_PROCESS = [
  'test/http/uploads.test.ts',
  'test/ingest/parse/xlsx.test.ts',
  'test/ingest/parse/xlsx-limits.test.ts',
]

const common = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // memory tests measure retained heap after an explicit collection
  execArgv: ['--expose-gc'],
}

export default defineConfig({
  test: {
    projects: [
      { test: { ...common, name: 'own-process', include: OWN_PROCESS, exclude: skipped, isolate: true } },
      {
        test: {
          ...common,
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...skipped, ...OWN_PROCESS],
          isolate: false,
        },
      },
    ],
  },
})
