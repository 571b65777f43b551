// The house rules of docs/architecture.md as checks over the static reading of src/ (scan.ts). Each rule returns
// its violations as stable one-line strings; known-violations.json lists the ones not yet fixed.
import {
  cycles,
  policyKindTables,
  policyTables,
  readModelTables,
  type SourceFile,
  sourceFiles,
  tableOwners,
  tablesNamed,
  unitOf,
} from './scan.js'

/**
 * Files of a module that other units may import besides its index.ts, each with the reason. Keep this short: a
 * module's public surface is its index.
 */
export const PUBLIC_ENTRIES: Record<string, string> = {
  // the route guards need the principal and its two errors without loading the access service (whose index exports
  // routes that import the guards)
  'src/modules/access/access.principal.ts': 'route guards (src/http/guards.ts)',
  'src/modules/access/access.errors.ts': 'route guards (src/http/guards.ts) and the auth plugin',
}

const isModuleUnit = (u: string): boolean => u.startsWith('modules/') || u.startsWith('read-models/')

/** A file importing another module's (or read model's) internals instead of its index.ts. */
export function internalImports(files: SourceFile[] = sourceFiles()): string[] {
  const out = new Set<string>()
  for (const f of files) {
    const from = unitOf(f.path)
    for (const target of f.imports) {
      const to = unitOf(target)
      if (to === from || !isModuleUnit(to)) continue
      if (target.endsWith('/index.ts') || PUBLIC_ENTRIES[target]) continue
      // a module's tables file is how it declares its tables to the database type; other units never import it
      out.add(`${f.path} -> ${target}`)
    }
  }
  return [...out].sort()
}

/** Repository functions a module's index.ts publishes (its surface is its services and types, never its SQL). */
export function repositoryExports(files: SourceFile[] = sourceFiles()): string[] {
  const out: string[] = []
  for (const f of files) {
    if (!/^src\/(modules|read-models)\/[^/]+\/index\.ts$/.test(f.path)) continue
    for (const m of f.text.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s+from\s+'\.\/[^']*\.repository\.js'/g)) {
      if (m[1]) continue
      for (const name of (m[2] ?? '').split(',')) {
        const n = name.trim()
        if (n && !n.startsWith('type ')) out.push(`${f.path} exports ${n.split(/\s+as\s+/).pop()}`)
      }
    }
  }
  return out.sort()
}

/** The versioned-policy feature: it queries the versions tables of other modules, the ones they declare to it. */
const POLICIES = 'modules/policies'

/**
 * Query-builder calls naming a table the file's module does not own (for a read model: a table it does not declare
 * in reads.ts), and tables declared by two modules. The versioned-policy feature is judged by policyTablesRule.
 */
export function foreignTables(files: SourceFile[] = sourceFiles()): string[] {
  const owners = tableOwners()
  const out = new Set<string>()
  for (const [table, units] of owners) if (units.length > 1) out.add(`${table} has owners ${units.sort().join(', ')}`)
  for (const f of files) {
    const unit = unitOf(f.path)
    if (!isModuleUnit(unit) || unit === POLICIES) continue
    const allowed = unit.startsWith('read-models/') ? new Set(readModelTables(unit)) : null
    for (const table of tablesNamed(f)) {
      const own = allowed ? allowed.has(table) : (owners.get(table) ?? []).includes(unit)
      if (!own) out.add(`${f.path} uses ${table}`)
    }
  }
  return [...out].sort()
}

/**
 * The versioned-policy feature (src/modules/policies) queries the versions tables the kinds declare (`XPolicyTables`
 * in their `*.tables.ts`) and nothing else: a table named in its files that no kind declares is a violation, and so is
 * a policy kind whose `table` is not a versions table its own module declares (the repository takes its table from the
 * kind). A declared versions table must be owned by the module declaring it.
 */
export function policyTablesRule(files: SourceFile[] = sourceFiles()): string[] {
  const declared = policyTables(files)
  const owners = tableOwners()
  const out = new Set<string>()
  for (const [table, unit] of declared)
    if (!(owners.get(table) ?? []).includes(unit)) out.add(`${unit} declares ${table}, a table it does not own`)
  for (const f of files) {
    const unit = unitOf(f.path)
    if (unit === POLICIES)
      for (const table of tablesNamed(f)) if (!declared.has(table)) out.add(`${f.path} uses ${table}`)
    for (const table of policyKindTables(f))
      if (declared.get(table) !== unit)
        out.add(`${f.path} makes a policy kind of ${table}, not a versions table of ${unit}`)
  }
  return [...out].sort()
}

/** SQL (query-builder calls) outside a repository or a read model: services, flows, routes, the CLI. */
export function sqlOutsideRepositories(files: SourceFile[] = sourceFiles()): string[] {
  const out: string[] = []
  for (const f of files) {
    const unit = unitOf(f.path)
    if (unit === 'db' || unit.startsWith('read-models/')) continue
    if (f.path.endsWith('.repository.ts')) continue
    if (tablesNamed(f).length > 0) out.push(f.path)
  }
  return out.sort()
}

const isDomainUnit = (u: string): boolean => isModuleUnit(u) || u.startsWith('flows/')

/** Import cycles between modules, flows and read models, over run-time imports. */
export function unitCycles(files: SourceFile[] = sourceFiles()): string[] {
  const graph = new Map<string, string[]>()
  for (const f of files) {
    const from = unitOf(f.path)
    if (!isDomainUnit(from)) continue
    const edges = graph.get(from) ?? []
    for (const t of f.runtimeImports) {
      const to = unitOf(t)
      if (to !== from && isDomainUnit(to) && !edges.includes(to)) edges.push(to)
    }
    graph.set(from, edges)
  }
  return cycles(graph).map((c) => c.join(' <-> '))
}

/**
 * The layers below the modules (core, db, identifiers) never import a module or a flow at run time: the db layer's
 * data migrations included (they carry their own copy of what they need, frozen with the migration).
 */
export function layerImports(files: SourceFile[] = sourceFiles()): string[] {
  const out = new Set<string>()
  for (const f of files) {
    const from = unitOf(f.path)
    if (from !== 'core' && from !== 'db' && from !== 'identifiers') continue
    for (const t of f.runtimeImports) if (isDomainUnit(unitOf(t))) out.add(`${f.path} -> ${t}`)
  }
  return [...out].sort()
}

/** Import cycles between files, over run-time imports (each circle named by its files). */
export function fileCycles(files: SourceFile[] = sourceFiles()): string[] {
  const graph = new Map(files.map((f) => [f.path, f.runtimeImports] as const))
  return cycles(graph).map((c) =>
    c.length > 6 ? `${c.length} files: ${c.slice(0, 6).join(' ')} ...` : c.join(' <-> '),
  )
}

export const RULES = {
  internalImports,
  repositoryExports,
  foreignTables,
  policyTables: policyTablesRule,
  sqlOutsideRepositories,
  unitCycles,
  layerImports,
  fileCycles,
} as const

export type RuleName = keyof typeof RULES
