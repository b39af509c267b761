import { describe, expect, it } from 'vitest'
import { describeFailure } from './sqlite-errors.js'

describe('describeFailure', () => {
  it('calls a plain SQL error SQLError and keeps SQLite’s message', () => {
    expect(describeFailure(1, 'no such table: t', 100)).toEqual({
      status: 'error',
      error: { name: 'SQLError', message: 'no such table: t' },
    })
  })

  it('names other codes as SQLite does, extended codes included', () => {
    expect(describeFailure(19 | (8 << 8), 'UNIQUE constraint failed: t.id', 100).error.name).toBe(
      'SQLITE_CONSTRAINT',
    )
  })

  it('reports running out of memory as the memory limit, with the limit in the message', () => {
    const failure = describeFailure(7, 'out of memory', 64)
    expect(failure.status).toBe('limit')
    expect(failure.error.message).toContain('64 MB')
  })

  it('reports an oversized value as a limit too', () => {
    expect(describeFailure(18, 'string or blob too big', 100).status).toBe('limit')
  })
})
