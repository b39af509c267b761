import { describe, expect, it } from 'vitest'
import { TRUNCATION_MARKER } from '../protocol/limits.js'
import type { RunEvent } from '../protocol/types.js'
import { MAX_DISPLAY_TOTAL_CHARS, ResultCollector } from './result-collector.js'

function collect(limitChars: number) {
  const forwarded: RunEvent[] = []
  return { collector: new ResultCollector(limitChars, (event) => forwarded.push(event)), forwarded }
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

  it('drops display outputs past the total display budget, and text still flows', () => {
    const { collector } = collect(100)
    const big = 'x'.repeat(MAX_DISPLAY_TOTAL_CHARS / 2)
    collector.add({ type: 'display', mime: 'text/html', data: big })
    collector.add({ type: 'display', mime: 'text/html', data: big })
    collector.add({ type: 'display', mime: 'text/html', data: 'one too many' })
    collector.add({ type: 'stdout', text: 'after' })
    const result = collector.finish('ok', 1)
    expect(result.outputs).toHaveLength(2)
    expect(result.truncated).toBe(true)
    expect(result.stdout).toBe('after')
  })

  it('passes status events on without keeping them', () => {
    const { collector, forwarded } = collect(100)
    collector.add({ type: 'status', phase: 'running' })
    expect(forwarded).toEqual([{ type: 'status', phase: 'running' }])
    expect(collector.finish('ok', 1).outputs).toEqual([])
  })
})
