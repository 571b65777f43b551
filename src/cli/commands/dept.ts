import { userInfo } from 'node:os'
import type { Command } from 'commander'
import type { Actor } from '../../core/actor.js'
import { systemActor } from '../../core/actor.js'
import { addDepartment, listDepartments } from '../../modules/access/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'

export const DB_OPTION_HELP = 'SQLite 文件路径或 postgres:// 地址'

/** The actor of a command-line change: `cli:<os user>`. */
export function cliActor(): Actor {
  let name = process.env.USER ?? 'unknown'
  try {
    name = userInfo().username || name
  } catch {
    // no passwd entry (containers): keep $USER
  }
  return systemActor(`cli:${name}`)
}

function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1
  }
  return w
}

/** A plain text table with columns aligned for CJK text (two columns per wide character). */
export function formatTable(headers: string[], rows: Array<Array<string | null | undefined>>): string {
  const cells = rows.map((r) => headers.map((_, i) => r[i] ?? '-'))
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] as string))))
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] as number) - displayWidth(c))))
      .join('  ')
      .trimEnd()
  return `${[line(headers), ...cells.map(line)].join('\n')}\n`
}

export function registerDeptCommands(program: Command, io: CliIo): void {
  const dept = program.command('dept').description('部门管理（数据提供和使用部门）')

  dept
    .command('add')
    .description('登记部门')
    .requiredOption('--code <code>', '部门代码：2-32 位字母、数字、_ 或 -（例如 SCJG）')
    .requiredOption('--name <name>', '部门名称（例如 市市场监督管理局）')
    .requiredOption('--uscc <uscc>', '部门的统一社会信用代码')
    .option('--district <district>', '6 位行政区划代码（区县部门填写）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出结果')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { code: string; name: string; uscc: string; district?: string; json?: boolean }
      const d = await withContext(io, cmd, (ctx) =>
        addDepartment(ctx, cliActor(), { code: o.code, name: o.name, uscc: o.uscc, district: o.district ?? null }),
      )
      if (o.json) writeJson(io, d)
      else
        io.out.write(
          `已登记部门 ${d.code}「${d.name}」（统一社会信用代码 ${d.uscc}${d.district ? `，行政区划 ${d.district}` : ''}）。\n`,
        )
    })

  dept
    .command('list')
    .description('列出部门（按代码排序）')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 数组输出：[{"code","name","uscc","district"}]')
    .action(async (_opts: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals() as { json?: boolean }
      const list = await withContext(io, cmd, (ctx) => listDepartments(ctx))
      if (o.json) writeJson(io, list)
      else if (list.length === 0)
        io.out.write('尚未登记任何部门。用 gongxin dept add --code C --name N --uscc U 登记。\n')
      else
        io.out.write(
          formatTable(
            ['代码', '名称', '统一社会信用代码', '行政区划'],
            list.map((d) => [d.code, d.name, d.uscc, d.district]),
          ),
        )
    })
}
