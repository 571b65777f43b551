// The default grading models, read from data/grading/ (one model per *.json file), checked against the catalog.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataFilePath } from '../../identifiers/index.js'
import { gradingError } from './grading.errors.js'
import type { GradingModelDefinition } from './grading.types.js'
import { type ClassInfo, checkModel, normaliseModel } from './grading.validate.js'

export function defaultModelsDir(): string {
  return dataFilePath('grading')
}

/** Every model of the directory, checked; codes unique. Throws grading.invalid_definition naming the file. */
export function readDefaultModels(
  dir: string = defaultModelsDir(),
  classes?: ReadonlyMap<string, ClassInfo>,
): GradingModelDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  } catch (e) {
    throw gradingError('grading.defaults_unreadable', { path: dir, reason: (e as Error).message })
  }
  const seen = new Set<string>()
  return names.map((name) => {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    } catch (e) {
      throw gradingError('grading.defaults_unreadable', { path: join(dir, name), reason: (e as Error).message })
    }
    const def = normaliseModel((raw ?? {}) as Record<string, unknown>)
    const problems = checkModel(def, classes)
    if (seen.has(def.code)) problems.push(`模型代码「${def.code}」重复`)
    if (problems.length) throw gradingError('grading.invalid_definition', { source: name, problems })
    seen.add(def.code)
    return def
  })
}
