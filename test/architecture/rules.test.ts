// The boundary rules catch what they are meant to catch: each is run over small made-up files.
import { describe, expect, it } from 'vitest'
import { fileCycles, internalImports, policyTablesRule, sqlOutsideRepositories, unitCycles } from './rules.js'
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

  it('the versioned-policy feature queries only the versions tables the kinds declare', () => {
    const tables = (path: string, text: string) => file(path, [], text)
    const declared = [
      tables(
        'src/modules/catalog/catalog.tables.ts',
        'export interface CatalogPolicyTables {\n  catalog_classes: T\n}',
      ),
      tables('src/modules/measures/measures.tables.ts', 'export interface MeasurePolicyTables {\n  measures: T\n}'),
    ]
    const repository = (text: string) => tables('src/modules/policies/policies.repository.ts', text)
    // a declared versions table is fine; the module that declares it owns it (measures.tables.ts in src/)
    expect(policyTablesRule([...declared, repository("d.selectFrom('measures').selectAll()")])).toEqual([])
    // a table no kind declares (records) is a violation, even though its owner declares it to the database
    expect(policyTablesRule([...declared, repository("d.selectFrom('records').selectAll()")])).toEqual([
      'src/modules/policies/policies.repository.ts uses records',
    ])
    // a kind is made only of a versions table its own module declares
    const kind = (path: string, table: string) =>
      tables(path, `export const k = policyService<X, string>({\n  table: '${table}',\n})`)
    expect(policyTablesRule([...declared, kind('src/modules/catalog/catalog.policy.ts', 'catalog_classes')])).toEqual(
      [],
    )
    expect(policyTablesRule([...declared, kind('src/modules/catalog/catalog.policy.ts', 'measures')])).toEqual([
      'src/modules/catalog/catalog.policy.ts makes a policy kind of measures, not a versions table of modules/catalog',
    ])
    expect(policyTablesRule([...declared, kind('src/modules/lists/lists.rule-policy.ts', 'list_proposals')])).toEqual([
      'src/modules/lists/lists.rule-policy.ts makes a policy kind of list_proposals, not a versions table of modules/lists',
    ])
    // declaring another module's table as one's versions table is a violation too
    const stolen = tables(
      'src/modules/calendar/calendar.tables.ts',
      'export interface CalendarPolicyTables {\n  records: T\n}',
    )
    expect(policyTablesRule([stolen])).toEqual(['modules/calendar declares records, a table it does not own'])
  })
})
