// The boundary rules catch what they are meant to catch: each is run over small made-up files.
import { describe, expect, it } from 'vitest'
import { fileCycles, internalImports, sqlOutsideRepositories, unitCycles } from './rules.js'
import type { SourceFile } from './scan.js'

const file = (path: string, imports: string[], text = '', typeOnly: string[] = []): SourceFile => ({
  path,
  text,
  imports: [...imports, ...typeOnly],
  runtimeImports: imports,
})

describe('boundary rules', () => {
  it('an import of another module other than its index is an internal import', () => {
    const files = [
      file('src/flows/ingest/write.ts', ['src/modules/records/records.repository.ts', 'src/modules/records/index.ts']),
      file('src/modules/records/records.service.ts', ['src/modules/records/records.repository.ts']),
    ]
    expect(internalImports(files)).toEqual(['src/flows/ingest/write.ts -> src/modules/records/records.repository.ts'])
  })

  it('query-builder calls outside a repository are found', () => {
    const files = [
      file('src/modules/a/a.service.ts', [], "await db.selectFrom('records').selectAll().execute()"),
      file('src/modules/a/a.repository.ts', [], "await db.selectFrom('records').selectAll().execute()"),
      file('src/modules/a/a.routes.ts', [], 'const x = 1'),
    ]
    expect(sqlOutsideRepositories(files)).toEqual(['src/modules/a/a.service.ts'])
  })

  it('circles are found between files and between units, type-only imports left out', () => {
    const files = [
      file('src/modules/a/a.ts', ['src/modules/b/index.ts']),
      file('src/modules/b/index.ts', ['src/modules/a/a.ts']),
      file('src/modules/c/c.ts', [], '', ['src/modules/a/a.ts']),
      file('src/modules/a/x.ts', [], '', ['src/modules/c/c.ts']),
    ]
    expect(fileCycles(files)).toEqual(['src/modules/a/a.ts <-> src/modules/b/index.ts'])
    expect(unitCycles(files)).toEqual(['modules/a <-> modules/b'])
  })
})
