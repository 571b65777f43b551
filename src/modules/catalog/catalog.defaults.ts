// The default catalog and rule sets, read from data/catalog/ (one file per class).
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { dataFilePath } from '../../identifiers/index.js'
import { catalogError } from './catalog.errors.js'
import type { CatalogClass, PublicationRuleSet } from './catalog.types.js'
import { checkClassDefinition, checkRuleSets } from './catalog.validate.js'

export type ClassDefinition = Omit<CatalogClass, 'version'>

export function defaultClassesDir(): string {
  return dataFilePath('catalog/classes')
}

export function defaultRulesFile(): string {
  return dataFilePath('catalog/publication-rules.json')
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (e) {
    throw catalogError('catalog.defaults_unreadable', { path, reason: (e as Error).message })
  }
}

/** Fills what a definition may leave out and drops the version (the database assigns it). */
export function normaliseDefinition(input: Record<string, unknown>): ClassDefinition {
  const { version: _version, ...rest } = input
  return { status: 'active', ...rest } as ClassDefinition
}

/**
 * Reads every `<code>.json` of the directory, checks each definition and that the file is named by its code.
 * Throws catalog.invalid_definition naming the file at the first bad one.
 */
export function readDefaultClasses(dir: string = defaultClassesDir()): ClassDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  } catch (e) {
    throw catalogError('catalog.defaults_unreadable', { path: dir, reason: (e as Error).message })
  }
  return names.map((name) => {
    const path = join(dir, name)
    const raw = readJson(path)
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw catalogError('catalog.invalid_definition', { source: name, problems: ['文件内容应为 JSON 对象'] })
    const def = normaliseDefinition(raw as Record<string, unknown>)
    const problems = checkClassDefinition(def)
    if (def.code !== basename(name, '.json')) problems.push(`文件名应为 ${String(def.code)}.json`)
    if (problems.length) throw catalogError('catalog.invalid_definition', { source: name, problems })
    return def
  })
}

export function readDefaultRuleSets(file: string = defaultRulesFile()): PublicationRuleSet[] {
  const raw = readJson(file) as { ruleSets?: unknown }
  const sets = Array.isArray(raw?.ruleSets) ? raw.ruleSets : null
  if (!sets)
    throw catalogError('catalog.invalid_definition', { source: basename(file), problems: ['缺少 ruleSets 数组'] })
  const problems = checkRuleSets(sets)
  if (problems.length) throw catalogError('catalog.invalid_definition', { source: basename(file), problems })
  return sets as PublicationRuleSet[]
}
