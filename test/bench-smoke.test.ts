import { expect, test } from 'vitest'
import { METRICS, formatTable, runBench } from '../bench/bench.mjs'

// `npm run bench` itself is not part of npm test; this short version keeps it working. It checks the shape of
// the results only: speed belongs in bench/, never in a test's assertions.

test('the benchmark smoke run writes a result for every metric in the agreed shape', async () => {
  const { results } = await runBench({ smoke: true, log: () => {} })
  expect(results.map((r) => r.metric)).toEqual(METRICS.map((m) => m.metric))
  for (const row of results) {
    expect(Object.keys(row)).toEqual(
      expect.arrayContaining(['metric', 'value', 'baseline', 'ratio', 'target', 'unit', 'better']),
    )
    expect(['lower', 'higher']).toContain(row.better)
    expect(typeof row.target).toBe('number')
  }
  const measured = results.filter((row) => !row.pending)
  expect(measured.map((row) => row.metric)).toEqual(
    expect.arrayContaining(['python_round_trip_overhead_ms', 'js_round_trip_overhead_ms']),
  )
  for (const row of measured) expect(typeof row.value).toBe('number')
  expect(formatTable(results).split('\n')[0]).toMatch(/^metric\s+runcell\s+baseline\s+ratio\s+target/)
})
