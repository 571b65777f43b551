// `gongxin search reindex` (rebuild the entity search index) and `gongxin search query` (the search as the
// operator sees it: organisations only, no natural persons).
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { runCommand } from '../../core/command.js'
import { recordAudit } from '../../modules/audit/index.js'
import { countEntities, rebuildSearchIndex } from '../../modules/entities/index.js'
import { LIST_FLAGS, type ListFlag, type SearchFilters, searchEntities } from '../../modules/search/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

interface QueryOptions {
  district?: string
  kind?: string
  industry?: string
  negative?: boolean
  notNegative?: boolean
  list?: string
  page?: string
  pageSize?: string
  json?: boolean
}

const MATCH_LABELS: Record<string, string> = {
  uscc: '统一社会信用代码',
  reg_no: '工商注册号',
  org_code: '组织机构代码',
  exact: '名称完全相同',
  prefix: '名称开头',
  substring: '名称包含',
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${option} 应为正整数（收到「${value}」）`)
  return Number(value.trim())
}

export function registerSearchCommands(program: Command, io: CliIo): void {
  const search = program.command('search').description('主体搜索：重建索引、按名称或代码查询')

  search
    .command('reindex')
    .description('由主体表重建搜索索引（全部现用名和曾用名）；重建期间搜索结果不完整')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '输出一行 JSON：{"entities","names","seconds"}')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const summary = await withContext(io, cmd, async (ctx) => {
        const total = await countEntities(ctx.db)
        const tty = (io.err as NodeJS.WriteStream).isTTY === true
        const bar = tty
          ? new cliProgress.SingleBar(
              {
                stream: io.err,
                format: '重建搜索索引 [{bar}] {percentage}% | {value}/{total}',
                hideCursor: true,
                clearOnComplete: true,
                fps: 5,
              },
              cliProgress.Presets.shades_classic,
            )
          : null
        bar?.start(total, 0)
        try {
          const s = await rebuildSearchIndex(ctx, { onProgress: (p) => bar?.update(p.done) })
          await runCommand(ctx, cliActor(), ({ trx, actor }) =>
            recordAudit(trx, ctx.clock, actor, {
              action: 'search.reindex',
              targetType: 'search_index',
              targetId: null,
              details: { ...s },
            }),
          )
          return s
        } finally {
          bar?.stop()
        }
      })
      if (opts.json) writeJson(io, summary)
      else
        io.out.write(
          `搜索索引已重建：主体 ${summary.entities.toLocaleString('zh-CN')} 个，名称 ${summary.names.toLocaleString('zh-CN')} 个（含曾用名），用时 ${summary.seconds} 秒。\n`,
        )
    })

  search
    .command('query <q>')
    .description(
      '按名称片段（至少两个字，含曾用名，不区分全半角和括号）或统一社会信用代码、工商注册号、组织机构代码查询主体',
    )
    .option('--district <code>', '所属区县（6 位行政区划代码）')
    .option('--kind <kind>', '主体类别，如 legal_person、individual_business')
    .option('--industry <letter>', '行业门类（A-T）')
    .option('--negative', '只看有公开失信（负面）记录的主体')
    .option('--not-negative', '只看没有公开失信（负面）记录的主体')
    .option('--list <list>', `只看在名单上的主体：${LIST_FLAGS.join(' / ')}`)
    .option('--page <n>', '页码，从 1 开始')
    .option('--page-size <n>', '每页条数（默认 20，最多 50）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '输出一行 JSON：{"total","totalCapped","page","pageSize","mode","items":[...]}')
    .action(async (q: string, opts: QueryOptions, cmd: Command) => {
      if (opts.negative && opts.notNegative) throw new UsageError('--negative 与 --not-negative 不能同时使用')
      const filters: SearchFilters = {}
      if (opts.district !== undefined) filters.district = opts.district
      if (opts.kind !== undefined) filters.kind = opts.kind as SearchFilters['kind']
      if (opts.industry !== undefined) filters.industry = opts.industry
      if (opts.negative || opts.notNegative || opts.list) {
        filters.flags = {}
        if (opts.negative) filters.flags.negative = true
        if (opts.notNegative) filters.flags.negative = false
        if (opts.list) filters.flags.list = opts.list as ListFlag
      }
      const page = positiveInt(opts.page, '--page')
      const pageSize = positiveInt(opts.pageSize, '--page-size')
      const r = await withContext(io, cmd, (ctx) =>
        searchEntities(
          ctx.db,
          q,
          { ...filters, now: ctx.clock.now() },
          { ...(page ? { page } : {}), ...(pageSize ? { pageSize } : {}) },
        ),
      )
      if (opts.json) {
        writeJson(io, r)
        return
      }
      if (r.items.length === 0) {
        io.out.write(r.total > 0 ? `共 ${r.total} 个结果，本页没有结果。\n` : '没有找到匹配的主体。\n')
        return
      }
      io.out.write(
        formatTable(
          ['名称', '统一社会信用代码', '类别', '区县', '匹配', '匹配的曾用名'],
          r.items.map((i) => [i.name, i.uscc, i.kind, i.district, MATCH_LABELS[i.match] ?? i.match, i.matchedName]),
        ),
      )
      const shown = `第 ${r.page} 页，每页 ${r.pageSize} 条`
      io.out.write(
        `\n共 ${r.totalCapped ? `超过 ${r.total.toLocaleString('zh-CN')}` : r.total.toLocaleString('zh-CN')} 个结果（${shown}）。\n`,
      )
    })
}
