import type { Command } from 'commander'
import { listMeasures, MEASURE_KIND_LABELS, SCENARIO_LABELS } from '../../modules/measures/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { DB_OPTION_HELP, formatTable } from './dept.js'

const SOURCE = { default: '默认', operator: '运维修改' } as const

export function registerMeasureCommands(program: Command, io: CliIo): void {
  const measures = program.command('measures').description('联合奖惩措施清单')

  measures
    .command('list')
    .description('列出奖惩措施清单（当前版本）')
    .option('--all', '包括已停用的措施')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean; all?: boolean }, cmd: Command) => {
      const items = await withContext(io, cmd, (ctx) => listMeasures(ctx.db, { includeRetired: opts.all === true }))
      if (opts.json) return writeJson(io, items)
      io.out.write(
        formatTable(
          ['代码', '措施', '类型', '适用场景', '实施部门', '依据', '版本', '来源'],
          items.map((m) => [
            m.code,
            m.nameZh,
            MEASURE_KIND_LABELS[m.kind],
            m.scenarios.map((s) => SCENARIO_LABELS[s] ?? s).join('、'),
            m.departments.join('、'),
            m.basis[0] ?? '',
            String(m.version),
            SOURCE[m.source],
          ]),
        ),
      )
      io.out.write(`共 ${items.length} 项措施。\n`)
    })
}
