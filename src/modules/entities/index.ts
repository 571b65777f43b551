export { entityError } from './entities.errors.js'
export {
  type HashedIdNumber,
  type Lookup,
  type LookupOptions,
  lookupEntities,
  lookupPeopleByIdHash,
  lookupEntity,
  PERSONAL_LOOKUP_ACTION,
} from './entities.lookup.js'
export {
  EntitySchema,
  type EntityJson,
  presentEntity,
  presentEntityFile,
  presentResolve,
  ResolveAnswerSchema,
} from './entities.presenter.js'
export { entityRoutes } from './entities.routes.js'
export type { SubjectRow } from './entities.repository.js'
export {
  indexEntities,
  type RebuildProgress,
  type RebuildSummary,
  rebuildSearchIndex,
} from './entities.search-index.js'
export {
  type CodeOwner,
  codeOwners,
  codeTaken,
  type LookupCode,
  maskedIdNumbers,
  type NormalizedQuery,
  normalizeQuery,
  resolveEntity,
  resolvesThroughIdNumber,
} from './entities.resolve.js'
export {
  countEntities,
  createEntity,
  createEntityIn,
  type EntityPatch,
  entityHistory,
  findEntitiesByUsccs,
  findIdentifierOwner,
  findSubjectRows,
  getEntity,
  getEntityByUscc,
  insertEntitiesBulk,
  revealIdNumber,
  updateEntity,
} from './entities.service.js'
export * from './entities.types.js'
export { entityFileVersion, figuresVersion, noteEntitiesChanged, noteFiguresChanged } from './entity-changes.js'
export {
  type EntityFile,
  ENTITY_FILE_READ_ACTION,
  entityFile,
  type FileNote,
  type FileOptions,
  type FileRequest,
  type FileSection,
  type FileSectionSchema,
  fileSectionSchemas,
  registerFileSection,
} from './entity-file.js'
export { organisationsWithLegalRepresentative } from './entities.service.js'
