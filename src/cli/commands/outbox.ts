import type { Command } from 'commander'
import { deliverDue, listDeliveries } from '../../modules/notifications/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP, formatTable } from './dept.js'

const STATE = { pending: '待投递', delivered: '已投递', failed: '投递失败' } as const

export function registerOutboxCommands(program: Command, io: CliIo): void {
  const outbox = program.command('outbox').description('对外投递（部门、其他平台）：签名 Webhook 或对方控制台收件箱')

  outbox
    .command('run')
    .description('投递一次所有到期的记录（服务运行时每 outboxIntervalSeconds 秒自动投递）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) => deliverDue(ctx))
      if (opts.json) return writeJson(io, r)
      io.out.write(`尝试 ${r.attempted} 条：已投递 ${r.delivered}，待重试 ${r.retrying}，失败 ${r.failed}。\n`)
    })

  outbox
    .command('list')
    .description('查看投递记录（最新在前）')
    .option('--state <state>', '按状态筛选：pending、delivered、failed')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean; state?: string }, cmd: Command) => {
      if (opts.state !== undefined && !(opts.state in STATE))
        throw new UsageError(`--state 应为 pending、delivered 或 failed（当前为 ${opts.state}）`)
      const page = await withContext(io, cmd, (ctx) => listDeliveries(ctx, { state: opts.state, pageSize: 200 }))
      if (opts.json) return writeJson(io, page)
      io.out.write(
        formatTable(
          ['编号', '对象', '主题', '状态', '应投递日期', '尝试', '最近错误'],
          page.items.map((d) => [
            d.id,
            d.target,
            d.topic,
            STATE[d.state],
            d.due ? `${d.due}${d.dueProvisional ? '（暂定）' : ''}${d.overdue ? ' 已逾期' : ''}` : '',
            String(d.attempts),
            d.lastError ?? '',
          ]),
        ),
      )
    })
}
