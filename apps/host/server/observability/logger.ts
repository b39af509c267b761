import pino, { type Logger } from 'pino'
import { getConfig } from '../config/load'

const key = Symbol.for('runcell.host.logger')
type Holder = { [key]?: Logger }

/**
 * The process's JSON logger (one line per event, ready for any aggregator). Request logs carry only the id,
 * route, method, status and duration; the redact list is a second line of defence for fields that must never
 * appear (tokens, cookies, code).
 */
export function getLogger(): Logger {
  const holder = globalThis as Holder
  holder[key] ??= pino({
    level: getConfig().LOG_LEVEL,
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
  return holder[key]
}
