import type { Command } from 'commander'
import { runWatchDelivery } from '../../flows/watches/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP } from './dept.js'

export function registerWatchCommands(program: Command, io: CliIo): void {
  const watches = program.command('watches').description('信用监测预警：监测事件排序、预警规则、签名 Webhook 推送')

  watches
    .command('deliver')
    .description(
      '运行一次：新事件进入事件流（含预警），推送所有到期的 Webhook（服务运行时每 watchIntervalSeconds 秒自动运行）',
    )
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) => runWatchDelivery(ctx))
      if (opts.json) return writeJson(io, r)
      io.out.write(
        `推送 ${r.watches} 个监测名单：已推送 ${r.delivered} 条，待重试 ${r.retrying}，转入死信 ${r.deadLettered}，无权接收而跳过 ${r.skipped}。\n`,
      )
    })
}
