/**
 * Portal content (门户内容): an article's state and the version the portal shows. Every edit adds a version; nothing
 * of a saved version changes afterwards except the instant it went live (`published_at`).
 */
export interface ContentItemsTable {
  id: string
  /** policies | news | cases | notices (CONTENT_SECTIONS) */
  section: string
  /** draft | published | unpublished */
  status: string
  /** The newest version's title (console lists). */
  title: string
  /** The newest version's number. */
  version: number
  /** The version the portal shows while published; null otherwise. */
  published_version: number | null
  /** When the article was first published (the portal's 发布日期 and its order); null until then. */
  first_published_at: string | null
  /** When a version was last published. */
  published_at: string | null
  created_at: string
  created_by: string | null
  updated_at: string
}

export interface ContentVersionsTable {
  item_id: string
  version: number
  title: string
  summary: string | null
  /** 发布单位 / 来源, as shown under the title. */
  source: string | null
  /** Markdown (rendered with raw HTML off). */
  body: string
  /** What changed, in the editor's words. */
  note: string | null
  actor_kind: string
  actor_id: string | null
  created_at: string
  /** When this version last went live; null if it never did. */
  published_at: string | null
}

export interface ContentTables {
  content_items: ContentItemsTable
  content_versions: ContentVersionsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends ContentTables {}
}
