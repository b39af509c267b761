import { describe, expect, it } from 'vitest'
import { RunInput } from './run-input.js'

describe('RunInput', () => {
  it('counts only the time spent waiting, the current wait included', () => {
    const input = new RunInput()
    input.startWaiting(100)
    expect(input.waiting).toBe(true)
    expect(input.waitedMs(150)).toBe(50)
    input.stopWaiting(400)
    input.startWaiting(500)
    input.stopWaiting(600)
    expect(input.waiting).toBe(false)
    expect(input.waitedMs(1_000)).toBe(400)
  })

  it('shows a replayed attempt only from where the earlier attempt stopped', () => {
    const input = new RunInput()
    expect(input.unseen({ type: 'stdout', text: 'hello ' })).toEqual({ type: 'stdout', text: 'hello ' })
    expect(input.unseen({ type: 'stdout', text: 'Name? ' })).toEqual({ type: 'stdout', text: 'Name? ' })
    input.newAttempt()
    expect(input.unseen({ type: 'stdout', text: 'hello Name? ' })).toBeNull()
    expect(input.unseen({ type: 'stdout', text: 'Ada\n' })).toEqual({ type: 'stdout', text: 'Ada\n' })
    input.newAttempt()
    expect(input.unseen({ type: 'stdout', text: 'hello Name? Ad' })).toBeNull()
    expect(input.unseen({ type: 'stderr', text: 'a\nwarn' })).toEqual({ type: 'stderr', text: 'warn' })
  })

  it('skips rich outputs an earlier attempt showed, and passes status events', () => {
    const input = new RunInput()
    const table = { type: 'table' as const, columns: ['a'], rows: [[1]], truncated: false }
    expect(input.unseen(table)).toBe(table)
    input.newAttempt()
    expect(input.unseen(table)).toBeNull()
    expect(input.unseen({ type: 'display', mime: 'text/plain', data: 'new' })).not.toBeNull()
    expect(input.unseen({ type: 'status', phase: 'running' })).toEqual({ type: 'status', phase: 'running' })
  })
})
