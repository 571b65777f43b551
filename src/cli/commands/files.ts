import type { Command } from 'commander'
import { ANONYMOUS_ATTACH_HOURS, purgeStaleFiles } from '../../modules/files/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP } from './dept.js'

/** `gongxin files purge`: deletes anonymous evidence uploads that were never attached (docs/files.md). */
export function registerFileCommands(program: Command, io: CliIo): void {
  const files = program.command('files').description('证据文件')

  files
    .command('purge')
    .description(`删除超过 ${ANONYMOUS_ATTACH_HOURS} 小时仍未附到任何案件的匿名上传文件（记入审计；可定时执行）`)
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出删除数量')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const r = await withContext(io, cmd, (ctx) => purgeStaleFiles(ctx, cliActor()))
      if (opts.json) return writeJson(io, r)
      io.out.write(`已删除 ${r.files} 个未使用的匿名上传文件（${r.bytes} 字节），释放 ${r.blobs} 份文件内容。\n`)
    })
}
