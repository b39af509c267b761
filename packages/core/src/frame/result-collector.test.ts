import { describe, expect, it } from 'vitest'
import { TRUNCATION_MARKER } from '../protocol/limits.js'
import type { RunEvent } from '../protocol/types.js'
import { ResultCollector } from './result-collector.js'

function collect(limitChars: number, maxRows?: number) {
  const forwarded: RunEvent[] = []
  return { collector: new ResultCollector(limitChars, (event) => forwarded.push(event), maxRows), forwarded }
}

describe('ResultCollector', () => {
  it('keeps stdout and stderr in one budget and marks the cut once', () => {
    const { collector, forwarded } = collect(10)
    collector.add({ type: 'stdout', text: 'abcdef' })
    collector.add({ type: 'stderr', text: 'ghijkl' })
    collector.add({ type: 'stdout', text: 'more' })
    const result = collector.finish('ok', 5)
    expect(result.stdout).toBe('abcdef')
    expect(result.stderr).toBe('ghij' + TRUNCATION_MARKER)
    expect(result.truncated).toBe(true)
    expect(forwarded.filter((e) => e.type === 'stderr' && e.text === TRUNCATION_MARKER)).toHaveLength(1)
  })

  it('charges display data and tables to the same budget as text, and drops what no longer fits', () => {
    const { collector, forwarded } = collect(3_000)
    collector.add({ type: 'display', mime: 'text/html', data: 'x'.repeat(1_500) })
    collector.add({ type: 'display', mime: 'text/html', data: 'one too many' })
    collector.add({ type: 'stdout', text: 'after' })
    const result = collector.finish('ok', 1)
    expect(result.outputs).toHaveLength(1)
    expect(result.stdout).toBe('after')
    expect(result.truncated).toBe(true)
    expect(forwarded.filter((e) => e.type === 'display')).toHaveLength(1)
  })

  it('cuts a table to maxRows however many rows the worker sent, and marks it truncated', () => {
    const { collector } = collect(1_000_000, 10)
    const rows = Array.from({ length: 100_000 }, (_, i) => [i])
    collector.add({ type: 'table', columns: ['n'], rows, truncated: false })
    const [table] = collector.finish('ok', 1).outputs
    expect(table).toMatchObject({ type: 'table', truncated: true })
    expect(table?.type === 'table' && table.rows).toHaveLength(10)
  })

  it('charges every cell, NULL included, so a table of NULLs is cut at the budget', () => {
    const { collector } = collect(1_000 + 16 + 100 * 16, 1_000)
    collector.add({
      type: 'table',
      columns: [''],
      rows: Array.from({ length: 1_000 }, () => [null]),
      truncated: false,
    })
    const result = collector.finish('ok', 1)
    const table = result.outputs[0]
    expect(table?.type === 'table' && table.rows).toHaveLength(100)
    expect(result.truncated).toBe(true)
  })

  it('drops a table whose column headers alone are over the budget', () => {
    const { collector } = collect(50_000)
    collector.add({ type: 'table', columns: Array(500).fill('h'.repeat(10_000)), rows: [], truncated: false })
    const result = collector.finish('ok', 1)
    expect(result.outputs).toEqual([])
    expect(result.truncated).toBe(true)
  })

  it('passes a status event on once per phase, without a loading stage', () => {
    const { collector, forwarded } = collect(100)
    collector.add({ type: 'status', phase: 'loading', stage: 'download' })
    for (let i = 0; i < 1_000; i++)
      collector.add({ type: 'status', phase: 'loading', stage: i % 2 ? 'compile' : 'download' })
    collector.add({ type: 'status', phase: 'running' })
    expect(forwarded).toEqual([
      { type: 'status', phase: 'loading' },
      { type: 'status', phase: 'running' },
    ])
    expect(collector.finish('ok', 1).outputs).toEqual([])
  })
})
