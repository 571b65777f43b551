import type { Command } from 'commander'
import { NOTICE_TOPIC_LABELS, NOTICE_TOPICS, runNotices } from '../../flows/notices/index.js'
import { civilDate } from '../../core/clock.js'
import { isIsoDate } from '../../identifiers/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP } from './dept.js'

export function registerNoticeCommands(program: Command, io: CliIo): void {
  const notices = program
    .command('notices')
    .description('主动提示：公示期即将届满、可申请信用修复、办件逾期（每条只发一次）')

  notices
    .command('run')
    .description('发出今天到期的主动提示（服务运行时启动时和每 noticesIntervalHours 小时自动运行）')
    .option('--today <date>', '按过去某一天补跑（YYYY-MM-DD，不晚于今天；默认今天）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean; today?: string }, cmd: Command) => {
      if (opts.today !== undefined && !isIsoDate(opts.today))
        throw new UsageError(`--today 应为 YYYY-MM-DD 格式的日期（当前为 ${opts.today}）`)
      const r = await withContext(io, cmd, (ctx) => {
        const today = civilDate(ctx.clock.now())
        if (opts.today !== undefined && opts.today > today)
          throw new UsageError(`--today 不能晚于今天 ${today}（提示只在到期时发出）`)
        return runNotices(ctx, { today: opts.today })
      })
      if (opts.json) return writeJson(io, r)
      const total = NOTICE_TOPICS.reduce((n, t) => n + r.sent[t], 0)
      io.out.write(`${r.today}（提前 ${r.leadDays} 天；有账号的主体 ${r.entities} 个）：\n`)
      for (const t of NOTICE_TOPICS) io.out.write(`  ${NOTICE_TOPIC_LABELS[t]}（${t}）  ${r.sent[t]}\n`)
      io.out.write(
        `共发出 ${total} 条提示（站内通知 ${r.inboxNotices} 条）；此前已发过的 ${r.alreadySent} 条不再重复。\n`,
      )
      if (r.failed) io.out.write(`另有 ${r.failed} 条未能发出（详见日志），下次运行时重试。\n`)
    })
}
