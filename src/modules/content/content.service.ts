// Portal content (门户内容): operators write articles in four sections, save versions, publish one version, take an
// article off the portal; the portal reads the published versions. Every change is one transaction with its audit
// event.
import type { Actor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { describeActors } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import { contentError } from './content.errors.js'
import { renderMarkdown } from './content.markdown.js'
import {
  CONTENT_SECTIONS,
  type ContentDetailJson,
  type ContentPageJson,
  type ContentSection,
  type ContentStatus,
  type CreateContentInput,
  type EditContentInput,
  type PublicContentJson,
  type PublicContentLatestJson,
  type PublicContentPageJson,
  presentPublicItem,
  presentPublicSummary,
  presentSummary,
  presentVersion,
  presentVersionSummary,
  sectionLabel,
} from './content.presenter.js'
import * as repo from './content.repository.js'

const clean = (s: string | null | undefined): string | null => {
  const t = s?.trim()
  return t ? t : null
}

function checkText(input: { title: string; body: string }): { title: string; body: string } {
  const title = input.title.replace(/\s+/g, ' ').trim()
  if (!title) throw contentError('content.field_invalid', { field: 'title', label: '标题', rule: '不能为空' })
  if (!input.body.trim())
    throw contentError('content.field_invalid', { field: 'body', label: '正文', rule: '不能为空' })
  return { title, body: input.body.replace(/\r\n?/g, '\n') }
}

async function actorNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const { actors } = await describeActors(
    db,
    ids.filter((x): x is string => x !== null),
  )
  return new Map([...actors].map(([id, a]) => [id, a.name]))
}

/** The console's view of an article: its state, its newest version (with the rendered body) and every version. */
export async function getContent(ctx: Pick<Ctx, 'db'>, id: string, version?: number): Promise<ContentDetailJson> {
  const item = await repo.findItem(ctx.db, id)
  if (!item) throw contentError('content.not_found', { id })
  const wanted = version ?? Number(item.version)
  const current = await repo.findVersion(ctx.db, id, wanted)
  if (!current) throw contentError('content.not_found', { id, version: wanted })
  const versions = await repo.versionsOf(ctx.db, id)
  const names = await actorNames(
    ctx.db,
    versions.map((v) => v.actor_id),
  )
  return {
    ...presentSummary(item),
    current: presentVersion(current, item, names),
    versions: versions.map((v) => presentVersionSummary(v, item, names)),
  }
}

/** A page of articles for the console (any state), the most recently changed first. */
export async function listContent(
  ctx: Pick<Ctx, 'db'>,
  filter: { section?: ContentSection | undefined; status?: ContentStatus | undefined; q?: string | undefined },
  page: number,
  pageSize: number,
): Promise<ContentPageJson> {
  const q = filter.q?.trim() || undefined
  const { total, rows } = await repo.listItems(ctx.db, { ...filter, q }, (page - 1) * pageSize, pageSize)
  return { total, page, pageSize, items: rows.map(presentSummary) }
}

/** A new article: a draft (version 1); nothing shows on the portal until it is published. */
export async function createContent(ctx: Ctx, actor: Actor, input: CreateContentInput): Promise<ContentDetailJson> {
  const { title, body } = checkText(input)
  const id = newId()
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const at = now.toISOString()
    await repo.insertItem(trx, {
      id,
      section: input.section,
      status: 'draft',
      title,
      version: 1,
      published_version: null,
      first_published_at: null,
      published_at: null,
      created_at: at,
      created_by: actor.id,
      updated_at: at,
    })
    await repo.insertVersion(trx, {
      item_id: id,
      version: 1,
      title,
      summary: clean(input.summary),
      source: clean(input.source),
      body,
      note: clean(input.note),
      actor_kind: actor.kind,
      actor_id: actor.id,
      created_at: at,
      published_at: null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'content.create',
      targetType: 'content',
      targetId: id,
      details: { section: input.section, title, version: 1 },
    })
  })
  return getContent(ctx, id)
}

/**
 * Saves a new version of the article (edits never change a saved version). A published article keeps showing its
 * published version until the new one is published.
 */
