import type { Command } from 'commander'
import { issueInvitation, listInvitations, revokeInvitation } from '../../modules/subjects/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

const STATE_ZH: Record<string, string> = {
  open: '有效',
  expired: '已过期',
  used: '已使用',
  revoked: '已吊销',
  superseded: '已被新激活码取代',
}

export function registerSubjectCommands(program: Command, io: CliIo): void {
  const subject = program.command('subject').description('信用主体账户（激活码）')

  subject
    .command('invite')
    .description(
      '为主体发放一次性激活码（只显示一次，默认 30 天有效；同一主体此前未用的激活码随之作废），例如 gongxin subject invite --uscc 91120116MA05XXXXXX --json',
    )
    .option('--uscc <uscc>', '主体的统一社会信用代码（与 --entity 二选一）')
    .option('--entity <id>', '主体编号（与 --uscc 二选一；自然人用主体编号）')
    .option('--expires <date>', '有效期至：YYYY-MM-DD（当日北京时间 24 时失效）或 ISO-8601 时间，最长 365 天')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出 {"entityId","code","expiresAt"}')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { uscc?: string; entity?: string; expires?: string; json?: boolean }
      if ((o.uscc === undefined) === (o.entity === undefined))
        throw new UsageError('请用 --uscc 或 --entity 指定主体（二选一）。')
      const r = await withContext(io, cmd, (ctx) =>
        issueInvitation(ctx, cliActor(), {
          uscc: o.uscc ?? null,
          entityId: o.entity ?? null,
          expiresAt: o.expires ?? null,
        }),
      )
      if (o.json) writeJson(io, { entityId: r.entityId, code: r.code, expiresAt: r.expiresAt })
      else
        io.out.write(
          `已为主体 ${r.entityId} 发放激活码：${r.code}\n有效期至 ${r.expiresAt}。激活码只显示这一次，请交给主体的法定代表人（或本人）；吊销用 gongxin subject revoke ${r.id}。\n`,
        )
    })

  subject
    .command('list')
    .description('列出已发放的激活码（不含激活码本身）')
    .option('--entity <id>', '只列出该主体的')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 数组输出')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { entity?: string; json?: boolean }
      const list = await withContext(io, cmd, (ctx) => listInvitations(ctx, { entityId: o.entity ?? null }))
      if (o.json) writeJson(io, list)
      else if (list.length === 0) io.out.write('尚未发放激活码。用 gongxin subject invite --uscc U 发放。\n')
      else
        io.out.write(
          formatTable(
            ['编号', '主体', '状态', '有效期至', '发放时间', '使用时间'],
            list.map((i) => [i.id, i.entityId, STATE_ZH[i.state] ?? i.state, i.expiresAt, i.createdAt, i.usedAt]),
          ),
        )
    })

  subject
    .command('revoke')
    .description('吊销激活码（已使用的不受影响），例如 gongxin subject revoke <编号>')
    .argument('<id>', '激活码记录编号（gongxin subject list 中的编号）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean }
      const r = await withContext(io, cmd, (ctx) => revokeInvitation(ctx, cliActor(), id))
      if (o.json) writeJson(io, r)
      else io.out.write(`激活码 ${r.id} 当前状态：${STATE_ZH[r.state] ?? r.state}。\n`)
    })
}
