import pino, { type Logger } from 'pino'
import type { HostConfig } from '../config/schema'

/**
 * A JSON logger for the process (one line per event, ready for any aggregator). Request logs carry only the id,
 * route, method, status and duration; the redact list is a second line of defence for fields that must never
 * appear (tokens, cookies, code).
 */
export function createLogger(config: HostConfig): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'runcell-host' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'authorization',
        'cookie',
        'token',
        'password',
        'code',
        'headers.authorization',
        'headers.cookie',
        '*.authorization',
        '*.cookie',
        '*.token',
        '*.code',
      ],
      censor: '[redacted]',
    },
  })
}
