// The shapes of portal content that leave the server, and their schemas (whitelists).
import { type Static, Type } from '@sinclair/typebox'
import { civilDate } from '../../core/clock.js'
import { StringEnum, StringOrNull } from '../../http/typed.js'
import { plainText, renderMarkdown } from './content.markdown.js'
import type { ContentItemRow, ContentVersionRow, PublishedRow } from './content.repository.js'

/** The sections of the portal's content, in the order the portal shows them. */
export const CONTENT_SECTIONS = ['policies', 'news', 'cases', 'notices'] as const
export type ContentSection = (typeof CONTENT_SECTIONS)[number]

export const CONTENT_SECTION_LABELS: Readonly<Record<ContentSection, string>> = {
  policies: '政策法规',
  news: '新闻动态',
  cases: '典型案例',
  notices: '通知公告',
}

export const CONTENT_STATUSES = ['draft', 'published', 'unpublished'] as const
export type ContentStatus = (typeof CONTENT_STATUSES)[number]

export const CONTENT_STATUS_LABELS: Readonly<Record<ContentStatus, string>> = {
  draft: '草稿',
  published: '已发布',
  unpublished: '已撤下',
}

export const sectionLabel = (code: string): string => CONTENT_SECTION_LABELS[code as ContentSection] ?? code
const statusLabel = (code: string): string => CONTENT_STATUS_LABELS[code as ContentStatus] ?? code
const dayOf = (iso: string | null): string | null => (iso ? civilDate(new Date(iso)) : null)

// ---------------------------------------------------------------- input

const Title = Type.String({ minLength: 1, maxLength: 120, description: '标题（1 到 120 个字）' })
const Summary = Type.Optional(
  Type.Union([Type.String({ maxLength: 300 }), Type.Null()], { description: '摘要（可空：取正文开头）' }),
)
const Source = Type.Optional(
  Type.Union([Type.String({ maxLength: 60 }), Type.Null()], { description: '发布单位或来源，如「市发展改革委」' }),
)
const Body = Type.String({ minLength: 1, maxLength: 100_000, description: '正文（Markdown；不支持 HTML 和图片）' })
const Note = Type.Optional(Type.String({ maxLength: 200, description: '修改说明（记入版本历史）' }))

export const CreateContentBody = Type.Object(
  {
    section: StringEnum(CONTENT_SECTIONS, {
      description: '栏目：policies 政策法规、news 新闻动态、cases 典型案例、notices 通知公告',
    }),
    title: Title,
    summary: Summary,
    source: Source,
    body: Body,
    note: Note,
  },
  { additionalProperties: false },
)
export type CreateContentInput = Static<typeof CreateContentBody>

export const EditContentBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: '编辑所依据的版本（最新版本号；他人已修改时 409）' }),
    section: Type.Optional(StringEnum(CONTENT_SECTIONS)),
    title: Title,
    summary: Summary,
    source: Source,
    body: Body,
    note: Note,
  },
  { additionalProperties: false },
)
export type EditContentInput = Static<typeof EditContentBody>

export const PublishContentBody = Type.Object(
  { version: Type.Integer({ minimum: 1, description: '发布哪一版（可发布历史版本以恢复）' }) },
  { additionalProperties: false },
)

export const UnpublishContentBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200, description: '撤下原因（2 到 200 个字，记入审计日志）' }) },
  { additionalProperties: false },
)

export const PreviewBody = Type.Object({ body: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false })

// ---------------------------------------------------------------- console

export interface ContentActorJson {
  kind: string
  id: string | null
  /** The user's name (or the key's), null when unknown. */
  name: string | null
}

