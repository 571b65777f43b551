// The default grading models, read from data/grading/ (one model per *.json file), checked against the catalog.
import { dataFilePath } from '../../identifiers/index.js'
import { readDefaultsDirectory } from '../policies/index.js'
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
  return readDefaultsDirectory(dir, {
    normalise: normaliseModel,
    check: (def) => checkModel(def, classes),
    duplicate: (code) => `模型代码「${code}」重复`,
    unreadable: (path, reason) => gradingError('grading.defaults_unreadable', { path, reason }),
    invalid: (source, problems) => gradingError('grading.invalid_definition', { source, problems }),
  })
}
