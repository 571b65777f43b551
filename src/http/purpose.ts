import type { FastifyRequest } from 'fastify'

/**
 * The purpose a request states where it may (checks, credit reviews): the body's `purpose`, else the X-Purpose
 * header (UTF-8 or percent-encoded UTF-8); undefined when neither is given. The services check its length.
 */
export function purposeOf(req: FastifyRequest, body: { purpose?: string | undefined }): string | undefined {
  if (body.purpose?.trim()) return body.purpose
  const h = req.headers['x-purpose']
  const raw = Array.isArray(h) ? h[0] : h
  if (!raw) return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
