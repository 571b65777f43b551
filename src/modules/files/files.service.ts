// Evidence files: stored once per content, owned by who uploaded them, attached to cases by the case modules, and
// read by the uploader or by whoever handles a case they are attached to (docs/files.md).
import { createHash, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { newId } from '../../core/ids.js'
import { sealedTextsColumn, sealPersonalText } from '../../identifiers/index.js'
import { accessError, can, type Principal } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import { cleanFileName, detectType } from './files.content.js'
import { filesError } from './files.errors.js'
import {
  type FileJson,
  type UploadedFileJson,
  type AttachedFileJson,
  presentAttachedFile,
  presentFile,
} from './files.presenter.js'
import {
  anonymousTokenSeen,
  attachedFileIds,
  attachmentsOfFile,
  deleteFiles,
  deleteOrphanBlobs,
  type FileRow,
  filesOfCase,
  findFile,
  findFiles,
  insertAttachments,
  insertBlobIfMissing,
  insertFile,
  readBlob,
  staleAnonymousFiles,
} from './files.repository.js'

/** A case a file is attached to: its kind as its module names it (`objection`, `repair`, `tip` ...) and its id. */
export interface CaseRef {
  kind: string
  id: string
}

/**
 * Whether the principal handles the case (may read its evidence). Each case module supplies one for its kind; the
 * composition root (src/http/app.ts) hands them to the files routes.
 */
export type CaseAccess = (ctx: Ctx, principal: Principal, caseId: string) => Promise<boolean>
export type CaseAccessMap = Readonly<Record<string, CaseAccess>>

/** An anonymous upload can be attached (by its upload token) this long after its token was first issued. */
export const ANONYMOUS_ATTACH_HOURS = 24
/** The most files one call attaches. */
export const MAX_ATTACH = 20
/** Reads files attached to cases of a kind for which no case module decides who handles them (operators). */
export const READ_ANY_PERMISSION = 'file.read_any'

const TOKEN_RE = /^gxu_[A-Za-z0-9_-]{43}$/
const KIND_RE = /^[a-z][a-z0-9_]{1,31}$/

const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex')

function checkCase(target: CaseRef): void {
  if (!KIND_RE.test(target.kind) || typeof target.id !== 'string' || target.id === '' || target.id.length > 64)
    throw new Error(`attachFiles: invalid case reference ${JSON.stringify(target)}`)
}

function sinceAnonymous(now: Date): string {
  return new Date(now.getTime() - ANONYMOUS_ATTACH_HOURS * 3_600_000).toISOString()
}

/**
 * Stores a file (one command): its type from its content (PDF, JPEG, PNG; else 415 files.bad_type), at most
 * `fileMaxBytes` (413 files.too_large), the content once per SHA-256, a row of its own with the cleaned name (ID
 * numbers masked, the clear name sealed), audited. An anonymous caller (actor kind `public`) owns the file through an
 * upload token: the one given (an earlier anonymous upload under it within ANONYMOUS_ATTACH_HOURS; else 400
 * files.bad_upload_token) or a new one, returned once.
 */
export async function storeFile(
  ctx: Ctx,
  actor: Actor,
  input: { name: string; bytes: Uint8Array; uploadToken?: string | undefined },
): Promise<UploadedFileJson> {
  const { bytes } = input
  const limitBytes = ctx.config.fileMaxBytes
  if (bytes.length > limitBytes) throw filesError('files.too_large', { limitBytes, size: bytes.length })
  const type = await detectType(bytes)
  const today = civilDate(ctx.clock.now())
  if (!type.ok) {
    const name = String(input.name ?? '').slice(0, 200)
    throw filesError('files.bad_type', { name, detected: type.detected, allowed: ['PDF', 'JPEG', 'PNG'] })
  }
  const sha256 = sha256Hex(bytes)
  const { values, sealed } = sealPersonalText(ctx.keys, { name: cleanFileName(input.name ?? '', type.mime) }, { today })
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    let uploaderId = actor.id ?? ''
    let issued: string | undefined
    if (actor.kind === 'public') {
      const given = input.uploadToken?.trim()
      if (given) {
        if (!TOKEN_RE.test(given) || !(await anonymousTokenSeen(trx, sha256Hex(given), sinceAnonymous(now))))
          throw filesError('files.bad_upload_token')
        issued = given
      } else issued = `gxu_${randomBytes(32).toString('base64url')}`
      uploaderId = sha256Hex(issued)
    }
    const at = now.toISOString()
    await insertBlobIfMissing(trx, {
      sha256,
      size: bytes.length,
      content: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes),
      created_at: at,
    })
    const row: FileRow = {
      id: newId(),
      sha256,
      name: values.name,
      sealed: sealedTextsColumn(sealed),
      mime: type.mime,
      size: bytes.length,
      uploader_kind: actor.kind,
      uploader_id: uploaderId,
      request_id: actor.requestId ?? null,
      created_at: at,
    }
    await insertFile(trx, row)
    await recordAudit(trx, clock, actor, {
      action: 'file.upload',
      targetType: 'file',
      targetId: row.id,
      details: { name: row.name, mime: row.mime, size: row.size, sha256 },
    })
    return { ...presentFile(row), ...(issued ? { uploadToken: issued } : {}) }
  })
}

