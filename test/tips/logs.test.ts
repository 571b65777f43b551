import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/core/logger.js'

describe('logs and the tipster', () => {
  it('redact contact details wherever a request body or a tip is logged', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const log = createLogger({ logLevel: 'info' }, sink as never)
    log.info({ body: { category: 'food', contact: { name: '举报人甲', phone: '13900001234' } } }, 'tip')
    log.info({ contact: { email: 'tipster@example.com' } }, 'tip')
    await new Promise((r) => setTimeout(r, 10))
    const text = lines.join('')
    expect(text).toContain('[redacted]')
    for (const clear of ['举报人甲', '13900001234', 'tipster@example.com']) expect(text).not.toContain(clear)
  })
})
