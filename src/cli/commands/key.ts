import type { Command } from 'commander'
import { createApiKey, listApiKeys, revokeApiKey } from '../../modules/access/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

const STATUS_LABEL = { active: '有效', expired: '已过期', revoked: '已吊销' } as const

export function registerKeyCommands(program: Command, io: CliIo): void {
  const key = program.command('key').description('API 密钥（部门接口、信用服务机构、对接平台）')

  key
    .command('create')
    .description('签发 API 密钥：密钥只显示这一次，服务器只保存其摘要')
    .requiredOption('--role <role>', '角色：provider、consumer、agency、peer、operator')
    .option('--dept <code>', '所属部门代码（provider、consumer 必填）')
    .option('--expires <date>', '有效期至 YYYY-MM-DD（当日北京时间 24 时失效）或 ISO-8601 时间；不填为长期有效')
    .option('--name <name>', '密钥名称（便于识别用途，例如「市场监管局报送接口」）')
    .option('--scope <permission...>', '只授予角色权限中的这些权限（可多个）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出：{"id","key","role","dept","expiresAt"}')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as {
        role: string
        dept?: string
        expires?: string
        name?: string
        scope?: string[]
        json?: boolean
      }
      const k = await withContext(io, cmd, (ctx) =>
        createApiKey(ctx, cliActor(), {
          role: o.role,
          dept: o.dept ?? null,
          expiresAt: o.expires ?? null,
          name: o.name,
          scopes: o.scope,
        }),
      )
      if (o.json) {
        writeJson(io, k)
        return
      }
      io.err.write(
        `已签发 API 密钥 ${k.id}（角色 ${k.role}${k.dept ? `，部门 ${k.dept}` : ''}，${k.expiresAt ? `有效期至 ${k.expiresAt}` : '长期有效'}）。\n`,
      )
      io.out.write(`${k.key}\n`)
      io.err.write(
        '注意：密钥只显示这一次，服务器只保存其摘要，无法找回。请立即交给使用方妥善保存；遗失时吊销后重新签发。\n',
      )
      io.err.write('使用方法：请求头 Authorization: Bearer <密钥>\n')
    })

  key
    .command('list')
    .description('列出 API 密钥（不含密钥本身）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 数组输出')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean }
      const list = await withContext(io, cmd, (ctx) => listApiKeys(ctx))
      if (o.json) writeJson(io, list)
      else if (list.length === 0) io.out.write('尚无 API 密钥。用 gongxin key create --role R [--dept C] 签发。\n')
      else
        io.out.write(
          formatTable(
            ['编号', '名称', '前缀', '角色', '部门', '有效期至', '最近使用', '状态'],
            list.map((k) => [
              k.id,
              k.name,
              `${k.prefix}…`,
              k.role,
              k.dept,
              k.expiresAt ?? '长期',
              k.lastUsedAt,
              STATUS_LABEL[k.status],
            ]),
          ),
        )
    })

  key
    .command('revoke')
    .description('吊销 API 密钥（立即失效）')
    .argument('<id>', '密钥编号（见 gongxin key list）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean }
      const k = await withContext(io, cmd, (ctx) => revokeApiKey(ctx, cliActor(), id))
      if (o.json) writeJson(io, k)
      else io.out.write(`已吊销 API 密钥 ${k.id}（${k.name}，${k.prefix}…），吊销时间 ${k.revokedAt}。\n`)
    })
}