/**
 * Stores the file of a multipart upload (the temporary file `receiveUpload` wrote); no file: 400 files.missing.
 */
export async function storeUploadedFile(
  ctx: Ctx,
  actor: Actor,
  file: { path: string; fileName: string } | null,
  uploadToken?: string | undefined,
): Promise<UploadedFileJson> {
  if (!file) throw filesError('files.missing')
  return storeFile(ctx, actor, { name: file.fileName, bytes: await readFile(file.path), uploadToken })
}

/**
 * Attaches files to a case, one step of the caller's command (runCommand joins the caller's transaction): every file
 * must exist and be the actor's own upload - the same user, API key or system actor; for an anonymous actor, a file
 * uploaded under `options.uploadToken` within ANONYMOUS_ATTACH_HOURS and attached nowhere yet. Anything else is 422
 * files.not_attachable naming the file (a file of someone else and no file at all are the same answer). No operator
 * attaches another's upload: at the window (窗口代录) the operator uploads the papers and is their uploader. A file
 * already attached to the case stays attached once. Audited (`file.attach` on the case). Returns the files in the
 * order given (each once).
 */
export async function attachFiles(
  ctx: Ctx,
  actor: Actor,
  fileIds: readonly string[],
  target: CaseRef,
  options: { uploadToken?: string | undefined } = {},
): Promise<FileJson[]> {
  checkCase(target)
  const ids = [...new Set(fileIds.map((id) => String(id)))]
  if (ids.length > MAX_ATTACH) throw filesError('files.too_many', { max: MAX_ATTACH, count: ids.length })
  if (ids.length === 0) return []
  return runCommand(ctx, actor, async ({ trx, clock, now }) => {
    const rows = new Map((await findFiles(trx, ids)).map((r) => [r.id, r]))
    const anonymous = actor.kind === 'public'
    const token = options.uploadToken?.trim() ?? ''
    const tokenHash = anonymous && TOKEN_RE.test(token) ? sha256Hex(token) : null
    const since = sinceAnonymous(now)
    const attached = anonymous ? await attachedFileIds(trx, ids) : new Set<string>()
    for (const id of ids) {
      const f = rows.get(id)
      const own =
        f !== undefined &&
        f.uploader_kind === actor.kind &&
        (anonymous
          ? tokenHash !== null && f.uploader_id === tokenHash && f.created_at >= since && !attached.has(id)
          : actor.id !== null && f.uploader_id === actor.id)
      if (!own) throw filesError('files.not_attachable', { id, field: 'evidence' })
    }
    const at = now.toISOString()
    await insertAttachments(
      trx,
      ids.map((id) => ({
        file_id: id,
        case_kind: target.kind,
        case_id: target.id,
        attached_at: at,
        attached_by_kind: actor.kind,
        attached_by: actor.id,
      })),
    )
    await recordAudit(trx, clock, actor, {
      action: 'file.attach',
      targetType: target.kind,
      targetId: target.id,
      details: { files: ids },
    })
    return ids.map((id) => presentFile(rows.get(id) as FileRow))
  })
}

