import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'

export const PASSWORD = 'correct horse battery'

/** Signs a user in over HTTP: the session cookie and CSRF header to send with each request. */
export async function signIn(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD },
    remoteAddress: '10.1.1.1',
  })
  expect(res.statusCode, res.body).toBe(200)
  const list = res.headers['set-cookie']
  const all = Array.isArray(list) ? list : list ? [list] : []
  const raw = all.find((c) => c.startsWith('gx_session=')) as string
  const token = /^gx_session=([^;]+)/.exec(raw)?.[1] as string
  return { cookie: `gx_session=${token}`, 'x-csrf-token': res.json().csrfToken as string }
}
