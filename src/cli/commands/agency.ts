import type { Command } from 'commander'
import {
  addAgencyPrincipal,
  createAgencyKey,
  listAgencies,
  registerAgency,
  setAgencyStatus,
} from '../../modules/agencies/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP, formatTable } from './dept.js'

/** `gongxin agency`: the credit agency registry (信用服务机构备案) at the command line (docs/agencies.md). */
export function registerAgencyCommands(program: Command, io: CliIo): void {
  const agency = program.command('agency').description('信用服务机构备案（登记、状态、账户和密钥）')

  agency
    .command('add')
    .description('信用服务机构备案：该统一社会信用代码尚未登记为主体时，随备案登记（须 --name）')
    .requiredOption('--uscc <uscc>', '统一社会信用代码')
    .requiredOption('--filing-no <no>', '备案编号（不能重复），如 津信服备〔2026〕001号')
    .requiredOption('--scope <text>', '业务范围')
    .option('--name <name>', '机构名称（主体尚未登记时必填）')
    .option('--filed-on <date>', '备案日期 YYYY-MM-DD')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as {
        uscc: string
        filingNo: string
        scope: string
        name?: string
        filedOn?: string
        json?: boolean
      }
      const a = await withContext(io, cmd, (ctx) =>
        registerAgency(ctx, cliActor(), {
          uscc: o.uscc,
          filingNo: o.filingNo,
          businessScope: o.scope,
          name: o.name,
          filedOn: o.filedOn,
        }),
      )
      if (o.json) writeJson(io, a)
      else
        io.out.write(
          `已备案信用服务机构「${a.name}」（备案编号 ${a.filingNo}，统一社会信用代码 ${a.uscc}），编号 ${a.id}。\n`,
        )
    })

  agency
    .command('list')
    .description('列出已备案的信用服务机构（按备案编号）')
    .option('--status <status>', 'filed（备案）、suspended（暂停）或 cancelled（注销）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 数组输出')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { status?: string; json?: boolean }
      const list = await withContext(io, cmd, (ctx) => listAgencies(ctx, { status: o.status }))
      if (o.json) writeJson(io, list)
      else if (list.length === 0) io.out.write('没有信用服务机构。用 gongxin agency add 备案。\n')
      else
        io.out.write(
          formatTable(
            ['备案编号', '名称', '统一社会信用代码', '状态', '编号'],
            list.map((a) => [a.filingNo, a.name, a.uscc, a.statusLabel, a.id]),
          ),
        )
    })

  agency
    .command('status')
    .description('变更备案状态：备案 filed ⇄ 暂停 suspended，任一 → 注销 cancelled（最终状态）；暂停、注销须说明原因')
    .argument('<id>', '机构编号（gongxin agency list）')
    .requiredOption('--status <status>', 'filed、suspended 或 cancelled')
    .option('--reason <text>', '原因（暂停、注销时必填）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { status: string; reason?: string; json?: boolean }
      const a = await withContext(io, cmd, (ctx) =>
        setAgencyStatus(ctx, cliActor(), id, { status: o.status, reason: o.reason }),
      )
      if (o.json) writeJson(io, a)
      else io.out.write(`「${a.name}」的备案状态已改为「${a.statusLabel}」。\n`)
    })

  agency
    .command('user')
    .description('把角色为信用服务机构的账户归属本机构')
    .argument('<id>', '机构编号')
    .requiredOption('--user-id <userId>', '账户编号')
    .option('--db <db>', DB_OPTION_HELP)
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { userId: string }
      const a = await withContext(io, cmd, (ctx) => addAgencyPrincipal(ctx, cliActor(), id, { userId: o.userId }))
      io.out.write(`「${a.name}」现有 ${a.principals.length} 个账户和密钥。\n`)
    })

  agency
    .command('key')
    .description('为机构签发接口密钥（角色 agency；标准输出只打印密钥，只显示这一次）')
    .argument('<id>', '机构编号')
    .option('--name <name>', '密钥名称')
    .option('--expires <date>', '到期日 YYYY-MM-DD')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出 {"id","key","agencyId","expiresAt"}')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { name?: string; expires?: string; json?: boolean }
      const k = await withContext(io, cmd, (ctx) =>
        createAgencyKey(ctx, cliActor(), id, { name: o.name, expiresAt: o.expires ?? null }),
      )
      if (o.json) writeJson(io, k)
      else io.out.write(`${k.key}\n`)
    })
}
