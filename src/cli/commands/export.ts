import type { Command } from 'commander'
import { civilDate } from '../../core/clock.js'
import { exportShuanggongshi } from '../../flows/federation/index.js'
import { parseCivilDateDetailed } from '../../modules/ingest/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP } from './dept.js'

function dateOption(name: string, v: string): string {
  const r = parseCivilDateDetailed(v)
  if (typeof r !== 'string') throw new UsageError(`${name} ${v} 不是有效日期（YYYY-MM-DD）`)
  return r
}

export function registerExportCommands(program: Command, io: CliIo): void {
  const exp = program.command('export').description('按国家格式导出（供上报全国信用信息共享平台）')
  exp
    .command('shuanggongshi')
    .description(
      '导出本平台「双公示」行政许可（XK_）、行政处罚（CF_）记录：每类一个 CSV 和一个 XLSX，表头为国家字段代码',
    )
    .requiredOption('--from <date>', '起始日期（含），按记录入库或最近更正的日期（北京时间）')
    .option('--to <date>', '截止日期（含，默认今天）')
    .requiredOption('--out <dir>', '输出目录（不存在时创建）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出文件清单')
    .action(async (opts: { from: string; to?: string; out: string; json?: boolean }, cmd: Command) => {
      const from = dateOption('--from', opts.from)
      const to = opts.to === undefined ? undefined : dateOption('--to', opts.to)
      const files = await withContext(io, cmd, (ctx) =>
        exportShuanggongshi(ctx, { from, to: to ?? civilDate(ctx.clock.now()), outDir: opts.out }),
      )
      if (opts.json) return writeJson(io, files)
      for (const f of files) io.out.write(`${f.classCode}：${f.rows} 条 → ${f.csv}、${f.xlsx}\n`)
    })
}
