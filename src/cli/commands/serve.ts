import type { Command } from 'commander'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { startCompareWorker } from '../../flows/compare/index.js'
import { systemActor } from '../../core/actor.js'
import { startFederationPulls } from '../../flows/federation/index.js'
import { startNoticesTimer } from '../../flows/notices/index.js'
import { startWatchWorker } from '../../flows/watches/index.js'
import { buildApp } from '../../http/app.js'
import { startGradingWorker } from '../../modules/grading/index.js'
import { startOutboxWorker } from '../../modules/notifications/index.js'
import { type CliIo, withContext } from '../runtime.js'

export interface ServeOptions {
  port?: string
  host?: string
}

function overrides(opts: ServeOptions) {
  return { port: opts.port, host: opts.host }
}

/** Starts the server and resolves when it is closed by a signal. */
export async function serve(ctx: Ctx, io: CliIo, before?: (base: string) => void): Promise<void> {
  const app: FastifyInstance = await buildApp(ctx)
  await app.listen({ port: ctx.config.port, host: ctx.config.host })
  // the outbox worker: deliveries to departments and peers, every outboxIntervalSeconds (docs/notifications.md)
  const stopOutbox = startOutboxWorker(ctx)
  // the proactive notices: once at start, then every noticesIntervalHours (docs/notifications.md, 主动提示)
  const stopNotices = startNoticesTimer(ctx)
  // the watch worker: watch events into the feed, early-warning alerts, signed webhooks (docs/watches.md)
  const stopWatches = startWatchWorker(ctx)
  // batch comparisons left by a stopped or crashed server: continued at start, then looked for every minute
  const stopCompare = startCompareWorker(ctx)
  // scheduled pulls from peer platforms, every federationPullSeconds (docs/federation.md)
  const stopPulls = startFederationPulls(ctx, systemActor('federation'))
  // credit evaluation: marked entities graded again every minute and shortly after a change (docs/grading.md)
  const stopGrading = startGradingWorker(ctx)
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : ctx.config.port
  const host = ctx.config.host === '0.0.0.0' || ctx.config.host === '::' ? '127.0.0.1' : ctx.config.host
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  before?.(base)
  io.out.write(
    [
      `公信已启动（数据库：${ctx.dbh.target}）`,
      `  门户      ${base}/`,
      `  控制台    ${base}/console`,
      `  API 文档  ${base}/api/docs`,
      '按 Ctrl+C 停止。',
      '',
    ].join('\n'),
  )
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      io.out.write(
        '正在停止：等待处理中的上传文件完成（再按一次 Ctrl+C 立即停止；未完成的批次重新上传同一文件即可续传）。\n',
      )
      Promise.all([stopOutbox(), stopNotices(), stopWatches(), stopCompare(), stopPulls(), stopGrading()])
        .then(() => app.close())
        .then(resolve, resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('启动服务：门户、控制台、API 与 API 文档')
    .option('--db <db>', 'SQLite 文件路径或 postgres:// 地址')
    .option('--port <port>', '端口（默认 3000，0 表示随机端口）')
    .option('--host <host>', '监听地址（默认 127.0.0.1）')
    .action(async (opts: ServeOptions, cmd: Command) => {
      await withContext(io, cmd, (ctx) => serve(ctx, io), { overrides: overrides(opts) })
    })
}

export { overrides as serveOverrides }