/** The files attached to a case, in the order they were attached. */
export async function filesOf(ctx: Pick<Ctx, 'db'>, target: CaseRef): Promise<AttachedFileJson[]> {
  checkCase(target)
  return (await filesOfCase(ctx.db, target.kind, target.id)).map(presentAttachedFile)
}

function isUploader(file: FileRow, principal: Principal): boolean {
  return (
    principal.kind !== 'public' &&
    principal.id !== null &&
    file.uploader_kind === principal.kind &&
    file.uploader_id === principal.id
  )
}

/**
 * The file if the principal may read it, else 404 files.not_found (never 403: whether it exists is not told). Anonymous
 * callers: 401. The uploader reads it; anyone else only through a case it is attached to: the case kind's resolver
 * decides; a kind without a resolver is read with the permission file.read_any. Every read by someone other than the
 * uploader is audited (`file.read`, with the case that allowed it).
 */
async function readable(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  access: CaseAccessMap,
  part: 'meta' | 'content',
): Promise<FileRow> {
  if (principal.kind === 'public') throw accessError('access.unauthenticated', { permission: 'file' })
  const file = await findFile(ctx.db, id)
  if (!file) throw filesError('files.not_found', { id })
  if (isUploader(file, principal)) return file
  for (const a of await attachmentsOfFile(ctx.db, id)) {
    const resolver = Object.hasOwn(access, a.case_kind) ? access[a.case_kind] : undefined
    const allowed = resolver ? await resolver(ctx, principal, a.case_id) : can(principal, READ_ANY_PERMISSION)
    if (!allowed) continue
    await runCommand(ctx, actor, ({ trx, clock }) =>
      recordAudit(trx, clock, actor, {
        action: 'file.read',
        targetType: 'file',
        targetId: file.id,
        details: {
          part,
          caseKind: a.case_kind,
          caseId: a.case_id,
          via: resolver ? 'case' : READ_ANY_PERMISSION,
          sha256: file.sha256,
        },
      }),
    )
    return file
  }
  throw filesError('files.not_found', { id })
}

/** A file's description, for who may read it (see `readable`). */
export async function fileMeta(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  access: CaseAccessMap = {},
): Promise<FileJson> {
  return presentFile(await readable(ctx, principal, actor, id, access, 'meta'))
}

/** A file's content with its description, for who may read it (see `readable`). */
export async function fileContent(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  access: CaseAccessMap = {},
): Promise<{ file: FileJson; content: Buffer }> {
  const file = await readable(ctx, principal, actor, id, access, 'content')
  const content = await readBlob(ctx.db, file.sha256)
  if (!content) throw filesError('files.not_found', { id })
  return { file: presentFile(file), content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) }
}

/** Files deleted per transaction by purgeStaleFiles. */
const PURGE_PAGE = 500

/**
 * Deletes the anonymous uploads that were never attached to a case and can no longer be (older than
 * ANONYMOUS_ATTACH_HOURS), and the contents no other file shares; a page of files per command, each audited
 * (`file.purge`). Signed-in users' uploads are kept (their uploader may still attach them). Returns the counts.
 */
export async function purgeStaleFiles(
  ctx: Ctx,
  actor: Actor,
): Promise<{ files: number; blobs: number; bytes: number }> {
  const total = { files: 0, blobs: 0, bytes: 0 }
  for (;;) {
    const page = await runCommand(ctx, actor, async ({ trx, clock, now }) => {
      const stale = await staleAnonymousFiles(trx, sinceAnonymous(now), PURGE_PAGE)
      if (stale.length === 0) return null
      await deleteFiles(
        trx,
        stale.map((f) => f.id),
      )
      const blobs = await deleteOrphanBlobs(trx, [...new Set(stale.map((f) => f.sha256))])
      const bytes = stale.reduce((n, f) => n + Number(f.size), 0)
      await recordAudit(trx, clock, actor, {
        action: 'file.purge',
        targetType: 'file',
        details: { files: stale.map((f) => f.id), blobs, bytes },
      })
      return { files: stale.length, blobs, bytes }
    })
    if (!page) return total
    total.files += page.files
    total.blobs += page.blobs
    total.bytes += page.bytes
    if (page.files < PURGE_PAGE) return total
  }
}
