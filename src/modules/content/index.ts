// Public surface of the content module (门户内容): articles of the portal's sections (政策法规, 新闻动态, 典型案例,
// 通知公告) written, versioned, published and taken down by operators in the console, read by the portal.
export { contentError } from './content.errors.js'
export { plainText, renderMarkdown } from './content.markdown.js'
export {
  CONTENT_SECTION_LABELS,
  CONTENT_SECTIONS,
  CONTENT_STATUS_LABELS,
  CONTENT_STATUSES,
  type ContentDetailJson,
  type ContentPageJson,
  type ContentSection,
  type ContentStatus,
  type ContentSummaryJson,
  type ContentVersionJson,
  type ContentVersionSummaryJson,
  type CreateContentInput,
  type EditContentInput,
  type PublicContentJson,
  type PublicContentLatestJson,
  type PublicContentPageJson,
  type PublicContentSummaryJson,
} from './content.presenter.js'
export { contentRoutes } from './content.routes.js'
export {
  createContent,
  editContent,
  getContent,
  latestContent,
  listContent,
  previewContent,
  publicContentItem,
  publicContentPage,
  publishContent,
  unpublishContent,
} from './content.service.js'
export type { ContentItemsTable, ContentTables, ContentVersionsTable } from './content.tables.js'
