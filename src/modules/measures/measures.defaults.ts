// The default measure list, read from data/measures/ (files holding {"measures": [...]}), and the check policy.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataFilePath } from '../../identifiers/index.js'
import { measureError } from './measures.errors.js'
import type { MeasureDefinition, ObjectionPolicy } from './measures.types.js'
import { checkMeasureDefinition, normaliseMeasure } from './measures.validate.js'

export const POLICY_FILE = 'check-policy.json'

export function defaultMeasuresDir(): string {
  return dataFilePath('measures')
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (e) {
    throw measureError('measure.defaults_unreadable', { path, reason: (e as Error).message })
  }
}

/**
 * Every measure of every `*.json` of the directory (except the policy file), checked; codes unique across files.
 * Throws measure.invalid_definition naming the file and the code at the first bad one.
 */
export function readDefaultMeasures(
  dir: string = defaultMeasuresDir(),
  classes?: ReadonlyMap<string, { list: boolean }>,
): MeasureDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json') && n !== POLICY_FILE)
      .sort()
  } catch (e) {
    throw measureError('measure.defaults_unreadable', { path: dir, reason: (e as Error).message })
  }
  const seen = new Set<string>()
  const out: MeasureDefinition[] = []
  for (const name of names) {
    const raw = readJson(join(dir, name)) as { measures?: unknown }
    if (!Array.isArray(raw?.measures))
      throw measureError('measure.invalid_definition', { source: name, problems: ['文件应为 {"measures": [...]}'] })
    for (const m of raw.measures) {
      const def = normaliseMeasure((m ?? {}) as Record<string, unknown>)
      const problems = checkMeasureDefinition(def, classes)
      if (seen.has(def.code)) problems.push(`措施代码「${def.code}」重复`)
      if (problems.length)
        throw measureError('measure.invalid_definition', { source: `${name} ${String(def.code)}`, problems })
      seen.add(def.code)
      out.push(def)
    }
  }
  return out
}

let policyCache: { dir: string; policy: CheckPolicy } | undefined

export interface CheckPolicy {
  /** Records under objection (异议处理中): `mark` = trigger with underObjection: true; `suspend` = do not trigger. */
  objections: ObjectionPolicy
}

/** The check policy from data/measures/check-policy.json (read once); `mark` when the file is absent. */
let defaultDir: string | undefined

export function checkPolicy(given?: string): CheckPolicy {
  // the default folder is found once (it looks for the project root on disk)
  if (given === undefined && defaultDir === undefined) defaultDir = defaultMeasuresDir()
  const dir = given ?? (defaultDir as string)
  if (policyCache?.dir === dir) return policyCache.policy
  let policy: CheckPolicy = { objections: 'mark' }
  try {
    const raw = JSON.parse(readFileSync(join(dir, POLICY_FILE), 'utf8')) as { objections?: unknown }
    if (raw.objections === 'suspend' || raw.objections === 'mark') policy = { objections: raw.objections }
  } catch {
    // no policy file: the default applies
  }
  policyCache = { dir, policy }
  return policy
}
