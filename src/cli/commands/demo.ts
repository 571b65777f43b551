import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { formatDemoLogins } from './demo-logins-text.js'
import {
  DEFAULT_DEMO_ENTITIES,
  DEFAULT_DEMO_SEED,
  DEFAULT_RECORDS_PER_ENTITY,
  type DemoProgress,
  demoLoginsPath,
  generateDemo,
  MAX_DEMO_ENTITIES,
  RECORDS_AUTO_MAX_ENTITIES,
} from '../../flows/demo/index.js'
import { type CliIo, UsageError, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP } from './dept.js'

interface DemoCommandOptions {
  entities?: string
  seed?: string
  recordsPerEntity?: string
  json?: boolean
}

const STEP_LABELS: Record<string, string> = {
  departments: '部门',
  entities: '单位主体',
  persons: '自然人',
  records: '信用记录',
  commitments: '信用承诺',
  logins: '演示账号',
}

function parseCount(value: string | undefined, option: string, def: number, min: number, max: number): number {
  if (value === undefined) return def
  const s = value.trim().replace(/[_,]/g, '')
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${option} 应为 ${min} 到 ${max} 之间的整数（收到「${value}」）`)
  return n
}

function parseRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const s = value.trim()
  const n = /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN
  if (!Number.isFinite(n) || n > 100)
    throw new UsageError(`--records-per-entity 应为 0 到 100 之间的数（收到「${value}」）`)
  return n
}

/** A progress bar on stderr while it is a terminal; nothing otherwise (logs and pipes stay clean). */
function progressBar(io: CliIo, total: number): { update(p: DemoProgress): void; stop(): void } {
  const tty = (io.err as NodeJS.WriteStream).isTTY === true
  if (!tty) return { update: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    {
      stream: io.err,
      format: '生成演示城市 [{bar}] {percentage}% | {value}/{total} | {step}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total, 0, { step: STEP_LABELS.departments })
  let orgs = 0
  let persons = 0
  return {
    update(p) {
      if (p.step === 'records') {
        // the records step counts batches: the bar switches to them, and back afterwards
        bar.setTotal(p.total)
        bar.update(p.done, { step: `${STEP_LABELS.records}（批次）` })
        return
      }
      if (p.step === 'commitments') {
        bar.setTotal(p.total)
        bar.update(p.done, { step: STEP_LABELS.commitments })
        return
      }
      if (bar.getTotal() !== total) bar.setTotal(total)
      if (p.step === 'entities') orgs = p.done
      else if (p.step === 'persons') persons = p.done
      bar.update(orgs + persons, { step: STEP_LABELS[p.step] ?? p.step })
    },
    stop: () => bar.stop(),
  }
}

/** `gongxin demo`: builds the demo city (天津市) in an empty database and prints the console logins. */
export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('在空数据库中生成演示城市（天津市）：部门、各类主体、自然人和演示账号；同一种子和规模生成的数据相同')
    .option('--db <db>', `${DB_OPTION_HELP}（须为空数据库）`)
    .option('--entities <n>', `主体数量，含自然人（默认 ${DEFAULT_DEMO_ENTITIES}）`)
    .option('--seed <s>', `随机种子（默认 ${DEFAULT_DEMO_SEED}）`)
    .option(
      '--records-per-entity <n>',
      `每个主体平均的信用记录数，经归集流水线报送（默认 ${DEFAULT_RECORDS_PER_ENTITY}；超过 ${RECORDS_AUTO_MAX_ENTITIES.toLocaleString('en-US')} 个主体时默认 0；0 = 不生成）`,
    )
    .option(
      '--json',
      '结束时输出一行 JSON：{"entities","persons","departments","districts","records","logins","seconds"}',
    )
    .action(async (opts: DemoCommandOptions, cmd: Command) => {
      const entities = parseCount(opts.entities, '--entities', DEFAULT_DEMO_ENTITIES, 1, MAX_DEMO_ENTITIES)
      const seed = parseCount(opts.seed, '--seed', DEFAULT_DEMO_SEED, 0, 0xffffffff)
      const recordsPerEntity = parseRate(opts.recordsPerEntity)
      const bar = progressBar(io, entities)
      const { summary, target, loginsFile } = await withContext(
        io,
        cmd,
        async (ctx) => {
          try {
            const summary = await generateDemo(ctx, {
              entities,
              seed,
              ...(recordsPerEntity === undefined ? {} : { recordsPerEntity }),
              actor: cliActor(),
              onProgress: (p) => bar.update(p),
            })
            return { summary, target: ctx.dbh.target, loginsFile: demoLoginsPath(ctx.config.dataDir) }
          } finally {
            bar.stop()
          }
        },
        { migrate: true },
      )
      if (opts.json) {
        writeJson(io, {
          entities: summary.entities,
          persons: summary.persons,
          departments: summary.departments,
          districts: summary.districts,
          records: summary.records,
          logins: summary.logins.map((l) => ({
            username: l.username,
            password: l.password,
            role: l.role,
            dept: l.dept,
            kind: l.kind ?? 'user',
          })),
          seconds: summary.seconds,
        })
        return
      }
      io.out.write(
        `已生成演示城市（天津市，种子 ${seed}）：主体 ${summary.entities.toLocaleString('zh-CN')} 个（其中自然人 ${summary.persons.toLocaleString('zh-CN')} 个），` +
          `部门 ${summary.departments} 个，覆盖 ${summary.districts} 个区；信用记录 ${summary.records.toLocaleString('zh-CN')} 条；用时 ${summary.seconds} 秒。\n数据库：${target}\n\n`,
      )
      if (summary.logins.length) {
        io.out.write(formatDemoLogins(summary.logins))
        io.out.write(
          `\n账号已保存到 ${loginsFile}（仅本机当前用户可读）；npm start 会再次显示。仅供演示，请勿用于生产环境。\n`,
        )
      }
    })
}
