import { type Logger, pino } from 'pino'
import type { Config } from './config.js'

export type { Logger }

/** JSON logs to stderr; secrets are redacted by path wherever they might appear. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { app: 'gongxin' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.idNumber', '*.key'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  )
}
