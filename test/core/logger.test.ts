import { Writable } from 'node:stream'
import { expect, it } from 'vitest'
import { createLogger } from '../../src/core/logger.js'

it('log lines never carry a clear resident ID number', async () => {
  const lines: string[] = []
  const out = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const logger = createLogger({ logLevel: 'info' }, out)
  logger.error(
    {
      err: new Error('row 7: 当事人身份证号 120106198609206365 duplicate'),
      value: '１２０１０６－１９８６０９２０－６３６５',
    },
    'import failed',
  )
  logger.info('plain line 2026-06-01')
  await new Promise((r) => setImmediate(r))
  const text = lines.join('')
  expect(text).toContain('当事人身份证号 1201**********6365 duplicate')
  expect(text).not.toMatch(/120106198609206365|１９８６０９２０/)
  expect(text).toContain('plain line 2026-06-01')
})
