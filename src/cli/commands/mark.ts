import type { Command } from 'commander'
import { closeMark, markHistory, openMark } from '../../flows/record-marks/index.js'
import { markEvents, presentMark } from '../../modules/marks/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

const KIND_HELP = '标注类型（默认 under_objection：异议处理中）'

function reasonOf(opts: { reason?: string }): string {
  const r = opts.reason?.trim() ?? ''
  if ([...r].length < 2) throw new UsageError('须用 --reason 说明原因（至少 2 个字）')
  return r
}

/** `gongxin mark open|close|list RECORD_ID`: the 「异议处理中」 mark on a record, with its history. */
export function registerMarkCommands(program: Command, io: CliIo): void {
  const mark = program.command('mark').description('信用记录标注（异议处理中），含历史')

  mark
    .command('open <recordId>')
    .description('给一条记录加上「异议处理中」标注（记入审计）')
    .option('--reason <text>', '原因（必填，记入标注历史和审计）')
    .option('--kind <kind>', KIND_HELP, 'under_objection')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出标注')
    .action(async (recordId: string, opts: { reason?: string; kind: string; json?: boolean }, cmd: Command) => {
      const reason = reasonOf(opts)
      const m = await withContext(io, cmd, (ctx) => openMark(ctx, cliActor(), recordId, { kind: opts.kind, reason }))
      if (opts.json) return writeJson(io, presentMark(m))
      io.out.write(`已添加「异议处理中」标注：记录 ${recordId}（标注 ${m.id}，${m.opened_at}）。\n`)
    })

  mark
    .command('close <recordId>')
    .description('解除一条记录的「异议处理中」标注（记入审计）')
    .option('--reason <text>', '原因（必填，例如异议处理结果）')
    .option('--kind <kind>', KIND_HELP, 'under_objection')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出标注')
    .action(async (recordId: string, opts: { reason?: string; kind: string; json?: boolean }, cmd: Command) => {
      const reason = reasonOf(opts)
      const m = await withContext(io, cmd, (ctx) => closeMark(ctx, cliActor(), recordId, { kind: opts.kind, reason }))
      if (opts.json) return writeJson(io, presentMark(m))
      io.out.write(`已解除「异议处理中」标注：记录 ${recordId}（标注 ${m.id}，${m.closed_at}）。\n`)
    })

  mark
    .command('list <recordId>')
    .description('查看一条记录的标注历史（添加、解除，操作人、时间、原因）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (recordId: string, opts: { json?: boolean }, cmd: Command) => {
      const marks = await withContext(io, cmd, (ctx) => markHistory(ctx.db, recordId))
      if (opts.json) return writeJson(io, { recordId, marks: marks.map(presentMark), events: markEvents(marks) })
      if (marks.length === 0) {
        io.out.write(`记录 ${recordId} 没有标注。\n`)
        return
      }
      io.out.write(
        formatTable(
          ['时间', '操作', '类型', '操作人', '原因'],
          markEvents(marks).map((e) => [
            e.at,
            e.event === 'open' ? '添加' : '解除',
            e.kind === 'under_objection' ? '异议处理中' : e.kind,
            e.by,
            e.reason,
          ]),
        ),
      )
    })
}
