// Grade publication (评价结果公开): one versioned policy naming the grading models whose grades the public entity
// file shows. Off by default: the shipped version lists no model, and with no version at all nothing is public.
import { readFileSync } from 'node:fs'
import { type Actor, systemActor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { propertyChanges } from '../../core/diff.js'
import type { PolicyVersionInfo } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { dataFilePath } from '../../identifiers/index.js'
import { policyService } from '../policies/index.js'
import { gradingError } from './grading.errors.js'
import { gradingPolicy } from './grading.policy.js'

export interface GradePublication {
  /** Codes of the models whose grades the public entity file shows (empty: none). */
  models: string[]
  /** Why they are published (legal or policy basis). */
  basis: string[]
}

export interface GradePublicationVersion extends PolicyVersionInfo {
  publication: GradePublication
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()) : []

export function normalisePublication(input: Record<string, unknown>): GradePublication {
  return { models: strings(input.models), basis: strings(input.basis).filter(Boolean) }
}

/** Every problem in Chinese: models must be known grading models, each once; publishing needs a basis. */
export function checkPublication(def: GradePublication, known: ReadonlySet<string>, extra: string[] = []): string[] {
  const p: string[] = []
  for (const k of extra) p.push(`未知属性「${k}」：只能填写 models（公开评价结果的模型）和 basis（公开依据）`)
  const seen = new Set<string>()
  for (const m of def.models) {
    if (!known.has(m)) p.push(`models 中的「${m}」不是已有的评价模型代码`)
    else if (seen.has(m)) p.push(`models 中的「${m}」重复`)
    seen.add(m)
  }
  if (def.models.length > 0 && def.basis.length === 0) p.push('公开评价结果须填写 basis（公开依据）至少一项')
  if (def.basis.some((b) => [...b].length < 4)) p.push('basis（公开依据）每项至少 4 个字')
  return p
}

const KNOWN = new Set(['models', 'basis'])

export const publicationPolicy = policyService<GradePublication, null>({
  table: 'grade_publication_versions',
  key: null,
  keyInDefinition: false,
  storesVersion: false,
  served: { as: 'info', field: 'publication' },
  versionsWithDefinition: true,
  reason: { required: true },
  unchanged: 'error',
  labels: {
    notObject: '公开政策应为 JSON 对象',
    defaults: { first: '默认评价结果公开政策（不公开）', update: '默认评价结果公开政策更新' },
  },
  normalise: (input) => ({
    ...normalisePublication(input),
    ...Object.fromEntries(
      Object.keys(input)
        .filter((k) => !KNOWN.has(k) && k !== 'version')
        .map((k) => [k, input[k]]),
    ),
  }),
  check: async (def, db) =>
    checkPublication(
      def,
      new Set((await gradingPolicy.current(db)).map((r) => r.def.code)),
      Object.keys(def).filter((k) => !KNOWN.has(k)),
    ),
  canonical: (def) => ({ models: [...def.models].sort(), basis: def.basis }),
  diff: (a, b) => ({ from: a.version, to: b.version, changes: propertyChanges(a as never, b as never, ['version']) }),
  errors: {
    notFound: (_key, version) =>
      gradingError('grading.publication_not_found', version === undefined ? {} : { version }),
    versionNotFound: (_key, version, latest) => gradingError('grading.publication_not_found', { version, latest }),
    invalid: (_key, problems) => gradingError('grading.publication_invalid', { problems }),
    reasonRequired: () => gradingError('grading.reason_required'),
    unchanged: () => gradingError('grading.publication_unchanged'),
    conflict: (_key, current, base) => gradingError('grading.publication_conflict', { current, base }),
    race: (_key, base, cause) => gradingError('grading.publication_conflict', { base }, { cause }),
  },
  audit: {
    edited: ({ version, stored, previous, reason }) => ({
      action: 'grading.publication_updated',
      targetType: 'grade_publication',
      targetId: String(version),
      details: {
        version,
        previous: previous?.version ?? null,
        reason,
        models: stored.models,
        before: previous?.models ?? [],
      },
    }),
    defaultsLoaded: (r) => {
      const { outcome, version } = r.plans[0] ?? { outcome: 'unchanged', version: 0 }
      return {
        action: 'grading.publication_defaults_loaded',
        targetType: 'grade_publication',
        targetId: String(version),
        details: { version, outcome },
      }
    },
  },
})

export function defaultPublicationFile(): string {
  return dataFilePath('grade-publication/publication.json')
}

export function readDefaultPublication(file = defaultPublicationFile()): GradePublication {
  let raw: { publication?: unknown }
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as { publication?: unknown }
  } catch (e) {
    throw gradingError('grading.defaults_unreadable', { path: file, reason: (e as Error).message })
  }
  const given = raw?.publication
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw gradingError('grading.publication_invalid', { problems: ['文件应为 {"publication": {...}}'] })
  return normalisePublication(given as Record<string, unknown>)
}

/** Loads data/grade-publication/publication.json (migrate and start); an operator's version is never replaced. */
export async function loadDefaultPublication(ctx: Ctx, options: { path?: string; actor?: Actor } = {}) {
  const { plans } = await publicationPolicy.loadDefaults(ctx, options.actor ?? systemActor('migrate'), async () => [
    [null, readDefaultPublication(options.path)] as const,
  ])
  return plans[0]
}

/** The models whose grades are public now (none when no version is stored). */
export async function publishedModels(db: Db): Promise<string[]> {
  const def = await publicationPolicy.find(db, null)
  return def ? [...def.models] : []
}

/** The current version number of the publication policy (0: none stored). */
export async function publicationVersion(db: Db): Promise<number> {
  return (await publicationPolicy.find(db, null))?.version ?? 0
}

export async function getPublication(db: Db, version?: number): Promise<GradePublicationVersion> {
  return (await publicationPolicy.get(db, null, version)) as unknown as GradePublicationVersion
}

export async function updatePublication(
  ctx: Ctx,
  actor: Actor,
  input: unknown,
  reason: string,
  options: { baseVersion?: number | undefined } = {},
): Promise<GradePublicationVersion> {
  const { version } = await publicationPolicy.edit(ctx, actor, null, input, reason, options)
  return getPublication(ctx.db, version)
}
