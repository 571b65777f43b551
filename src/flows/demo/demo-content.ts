// The demo city's portal content (门户内容): a few articles in each section (政策法规, 新闻动态, 典型案例, 通知公告),
// published on days before the day the demo is built, one of them edited after publishing (two versions), a draft and
// an article taken down, through the content module's own commands (versions, history and audit as in use). The
// articles are in data/demo/content.json.
import { readFileSync } from 'node:fs'
import { civilDate, fixedClock } from '../../core/clock.js'
import { dataFilePath } from '../../identifiers/index.js'
import {
  type ContentSection,
  createContent,
  editContent,
  publishContent,
  unpublishContent,
} from '../../modules/content/index.js'
import type { DemoStep } from './demo.types.js'

interface DemoArticle {
  section: ContentSection
  daysAgo: number
  status?: 'draft' | 'unpublished'
  unpublishReason?: string
  title: string
  source?: string
  summary?: string
  body: string
}

interface DemoEdit {
  title: string
  daysAgo: number
  note: string
  body: string
}

const DAY = 86_400_000

/** 10:00 in Shanghai, `daysAgo` days before the civil day of `now` (never after `now`). */
function at(now: Date, daysAgo: number, minutes = 0): Date {
  const day = civilDate(new Date(now.getTime() - daysAgo * DAY))
  const t = new Date(`${day}T10:00:00+08:00`).getTime() + minutes * 60_000
  return new Date(Math.min(t, now.getTime()))
}

/** Pipeline step `content`: see the file comment. */
export const contentStep: DemoStep = {
  name: 'content',
  async run(ctx, state) {
    const file = JSON.parse(readFileSync(dataFilePath('demo/content.json'), 'utf8')) as {
      items: DemoArticle[]
      edits: DemoEdit[]
    }
    const now = ctx.clock.now()
    const ids = new Map<string, string>()
    let done = 0
    const total = file.items.length + file.edits.length
    for (const a of [...file.items].sort((x, y) => y.daysAgo - x.daysAgo)) {
      const c = { ...ctx, clock: fixedClock(at(now, a.daysAgo)) }
      const created = await createContent(c, state.actor, {
        section: a.section,
        title: a.title,
        summary: a.summary ?? null,
        source: a.source ?? null,
        body: a.body,
      })
      ids.set(a.title, created.id)
      if (a.status !== 'draft') await publishContent(c, state.actor, created.id, { version: 1 })
      if (a.status === 'unpublished')
        await unpublishContent(
          { ...ctx, clock: fixedClock(at(now, Math.max(0, a.daysAgo - 7))) },
          state.actor,
          created.id,
          { reason: a.unpublishReason ?? '内容已过时' },
        )
      state.progress('content', ++done, total)
    }
    for (const e of file.edits) {
      const id = ids.get(e.title)
      if (!id) throw new Error(`demo content: no article titled ${e.title}`)
      const a = file.items.find((x) => x.title === e.title) as DemoArticle
      const c = { ...ctx, clock: fixedClock(at(now, e.daysAgo, 30)) }
      const edited = await editContent(c, state.actor, id, {
        version: 1,
        title: a.title,
        summary: a.summary ?? null,
        source: a.source ?? null,
        body: e.body,
        note: e.note,
      })
      await publishContent(c, state.actor, id, { version: edited.version })
      state.progress('content', ++done, total)
    }
  },
}
