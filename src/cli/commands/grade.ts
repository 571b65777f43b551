// `gongxin grade run [--model M] [--incremental] [--json]`: credit evaluation (公共信用综合评价) of every organisation
// a model covers as of today, or only the entities marked since (docs/grading.md). Progress on stderr.
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { runGrading } from '../../modules/grading/index.js'
import { type CliIo, withContext, writeJson } from '../runtime.js'
import { cliActor, DB_OPTION_HELP } from './dept.js'

export function registerGradeCommands(program: Command, io: CliIo): void {
  const grade = program.command('grade').description('公共信用综合评价：按评价模型评价组织的信用等级')

  grade
    .command('run')
    .description('按评价模型评价其适用的全部主体（截至今天）；--incremental 只评价记录变化后标记的主体')
    .option('--model <code>', '只按这个模型评价（默认：全部有效模型；只有全部模型都评价后才清除变化标记）')
    .option('--incremental', '只评价有变化的主体（记录或异议标记变化、评价结果到期）；没有变化时评价 0 个')
    .option('--db <db>', DB_OPTION_HELP)
    .option('--json', '每个模型输出一行 JSON：{"model","version","graded","seconds","distribution":{"A":n,...}}')
    .action(async (opts: { model?: string; incremental?: boolean; json?: boolean }, cmd: Command) => {
      const summaries = await withContext(
        io,
        cmd,
        async (ctx) => {
          const tty = (io.err as NodeJS.WriteStream).isTTY === true
          const bar = tty
            ? new cliProgress.SingleBar(
                {
                  stream: io.err,
                  format: `${opts.incremental ? '增量评价' : '信用评价'} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
                  hideCursor: true,
                  clearOnComplete: true,
                  fps: 5,
                },
                cliProgress.Presets.shades_classic,
              )
            : null
          let started = false
          try {
            return await runGrading(ctx, cliActor(), {
              model: opts.model,
              incremental: opts.incremental === true,
              onProgress: (done, total) => {
                if (!bar) return
                if (!started) {
                  bar.start(total, done)
                  started = true
                } else bar.update(done)
              },
            })
          } finally {
            if (started) bar?.stop()
          }
        },
        { migrate: true },
      )
      for (const s of summaries) {
        if (opts.json) {
          writeJson(io, s)
          continue
        }
        const dist = Object.entries(s.distribution)
          .map(([g, n]) => `${g} ${n.toLocaleString('zh-CN')}`)
          .join('，')
        io.out.write(
          `模型 ${s.model}（第 ${s.version} 版）：评价 ${s.graded.toLocaleString('zh-CN')} 个主体，用时 ${s.seconds} 秒；当前等级分布：${dist}。\n`,
        )
      }
      if (summaries.length === 0) io.out.write('没有有效的评价模型。\n')
    })
}
