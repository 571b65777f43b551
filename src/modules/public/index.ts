// Public surface of the public module: the public API (社会公开) and its read model.
export { publicError } from './public.errors.js'
export {
  categoryLabel,
  groupByCategory,
  listStatusSchema,
  presentListStatus,
  presentRecordSummary,
  publicMarkSchema,
  recordSummarySchema,
  sortListStatuses,
} from './public.presenter.js'
export type {
  PublicEntityJson,
  PublicListStatus,
  PublicListClassJson,
  PublicListIndexJson,
  PublicListItem,
  PublicListJson,
  PublicityItem,
  PublicityJson,
  PublicRecordJson,
  PublicRecordSummary,
  PublicSearchItem,
  PublicSearchJson,
  PublicStatsJson,
} from './public.presenter.js'
export { type PublicRoutesOptions, publicRoutes } from './public.routes.js'
export {
  isIdNumberQuery,
  type PublicSearchParams,
  type PublicSearchQuery,
  publicSearch,
  publicSearchQuery,
} from './public.search.js'
export {
  listClass,
  monthStartInstant,
  publicEntityFile,
  PUBLICITY_CLASSES,
  type PublicityKind,
  type PublicityQuery,
  publicList,
  publicListIndex,
  publicPublicity,
  publicRecord,
  publicStats,
  type Timed,
} from './public.service.js'
