import type { Command } from 'commander'
import { getCalendarYear, importCalendarFile, weekday } from '../../modules/calendar/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

export function registerCalendarCommands(program: Command, io: CliIo): void {
  const calendar = program.command('calendar').description('工作日历（国务院办公厅节假日安排）')

  calendar
    .command('load <file>')
    .description(
      '导入节假日安排文件（格式同 data/calendar/cn-holidays.json，或单一年份 {"year":2027,...}）；每年生成新版本，旧版本保留',
    )
    .option('--reason <text>', '导入原因（记入审计）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (file: string, opts: { json?: boolean; reason?: string }, cmd: Command) => {
      const results = await withContext(io, cmd, (ctx) =>
        importCalendarFile(ctx, cliActor(), file, opts.reason ?? null),
      )
      if (opts.json) return writeJson(io, results)
      for (const r of results)
        io.out.write(
          r.changed
            ? `${r.year} 年：已导入，第 ${r.version} 版。\n`
            : `${r.year} 年：与当前第 ${r.version} 版相同，未改变。\n`,
        )
    })

  calendar
    .command('show <year>')
    .description('查看某一年的节假日与调休上班日')
    .option('--version <n>', '历史版本号（默认当前版本）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (yearText: string, opts: { json?: boolean; version?: string }, cmd: Command) => {
      const year = Number(yearText)
      if (!/^\d{4}$/.test(yearText)) throw new UsageError(`年份应为四位数字（当前为 ${yearText}）`)
      let version: number | undefined
      if (opts.version !== undefined) {
        version = Number(opts.version)
        if (!Number.isInteger(version) || version < 1)
          throw new UsageError(`--version 应为正整数（当前为 ${opts.version}）`)
      }
      const y = await withContext(io, cmd, (ctx) => getCalendarYear(ctx.db, year, version))
      if (opts.json) return writeJson(io, y)
      io.out.write(
        `${y.year} 年节假日安排（第 ${y.version} 版，${y.source === 'default' ? '默认数据' : '运维导入'}${y.isCurrent ? '，当前' : ''}）\n来源：${y.data.source}\n\n`,
      )
      io.out.write(
        formatTable(
          ['节日', '放假日期', '天数'],
          y.data.holidays.map((h) => [h.name, `${h.dates[0]} 至 ${h.dates.at(-1)}`, String(h.dates.length)]),
        ),
      )
      io.out.write(
        `\n调休上班：${y.data.workdays.length ? y.data.workdays.map((d) => `${d}（${WEEKDAY[weekday(d)]}）`).join('、') : '无'}\n`,
      )
    })
}
