// Shapes of the public API as the portal reads them: the server's presenter types (type-only imports; no server
// code reaches the bundle), under the names the portal uses.
export type {
  PublicEntityJson as PublicEntity,
  PublicField,
  PublicListClassJson as PublicListClass,
  PublicListIndexJson as PublicListIndex,
  PublicListItem,
  PublicListJson as PublicList,
  PublicListStatus,
  PublicRecordJson as PublicRecord,
  PublicRecordSummary,
  PublicSearchItem,
  PublicSearchJson as PublicSearch,
  PublicStatsJson as PublicStats,
  PublicityItem,
  PublicityJson as Publicity,
} from '../../../src/modules/public/public.presenter.js'
export type {
  PublicContentJson as PublicContent,
  PublicContentLatestJson as PublicContentLatest,
  PublicContentPageJson as PublicContentPage,
  PublicContentSummaryJson as PublicContentSummary,
} from '../../../src/modules/content/index.js'
