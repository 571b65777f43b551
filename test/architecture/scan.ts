// A static reading of src/: which file imports which, which tables each file's queries name, and which module owns
// each table. The boundary tests (boundaries.test.ts) judge it; nothing here runs the code.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
const SRC = join(ROOT, 'src')

export interface SourceFile {
  /** Path from the project root, e.g. src/modules/records/records.service.ts */
  path: string
  text: string
  /** Files it loads at run time (type-only imports left out), as project paths. */
  runtimeImports: string[]
  /** Every file it imports, type-only included. */
  imports: string[]
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p)
  }
  return out
}

const IMPORT_RE =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null
  const abs = resolve(dirname(join(ROOT, from)), spec).replace(/\.js$/, '.ts')
  return relative(ROOT, abs)
}

let cache: SourceFile[] | undefined

/** Every TypeScript file under src/. */
export function sourceFiles(): SourceFile[] {
  if (cache) return cache
  cache = walk(SRC).map((abs) => {
    const path = relative(ROOT, abs)
    const text = readFileSync(abs, 'utf8')
    const runtimeImports: string[] = []
    const imports: string[] = []
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[3] ?? m[4]
      if (!spec) continue
      const target = resolveImport(path, spec)
      if (!target) continue
      imports.push(target)
      const typeOnly = m[2] !== undefined && m[4] === undefined
      if (!typeOnly) runtimeImports.push(target)
    }
    return { path, text, runtimeImports, imports }
  })
  return cache
}

/**
 * The unit a file belongs to: a module (src/modules/x), a flow (src/flows/x), a read model (src/read-models/x), or
 * a layer (src/core, src/db, src/http, src/cli, src/identifiers; the files directly under src/ are the root).
 */
export function unitOf(path: string): string {
  const parts = path.split('/')
  if (parts[0] !== 'src') return parts[0] ?? path
  if (parts.length === 2) return 'root'
  if ((parts[1] === 'modules' || parts[1] === 'flows' || parts[1] === 'read-models') && parts.length > 3)
    return `${parts[1]}/${parts[2]}`
  return parts[1] ?? path
}

const TABLE_CALL_RE =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|replaceInto|mergeInto)\(\s*['"`]([a-z_][a-z0-9_]*)/g

/** The tables a file's query-builder calls name (`selectFrom('records as r')` -> records). */
export function tablesNamed(file: SourceFile): string[] {
  const names = new Set<string>()
  for (const m of file.text.matchAll(TABLE_CALL_RE)) if (m[2]) names.add(m[2])
  return [...names].sort()
}

/** Table -> the modules whose `*.tables.ts` declare it (the keys of the module's `XTables` type). */
export function tableOwners(): Map<string, string[]> {
  const owners = new Map<string, string[]>()
  for (const f of sourceFiles()) {
    if (!/^src\/modules\/[^/]+\/[^/]+\.tables\.ts$/.test(f.path)) continue
    const block = /export (?:interface \w+Tables|type \w+Tables =) \{([^}]*)\}/.exec(f.text)
    if (!block?.[1]) continue
    for (const m of block[1].matchAll(/^\s*([a-z_][a-z0-9_]*)\??:/gm)) {
      const table = m[1] as string
      owners.set(table, [...(owners.get(table) ?? []), unitOf(f.path)])
    }
  }
  return owners
}

/**
 * Versions table -> the module that declares it to the versioned-policy feature: the keys of `XPolicyTables` in the
 * module's `*.tables.ts` (merged into PolicyTables of src/modules/policies/policies.kind.ts).
 */
export function policyTables(files: SourceFile[] = sourceFiles()): Map<string, string> {
  const out = new Map<string, string>()
  for (const f of files) {
    if (!/^src\/modules\/[^/]+\/[^/]+\.tables\.ts$/.test(f.path)) continue
    const block = /export interface \w+PolicyTables \{([^}]*)\}/.exec(f.text)
    if (!block?.[1]) continue
    for (const m of block[1].matchAll(/^\s*([a-z_][a-z0-9_]*)\??:/gm)) out.set(m[1] as string, unitOf(f.path))
  }
  return out
}

/** The `table: '...'` a file's policy kinds (`policyService({ table: ... })`) name. */
export function policyKindTables(file: SourceFile): string[] {
  if (!/\bpolicyService\s*(<[^(]*>)?\s*\(/.test(file.text)) return []
  return [...file.text.matchAll(/\btable:\s*['"`]([a-z_][a-z0-9_]*)['"`]/g)].map((m) => m[1] as string)
}

/** The tables a read model declares it reads: `export const reads = [...]` in src/read-models/<name>/reads.ts. */
export function readModelTables(unit: string): string[] {
  const f = sourceFiles().find((s) => s.path === `src/${unit}/reads.ts`)
  if (!f) return []
  const list = /export const reads\s*=\s*\[([^\]]*)\]/.exec(f.text)?.[1] ?? ''
  return [...list.matchAll(/['"]([a-z_][a-z0-9_]*)['"]/g)].map((m) => m[1] as string)
}

/** Strongly connected components (size > 1) of a directed graph: Tarjan's algorithm. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number))
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = []
      let w: string
      do {
        w = stack.pop() as string
        on.delete(w)
        comp.push(w)
      } while (w !== v)
      if (comp.length > 1) out.push(comp.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v)
  return out
}
