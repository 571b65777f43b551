import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { notFoundError, sendError } from './error-handler.js'

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>公信</title>
<body><h1>前端尚未构建</h1><p>请运行 <code>npm run build:web</code>（或 <code>npm start</code>）后刷新本页。API 文档见 <a href="/api/docs">/api/docs</a>。</p></body></html>`

/** Serves the built web app: the portal at /, the console at /console; unknown API paths answer JSON 404. */
export async function installWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const built = existsSync(join(webDir, 'portal', 'index.html'))
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      index: false,
      wildcard: false,
      cacheControl: false,
      decorateReply: true,
    })
    app.get('/assets/*', { schema: { hide: true } }, (req, reply) => {
      reply.header('cache-control', 'public, max-age=31536000, immutable')
      return reply.sendFile(`assets/${(req.params as { '*': string })['*']}`)
    })
  }
  const page = (area: 'portal' | 'console') => (_req: unknown, reply: import('fastify').FastifyReply) => {
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT)
    reply.header('cache-control', 'no-cache')
    return reply.sendFile(`${area}/index.html`)
  }
  app.get('/', { schema: { hide: true } }, page('portal'))
  app.get('/console', { schema: { hide: true } }, page('console'))
  app.get('/console/*', { schema: { hide: true } }, page('console'))
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/'))
      return page('portal')(req, reply)
    return sendError(reply, notFoundError(app, req))
  })
}
