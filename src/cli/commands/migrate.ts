import type { Command } from 'commander'
import { latestMigration } from '../../db/migrate.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('创建或升级数据库结构（新数据库同时生成密钥文件）')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出结果')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      let applied: string[] = []
      const target = await withContext(io, cmd, async (ctx) => ctx.dbh.target, {
        migrate: true,
        onMigrated: (a) => {
          applied = a
        },
      })
      const out = { ok: true, db: target, schema: latestMigration(), applied }
      if (opts.json) writeJson(io, out)
      else io.out.write(applied.length ? `已应用 ${applied.length} 个迁移：${applied.join('，')}\n` : `数据库已是最新结构（${out.schema}）：${target}\n`)
    })
}
