import type { Command } from 'commander'
import { verifyAuditChain } from '../../modules/audit/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'

export function registerAuditCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('审计日志')
  audit
    .command('verify')
    .description('校验审计日志哈希链：完整时退出码 0，否则 1 并指出第一个异常事件')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const result = await withContext(io, cmd, (ctx) => verifyAuditChain(ctx.db, ctx.keys))
      if (opts.json) writeJson(io, result)
      else if (result.ok) io.out.write(`审计日志完整：已校验 ${result.checked} 条事件。\n`)
      else
        io.out.write(
          `审计日志异常：前 ${result.checked} 条完好；第一个异常事件 ${result.firstBad?.id ?? '(缺失)'}（序号 ${result.firstBad?.seq ?? '?'}）：${result.firstBad?.reason}\n`,
        )
      if (!result.ok) process.exitCode = 1
    })
}
