import { describe, expect, it } from 'vitest'
import { TRUNCATION_MARKER } from '../protocol/limits.js'
import type { RunEvent } from '../protocol/types.js'
import { ResultCollector } from './result-collector.js'

function collect(limitChars: number, maxRows = 1_000) {
  const forwarded: RunEvent[] = []
  const collector = new ResultCollector(limitChars, (event) => forwarded.push(event), maxRows)
  const text = (type: 'stdout' | 'stderr') =>
    forwarded.flatMap((event) => (event.type === type ? [event.text] : [])).join('')
  const outputs = () => forwarded.filter((event) => event.type === 'display' || event.type === 'table')
  return { collector, forwarded, text, outputs }
}

describe('ResultCollector', () => {
  it('keeps stdout and stderr in one budget and marks the cut once', () => {
    const { collector, forwarded, text } = collect(10)
    collector.add({ type: 'stdout', text: 'abcdef' })
    collector.add({ type: 'stderr', text: 'ghijkl' })
    collector.add({ type: 'stdout', text: 'more' })
    const result = collector.finish('ok', 5)
    expect(text('stdout')).toBe('abcdef')
    expect(text('stderr')).toBe('ghij' + TRUNCATION_MARKER)
    expect(result.truncated).toBe(true)
    expect(forwarded.filter((e) => e.type === 'stderr' && e.text === TRUNCATION_MARKER)).toHaveLength(1)
  })

  it('charges display data and tables to the same budget as text, and drops what no longer fits', () => {
    const { collector, text, outputs } = collect(3_000)
    collector.add({ type: 'display', mime: 'text/html', data: 'x'.repeat(1_500) })
    collector.add({ type: 'display', mime: 'text/html', data: 'one too many' })
    collector.add({ type: 'stdout', text: 'after' })
    const result = collector.finish('ok', 1)
    expect(outputs()).toHaveLength(1)
    expect(text('stdout')).toBe('after')
    expect(result.truncated).toBe(true)
  })

  it('cuts a table to maxRows however many rows the worker sent, and marks it truncated', () => {
    const { collector, outputs } = collect(1_000_000, 10)
    const rows = Array.from({ length: 100_000 }, (_, i) => [i])
    collector.add({ type: 'table', columns: ['n'], rows, truncated: false })
    const [table] = outputs()
    expect(table).toMatchObject({ type: 'table', truncated: true })
    expect(table?.type === 'table' && table.rows).toHaveLength(10)
  })

  it('charges every cell, NULL included, so a table of NULLs is cut at the budget', () => {
    const { collector, outputs } = collect(1_000 + 32 + 100 * 32, 1_000)
    collector.add({
      type: 'table',
      columns: [''],
      rows: Array.from({ length: 1_000 }, () => [null]),
      truncated: false,
    })
    const result = collector.finish('ok', 1)
    const table = outputs()[0]
    expect(table?.type === 'table' && table.rows).toHaveLength(100)
    expect(result.truncated).toBe(true)
  })

  it('drops a table whose column headers alone are over the budget', () => {
    const { collector, outputs } = collect(50_000)
    collector.add({ type: 'table', columns: Array(500).fill('h'.repeat(10_000)), rows: [], truncated: false })
    const result = collector.finish('ok', 1)
    expect(outputs()).toEqual([])
    expect(result.truncated).toBe(true)
  })

  it('passes a status event on once per phase, and none after running', () => {
    const { collector, forwarded } = collect(100)
    for (let i = 0; i < 1_000; i++) collector.add({ type: 'status', phase: 'loading' })
    collector.add({ type: 'status', phase: 'running' })
    collector.add({ type: 'status', phase: 'loading' })
    expect(forwarded).toEqual([
      { type: 'status', phase: 'loading' },
      { type: 'status', phase: 'running' },
    ])
  })

  it('ends a run with its ending only: status, error, duration and flags', () => {
    const { collector } = collect(100)
    collector.add({ type: 'stdout', text: 'shown once, as an event' })
    const error = { name: 'EngineCrash', message: 'gone' }
    expect(collector.finish('error', 12.345, error, true)).toEqual({
      status: 'error',
      durationMs: 12.3,
      error,
      restarted: true,
    })
  })
})