export async function editContent(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: EditContentInput,
): Promise<ContentDetailJson> {
  const { title, body } = checkText(input)
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const item = await repo.findItem(trx, id)
    if (!item) throw contentError('content.not_found', { id })
    const from = Number(item.version)
    if (from !== input.version) throw contentError('content.conflict', { id, version: from, expected: input.version })
    const at = now.toISOString()
    const version = from + 1
    const section = input.section ?? item.section
    if (!(await repo.updateItemAt(trx, id, from, { version, title, section, updated_at: at })))
      throw contentError('content.conflict', { id, version: from + 1, expected: input.version })
    await repo.insertVersion(trx, {
      item_id: id,
      version,
      title,
      summary: clean(input.summary),
      source: clean(input.source),
      body,
      note: clean(input.note),
      actor_kind: actor.kind,
      actor_id: actor.id,
      created_at: at,
      published_at: null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'content.update',
      targetType: 'content',
      targetId: id,
      details: {
        title,
        version,
        ...(section !== item.section ? { section } : {}),
        ...(clean(input.note) ? { note: clean(input.note) } : {}),
      },
    })
  })
  return getContent(ctx, id)
}

/**
 * Puts a version of the article on the portal (the newest, or an older one to go back to it). The first publication
 * fixes the article's 发布日期.
 */
export async function publishContent(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { version: number },
): Promise<ContentDetailJson> {
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const item = await repo.findItem(trx, id)
    if (!item) throw contentError('content.not_found', { id })
    const v = await repo.findVersion(trx, id, input.version)
    if (!v) throw contentError('content.not_found', { id, version: input.version })
    if (item.status === 'published' && Number(item.published_version) === input.version)
      throw contentError('content.already_published', { id, version: input.version })
    const at = now.toISOString()
    const ok = await repo.updateItemAt(trx, id, Number(item.version), {
      status: 'published',
      published_version: input.version,
      published_at: at,
      first_published_at: item.first_published_at ?? at,
      updated_at: at,
    })
    if (!ok) throw contentError('content.conflict', { id, version: Number(item.version) + 1, expected: item.version })
    await repo.setVersionPublished(trx, id, input.version, at)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'content.publish',
      targetType: 'content',
      targetId: id,
      details: { section: item.section, title: v.title, version: input.version },
    })
  })
  return getContent(ctx, id)
}

/** Takes the article off the portal (it stays in the console with its versions and can be published again). */
export async function unpublishContent(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<ContentDetailJson> {
  const reason = input.reason.trim()
  if (reason.length < 2)
    throw contentError('content.field_invalid', {
      field: 'reason',
      label: '撤下原因',
      rule: '请写明原因（2 到 200 个字）',
    })
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const item = await repo.findItem(trx, id)
    if (!item) throw contentError('content.not_found', { id })
    if (item.status !== 'published') throw contentError('content.not_published', { id })
    const at = now.toISOString()
    const ok = await repo.updateItemAt(trx, id, Number(item.version), {
      status: 'unpublished',
      published_version: null,
      updated_at: at,
    })
    if (!ok) throw contentError('content.conflict', { id, version: Number(item.version) + 1, expected: item.version })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'content.unpublish',
      targetType: 'content',
      targetId: id,
      details: { section: item.section, title: item.title, version: item.published_version, reason },
    })
  })
  return getContent(ctx, id)
}

/** The HTML the portal would show for a Markdown body (the editor's preview). */
export function previewContent(body: string): { html: string } {
  return { html: renderMarkdown(body) }
}

// ---------------------------------------------------------------- the portal

/** A page of published articles of a section (or of all), newest first. */
export async function publicContentPage(
  ctx: Pick<Ctx, 'db'>,
  section: ContentSection | undefined,
  page: number,
  pageSize: number,
): Promise<PublicContentPageJson> {
  const { total, rows } = await repo.publishedItems(ctx.db, section, (page - 1) * pageSize, pageSize)
  return {
    section: section ?? null,
    sectionLabel: section ? sectionLabel(section) : null,
    total,
    page,
    pageSize,
    items: rows.map(presentPublicSummary),
  }
}

/** The newest published articles of every section (the portal's home page). */
export async function latestContent(ctx: Pick<Ctx, 'db'>, perSection: number): Promise<PublicContentLatestJson> {
  const sections: PublicContentLatestJson['sections'] = []
  for (const code of CONTENT_SECTIONS) {
    const { rows } = await repo.publishedItems(ctx.db, code, 0, perSection)
    sections.push({ code, label: sectionLabel(code), items: rows.map(presentPublicSummary) })
  }
  return { sections }
}

/** One published article with its body as HTML; 404 for drafts and articles taken off. */
export async function publicContentItem(ctx: Pick<Ctx, 'db'>, id: string): Promise<PublicContentJson> {
  const row = await repo.publishedItem(ctx.db, id)
  if (!row) throw contentError('content.not_found', { id })
  return presentPublicItem(row)
}
