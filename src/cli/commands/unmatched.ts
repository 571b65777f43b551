import type { Command } from 'commander'
import { type DecisionResult, matchEntry, registerEntry } from '../../flows/unmatched/index.js'
import { ENTITY_KINDS, type EntityKind } from '../../modules/entities/index.js'
import {
  ENTRY_STATUS_LABELS,
  ENTRY_STATUSES,
  type EntryJson,
  getEntry,
  listEntries,
} from '../../modules/unmatched/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

/** `gongxin unmatched list|show|match|register`: the queue of unmatched subjects (待匹配主体). */
export function registerUnmatchedCommands(program: Command, io: CliIo): void {
  const unmatched = program
    .command('unmatched')
    .description('待匹配主体：归集时无法确定行政相对人的行，匹配或登记主体后代报送单位重新归集')

  unmatched
    .command('list')
    .description('列出待匹配主体（默认只列待匹配的），附按代码和名称找到的候选主体')
    .option('--status <status>', `状态：${[...ENTRY_STATUSES, 'all'].join('/')}`, 'open')
    .option('--dept <code>', '只列该部门报送的行')
    .option('--class <code>', '只列该类别的行')
    .option('--q <text>', '名称或统一社会信用代码包含的文字')
    .option('--page <n>', '页码', '1')
    .option('--page-size <n>', '每页条数（最多 100）', '20')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(
      async (
        opts: {
          status: string
          dept?: string
          class?: string
          q?: string
          page: string
          pageSize: string
          json?: boolean
        },
        cmd: Command,
      ) => {
        if (opts.status !== 'all' && !(ENTRY_STATUSES as readonly string[]).includes(opts.status))
          throw new UsageError(`--status 应为 ${[...ENTRY_STATUSES, 'all'].join('、')} 之一`)
        const page = positive(opts.page, '--page', 10_000)
        const pageSize = positive(opts.pageSize, '--page-size', 100)
        const r = await withContext(io, cmd, (ctx) =>
          listEntries(
            ctx.db,
            {
              status: opts.status === 'all' ? undefined : opts.status,
              dept: opts.dept,
              classCode: opts.class,
              q: opts.q,
            },
            page,
            pageSize,
          ),
        )
        if (opts.json) return writeJson(io, r)
        if (!r.items.length) {
          io.out.write('没有符合条件的待匹配主体。\n')
          return
        }
        io.out.write(
          formatTable(
            ['编号', '状态', '行政相对人', '统一社会信用代码', '待归集行', '批次', '报送部门', '候选主体'],
            r.items.map((e) => [
              e.id,
              ENTRY_STATUS_LABELS[e.status],
              e.subject.name ?? '',
              e.subject.uscc ?? '',
              String(e.rows.pending),
              String(e.rows.batches),
              e.rows.depts.join('、'),
              candidatesText(e),
            ]),
          ),
        )
        io.out.write(
          `共 ${r.total} 项，第 ${r.page} 页。用 gongxin unmatched show <编号> 查看原因、各行和全部候选主体。\n`,
        )
      },
    )

  unmatched
    .command('show <id>')
    .description('查看一个待匹配主体：原因、各行（批次、行号、文书号）和全部候选主体（代码、名称、名称片段）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      const e = await withContext(io, cmd, (ctx) => getEntry(ctx.db, id))
      if (opts.json) return writeJson(io, e)
      io.out.write(
        `${e.subject.name ?? '（无名称）'}${e.subject.uscc ? ` ${e.subject.uscc}` : ''}（${ENTRY_STATUS_LABELS[e.status]}）\n` +
          `原因：${e.message}\n`,
      )
      if (e.entity) io.out.write(`已归入主体：${e.entity.name}（${e.entity.id}）\n`)
      io.out.write(
        formatTable(
          ['批次', '行号', '部门', '类别', '文书号', '决定日期', '状态', '记录'],
          e.items.map((i) => [
            i.batchId,
            String(i.rowNo),
            i.dept,
            i.class,
            i.documentNo ?? '',
            i.decidedOn ?? '',
            `${ROW_STATUS_TEXT[i.status] ?? i.status}${i.outcome ? `（${i.outcome}）` : ''}`,
            i.recordId ?? '',
          ]),
        ),
      )
      if (e.candidates.length)
        io.out.write(
          `候选主体：\n${formatTable(
            ['主体编号', '名称', '统一社会信用代码', '区县', '依据'],
            e.candidates.map((c) => [
              c.entityId,
              c.name,
              c.uscc ?? '',
              c.districtName ?? c.district ?? '',
              c.matchedBy.join('、'),
            ]),
          )}`,
        )
      else if (e.status === 'open') io.out.write('没有候选主体：可登记为新主体（gongxin unmatched register）。\n')
    })

  unmatched
    .command('match <id> <entityId>')
    .description('匹配到已登记的主体：该主体的各行代报送单位重新归集（一次完成，记入审计）')
    .option('--reason <text>', '核实情况（记入审计）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (id: string, entityId: string, opts: { reason?: string; json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) => matchEntry(ctx, cliActor(), id, entityId, opts.reason))
      if (opts.json) return writeJson(io, r)
      io.out.write(decisionText('已匹配到', r))
    })

  unmatched
    .command('register <id>')
    .description('按报送的行政相对人信息登记为新主体，各行代报送单位重新归集（一次完成，记入审计）')
    .option('--kind <kind>', `主体类别（${ENTITY_KINDS.filter((k) => k !== 'natural_person').join('/')}）`)
    .option('--name <name>', '主体名称（默认：报送的名称）')
    .option('--district <code>', '所属区县（6 位行政区划代码）')
    .option('--legal-rep <name>', '法定代表人')
    .option('--reason <text>', '核实情况（记入审计）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(
      async (
        id: string,
        opts: { kind?: string; name?: string; district?: string; legalRep?: string; reason?: string; json?: boolean },
        cmd: Command,
      ) => {
        if (opts.kind && (opts.kind === 'natural_person' || !(ENTITY_KINDS as readonly string[]).includes(opts.kind)))
          throw new UsageError(`--kind 应为 ${ENTITY_KINDS.filter((k) => k !== 'natural_person').join('、')} 之一`)
        if (opts.district && !/^\d{6}$/.test(opts.district)) throw new UsageError('--district 应为 6 位行政区划代码')
        const r = await withContext(io, cmd, (ctx) =>
          registerEntry(ctx, cliActor(), id, {
            ...(opts.kind ? { kind: opts.kind as EntityKind } : {}),
            ...(opts.name ? { name: opts.name } : {}),
            ...(opts.district ? { district: opts.district } : {}),
            ...(opts.legalRep ? { legalRep: opts.legalRep } : {}),
            ...(opts.reason ? { reason: opts.reason } : {}),
          }),
        )
        if (opts.json) return writeJson(io, r)
        io.out.write(decisionText('已登记为新主体', r))
      },
    )
}

const ROW_STATUS_TEXT: Record<string, string> = {
  pending: '待归集',
  released: '已归集',
  resubmitted: '报送单位已重报',
  withdrawn: '批次已撤销',
}

function positive(v: string, flag: string, max: number): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} 应为 1 到 ${max} 的整数`)
  return n
}

function candidatesText(e: EntryJson): string {
  return e.candidates.map((c) => `${c.name}${c.uscc ? ` ${c.uscc}` : ''}`).join('；')
}

function decisionText(verb: string, r: DecisionResult): string {
  const e = r.entry.entity
  return (
    `${verb}「${e?.name ?? ''}」（${e?.id ?? ''}）：重新归集 ${r.released} 行，新增记录 ${r.added} 条，更正 ${r.corrected} 条，` +
    `撤销 ${r.revoked} 条，重复 ${r.duplicates} 行，拒收 ${r.rejected} 行。\n` +
    (r.leftCodes.length
      ? `未登记的代码（已属于其他主体）：${r.leftCodes.map((c) => `${c.value}（${c.entityId}）`).join('、')}\n`
      : '')
  )
}
