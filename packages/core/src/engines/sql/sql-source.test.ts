import { describe, expect, it } from 'vitest'
import { lineAt, skipToStatement, statementLine } from './sql-source.js'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('statementLine', () => {
  it('points past blank lines and comments to the statement itself', () => {
    const sql = utf8('SELECT 1;\n\n-- the broken one\n/* a\nblock */  SELEC 2;')
    expect(statementLine(sql, 'SELECT 1;'.length)).toBe(5)
  })

  it('counts lines in bytes, so text before the statement may hold any characters', () => {
    const sql = utf8("SELECT 'ünïcødé ✓';\nSELECT x;")
    const start = utf8("SELECT 'ünïcødé ✓';").length
    expect(statementLine(sql, start)).toBe(2)
  })

  it('gives line 1 for the first statement', () => {
    expect(statementLine(utf8('  nope'), 0)).toBe(1)
  })
})

describe('skipToStatement', () => {
  it('stops at the end of text made only of comments', () => {
    const sql = utf8('-- nothing\n/* unterminated')
    expect(skipToStatement(sql, 0)).toBe(sql.length)
  })

  it('keeps a single dash or slash, which start a statement token', () => {
    expect(skipToStatement(utf8(' -1'), 0)).toBe(1)
    expect(skipToStatement(utf8(' /x'), 0)).toBe(1)
  })
})

describe('lineAt', () => {
  it('is 1-based and clamps to the text', () => {
    expect(lineAt(utf8('a\nb\nc'), 0)).toBe(1)
    expect(lineAt(utf8('a\nb\nc'), 4)).toBe(3)
    expect(lineAt(utf8('a\nb'), 99)).toBe(2)
  })
})
