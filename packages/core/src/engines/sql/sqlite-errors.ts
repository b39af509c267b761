// Turns a SQLite result code into the error a reader sees and the status the runner acts on.
import type { EngineRunOutcome } from '../../protocol/engine.js'
import type { RunError } from '../../protocol/types.js'

// Primary result codes (the low byte of an extended code), named as in sqlite3.h.
const CODE_NAMES: Record<number, string> = {
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  23: 'SQLITE_AUTH',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
}
const NOMEM = 7
const CANTOPEN = 14
const TOOBIG = 18

/** A failure as the engine reports it: `limit` for memory and size limits, `error` for everything else. */
export interface Failure {
  status: EngineRunOutcome['status']
  error: RunError
}

/**
 * Names a failed SQLite call. Plain SQL errors (syntax, missing table) are `SQLError`; other codes keep
 * SQLite's name, such as `SQLITE_CONSTRAINT`. Running out of memory or past SQLite's size limit is a
 * `limit`, with a message that says which limit and what to do.
 */
export function describeFailure(code: number, message: string, memoryLimitMb: number): Failure {
  const primary = code & 0xff
  if (primary === NOMEM) {
    const text = `out of memory: the query needs more than the ${memoryLimitMb} MB memory limit. Work on less data at once.`
    return { status: 'limit', error: { name: 'SQLITE_NOMEM', message: text } }
  }
  if (primary === TOOBIG) {
    const text = `${message}: a value is larger than SQLite allows. Make the string or blob smaller.`
    return { status: 'limit', error: { name: 'SQLITE_TOOBIG', message: text } }
  }
  if (primary === CANTOPEN) {
    // The engine refuses to create files (see sqlite-module.ts), which is what this almost always means.
    const text = `${message}. SQL cannot create files in Runcell; pass database files with the run instead.`
    return { status: 'error', error: { name: 'SQLITE_CANTOPEN', message: text } }
  }
  return { status: 'error', error: { name: CODE_NAMES[primary] ?? 'SQLError', message } }
}