export interface ContentSummaryJson {
  id: string
  section: string
  sectionLabel: string
  status: string
  statusLabel: string
  title: string
  version: number
  publishedVersion: number | null
  /** Saved versions newer than the published one (they show on the portal only once published). */
  unpublishedChanges: boolean
  firstPublishedAt: string | null
  publishedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface ContentVersionSummaryJson {
  version: number
  title: string
  note: string | null
  actor: ContentActorJson
  createdAt: string
  publishedAt: string | null
  /** This is the version the portal shows now. */
  live: boolean
}

export interface ContentVersionJson extends ContentVersionSummaryJson {
  summary: string | null
  source: string | null
  body: string
  html: string
}

export interface ContentDetailJson extends ContentSummaryJson {
  current: ContentVersionJson
  versions: ContentVersionSummaryJson[]
}

export interface ContentPageJson {
  total: number
  page: number
  pageSize: number
  items: ContentSummaryJson[]
}

export function presentSummary(row: ContentItemRow): ContentSummaryJson {
  return {
    id: row.id,
    section: row.section,
    sectionLabel: sectionLabel(row.section),
    status: row.status,
    statusLabel: statusLabel(row.status),
    title: row.title,
    version: Number(row.version),
    publishedVersion: row.published_version === null ? null : Number(row.published_version),
    unpublishedChanges: row.status === 'published' && Number(row.published_version) < Number(row.version),
    firstPublishedAt: row.first_published_at,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

type VersionHead = Omit<ContentVersionRow, 'body'>

export function presentVersionSummary(
  v: VersionHead,
  item: ContentItemRow,
  names: ReadonlyMap<string, string>,
): ContentVersionSummaryJson {
  return {
    version: Number(v.version),
    title: v.title,
    note: v.note,
    actor: { kind: v.actor_kind, id: v.actor_id, name: v.actor_id ? (names.get(v.actor_id) ?? null) : null },
    createdAt: v.created_at,
    publishedAt: v.published_at,
    live: item.status === 'published' && Number(item.published_version) === Number(v.version),
  }
}

export function presentVersion(
  v: ContentVersionRow,
  item: ContentItemRow,
  names: ReadonlyMap<string, string>,
): ContentVersionJson {
  return {
    ...presentVersionSummary(v, item, names),
    summary: v.summary,
    source: v.source,
    body: v.body,
    html: renderMarkdown(v.body),
  }
}

const str = Type.String()
const nstr = StringOrNull()
const int = Type.Integer()
const ActorSchema = Type.Object({ kind: str, id: nstr, name: nstr })

const summaryProps = {
  id: str,
  section: str,
  sectionLabel: str,
  status: str,
  statusLabel: str,
  title: str,
  version: int,
  publishedVersion: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  unpublishedChanges: Type.Boolean(),
  firstPublishedAt: nstr,
  publishedAt: nstr,
  createdAt: str,
  updatedAt: str,
}
const versionSummaryProps = {
  version: int,
  title: str,
  note: nstr,
  actor: ActorSchema,
  createdAt: str,
  publishedAt: nstr,
  live: Type.Boolean(),
}

export const ContentSummarySchema = Type.Object(summaryProps)
export const ContentVersionSchema = Type.Object({
  ...versionSummaryProps,
  summary: nstr,
  source: nstr,
  body: str,
  html: str,
})
export const ContentDetailSchema = Type.Object({
  ...summaryProps,
  current: ContentVersionSchema,
  versions: Type.Array(Type.Object(versionSummaryProps)),
})
export const ContentPageSchema = Type.Object({
  total: int,
  page: int,
  pageSize: int,
  items: Type.Array(ContentSummarySchema),
})
export const PreviewSchema = Type.Object({ html: str })

// ---------------------------------------------------------------- the portal

export interface PublicContentSummaryJson {
  id: string
  section: string
  sectionLabel: string
  title: string
  /** The summary written, else the start of the text. */
  summary: string
  source: string | null
  /** 发布日期 (Asia/Shanghai). */
  publishedOn: string
}

export interface PublicContentJson extends PublicContentSummaryJson {
  /** The day the version shown was saved, when it is later than the first publication (更新日期); else null. */
  updatedOn: string | null
  html: string
}

export interface PublicContentPageJson {
  section: string | null
  sectionLabel: string | null
  total: number
  page: number
  pageSize: number
  items: PublicContentSummaryJson[]
}

export interface PublicContentLatestJson {
  sections: { code: string; label: string; items: PublicContentSummaryJson[] }[]
}

export function presentPublicSummary(row: PublishedRow): PublicContentSummaryJson {
  return {
    id: row.id,
    section: row.section,
    sectionLabel: sectionLabel(row.section),
    title: row.title,
    summary: row.summary?.trim() ? row.summary.trim() : plainText(row.body),
    source: row.source,
    publishedOn: dayOf(row.first_published_at) as string,
  }
}

export function presentPublicItem(row: PublishedRow): PublicContentJson {
  const updated = dayOf(row.updated_at)
  const first = dayOf(row.first_published_at) as string
  return {
    ...presentPublicSummary(row),
    updatedOn: updated && updated > first ? updated : null,
    html: renderMarkdown(row.body),
  }
}

const publicSummaryProps = {
  id: str,
  section: str,
  sectionLabel: str,
  title: str,
  summary: str,
  source: nstr,
  publishedOn: str,
}
export const PublicContentSummarySchema = Type.Object(publicSummaryProps)
export const PublicContentSchema = Type.Object({ ...publicSummaryProps, updatedOn: nstr, html: str })
export const PublicContentPageSchema = Type.Object({
  section: nstr,
  sectionLabel: nstr,
  total: int,
  page: int,
  pageSize: int,
  items: Type.Array(PublicContentSummarySchema),
})
export const PublicContentLatestSchema = Type.Object({
  sections: Type.Array(Type.Object({ code: str, label: str, items: Type.Array(PublicContentSummarySchema) })),
})
