// Public surface of evidence files: upload and download routes, and the commands the case modules (objections,
// repairs, tips, agent accounts) use to attach files to their cases and list them (docs/files.md).
export { FILE_MIMES, FILE_TYPES, type FileMime } from './files.content.js'
export { filesError } from './files.errors.js'
export {
  type AttachedFileJson,
  AttachedFileSchema,
  type FileJson,
  FileSchema,
  type UploadedFileJson,
  UploadedFileSchema,
} from './files.presenter.js'
export { anonymousUploadLimit, type FileRoutesOptions, fileRoutes } from './files.routes.js'
export {
  ANONYMOUS_ATTACH_HOURS,
  attachFiles,
  type CaseAccess,
  type CaseAccessMap,
  type CaseRef,
  fileContent,
  fileMeta,
  filesOf,
  MAX_ATTACH,
  purgeStaleFiles,
  READ_ANY_PERMISSION,
  storeFile,
} from './files.service.js'
export type { FileAttachmentsTable, FileBlobsTable, FilesTable, FilesTables } from './files.tables.js'
