export { entityError } from './entities.errors.js'
export { type EntityJson, entityJsonSchema, presentEntity, presentResolve } from './entities.presenter.js'
export { countEntities, findEntitiesByUsccs, findIdentifierOwner, findSubjectRows, type SubjectRow } from './entities.repository.js'
export { resolveEntity } from './entities.resolve.js'
export {
  createEntity,
  type EntityPatch,
  entityHistory,
  getEntity,
  getEntityByUscc,
  insertEntitiesBulk,
  revealIdNumber,
  updateEntity,
} from './entities.service.js'
export * from './entities.types.js'
export { entityFileVersion, noteEntitiesChanged } from './entity-changes.js'
export {
  type EntityFile,
  entityFile,
  type FileNote,
  type FileOptions,
  type FileRequest,
  type FileSection,
  type FileSectionSchema,
  fileSectionSchemas,
  registerFileSection,
} from './entity-file.js'
