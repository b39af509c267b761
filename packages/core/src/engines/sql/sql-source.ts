// Where statements start in the user's SQL. SQLite reports statement boundaries as byte offsets into the
// UTF-8 text it was given, so these work on those bytes; a line is the same in bytes and in characters.

const NEWLINE = 0x0a
const DASH = 0x2d
const SLASH = 0x2f
const STAR = 0x2a

function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)
}

/**
 * Skips the whitespace and comments that SQLite lets precede a statement, returning the offset of the
 * statement's first token (or the end of the text).
 */
export function skipToStatement(sql: Uint8Array, offset: number): number {
  let at = offset
  while (at < sql.length) {
    const byte = sql[at] as number
    if (isSpace(byte)) at++
    else if (byte === DASH && sql[at + 1] === DASH) {
      while (at < sql.length && sql[at] !== NEWLINE) at++
    } else if (byte === SLASH && sql[at + 1] === STAR) {
      at += 2
      while (at < sql.length && !(sql[at] === STAR && sql[at + 1] === SLASH)) at++
      at = Math.min(sql.length, at + 2)
    } else break
  }
  return at
}

/** The 1-based line of a byte offset in UTF-8 text. */
export function lineAt(sql: Uint8Array, offset: number): number {
  let line = 1
  const end = Math.min(offset, sql.length)
  for (let i = 0; i < end; i++) if (sql[i] === NEWLINE) line++
  return line
}

/** The 1-based line on which the statement beginning at or after `offset` (a statement's raw start) starts. */
export function statementLine(sql: Uint8Array, offset: number): number {
  return lineAt(sql, skipToStatement(sql, offset))
}
