import type { Command } from 'commander'
import { createUser, listUsers, unlockUser } from '../../modules/access/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

/** The first line of a stream (without the line break); the rest is not read. */
export async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let buf = ''
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    const i = buf.indexOf('\n')
    if (i >= 0) return buf.slice(0, i).replace(/\r$/, '')
  }
  return buf.replace(/\r$/, '')
}

export function registerUserCommands(program: Command, io: CliIo): void {
  const user = program.command('user').description('用户管理')

  user
    .command('add')
    .description(
      '新增用户（密码从标准输入读取第一行，例如 printf "%s\\n" "$PW" | gongxin user add ... --password-stdin）',
    )
    .requiredOption('--username <username>', '用户名：2-64 位字母、数字或 . _ @ -')
    .requiredOption('--role <role>', '角色：operator、auditor、provider、consumer、agency、subject')
    .option('--display-name <name>', '显示名称（默认同用户名）')
    .option('--dept <code>', '所属部门代码（provider、consumer 必填）')
    .option('--district <district>', '6 位行政区划代码（默认取部门的行政区划）')
    .option('--entity <id>', '绑定的主体编号（subject 必填）')
    .option('--password-stdin', '从标准输入读取密码（至少 10 个字符）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as {
        username: string
        role: string
        displayName?: string
        dept?: string
        district?: string
        entity?: string
        passwordStdin?: boolean
        json?: boolean
      }
      if (!o.passwordStdin)
        throw new UsageError('请用 --password-stdin 从标准输入提供密码（密码不应出现在命令行参数中）。')
      if ((io.stdin as { isTTY?: boolean }).isTTY)
        io.err.write('请输入密码（至少 10 个字符，输入内容会显示在屏幕上），回车结束：\n')
      const password = await readFirstLine(io.stdin)
      const u = await withContext(io, cmd, (ctx) =>
        createUser(ctx, cliActor(), {
          username: o.username,
          displayName: o.displayName,
          role: o.role,
          dept: o.dept ?? null,
          district: o.district ?? null,
          entityId: o.entity ?? null,
          password,
        }),
      )
      if (o.json) writeJson(io, u)
      else
        io.out.write(
          `已新增用户 ${u.username}（角色 ${u.role}${u.dept ? `，部门 ${u.dept}` : ''}${u.entityId ? `，主体 ${u.entityId}` : ''}），编号 ${u.id}。\n`,
        )
    })

  user
    .command('list')
    .description('列出用户')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 数组输出')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean }
      const list = await withContext(io, cmd, (ctx) => listUsers(ctx))
      if (o.json) writeJson(io, list)
      else if (list.length === 0)
        io.out.write('尚无用户。用 gongxin user add --username U --role R --password-stdin 新增。\n')
      else
        io.out.write(
          formatTable(
            ['用户名', '显示名称', '角色', '部门', '行政区划', '最近登录', '状态'],
            list.map((u) => [
              u.username,
              u.displayName,
              `${u.role}（${u.roleLabel}）`,
              u.dept,
              u.district,
              u.lastLoginAt,
              u.disabled ? '已停用' : u.lockedUntil ? `登录受限至 ${u.lockedUntil}` : '正常',
            ]),
          ),
        )
    })

  user
    .command('unlock')
    .description('解除账户的登录限制（多次登录失败后须等待的时间），例如 gongxin user unlock zhang.san')
    .argument('<username>', '用户名')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (username: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean }
      const r = await withContext(io, cmd, (ctx) => unlockUser(ctx, cliActor(), username))
      if (o.json) writeJson(io, r)
      else
        io.out.write(
          r.cleared > 0
            ? `已解除用户 ${r.username} 的登录限制。\n`
            : `用户 ${r.username} 当前没有登录限制，无需解除。\n`,
        )
    })
}
