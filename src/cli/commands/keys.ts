import type { Command } from 'commander'
import { rotateSigningKey } from '../../core/keys.js'
import { keyIdOf } from '../../modules/audit/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'

export function registerKeysCommands(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('密钥文件中的平台密钥')
  keys
    .command('rotate')
    .description(
      '更换平台签名密钥（Ed25519）：旧公钥保留为「已停用」并继续公布，旧签名按密钥编号仍可核验；运行中的服务需重启',
    )
    .option('--signing', '更换签名密钥（目前唯一可更换的密钥）')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--json', '以 JSON 输出：{"keyId","previousKeyId"}')
    .action(async (opts: { signing?: boolean; json?: boolean }, cmd: Command) => {
      if (!opts.signing) throw new UsageError('请指定要更换的密钥：--signing（签名密钥）')
      const r = await withContext(io, cmd, async (ctx) => rotateSigningKey(ctx.config.keysFile, ctx.clock.now()))
      const out = { keyId: keyIdOf(r.publicKey), previousKeyId: keyIdOf(r.previousPublicKey) }
      if (opts.json) writeJson(io, out)
      else io.out.write(`签名密钥已更换：当前 ${out.keyId}，已停用 ${out.previousKeyId}。请重启服务以使用新密钥。\n`)
    })
}
