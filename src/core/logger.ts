import { type DestinationStream, type Logger, pino } from 'pino'
import { maskResidentIdsInText } from '../identifiers/index.js'
import type { Config } from './config.js'

export type { Logger }

/**
 * JSON logs to `destination` (stderr unless given); secrets are redacted by path wherever they might appear, and every
 * line passes the resident ID detector before it is written (an error message or a value can carry a row's text).
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination: DestinationStream = pino.destination({ fd: 2, sync: false }),
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { app: 'gongxin' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.idNumber',
          '*.key',
          'contact',
          '*.contact',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: maskLogLine },
    },
    destination,
  )
}

/** A log line with every resident ID number masked. */
export function maskLogLine(line: string): string {
  return maskResidentIdsInText(line).text
}
