import { createServer } from 'node:http'
import { expect, test } from 'vitest'
import { METRICS, formatTable, runBench } from '../bench/bench.mjs'
import { startPacedOrigin } from '../bench/pacing.mjs'

// `npm run bench` itself is not part of npm test; this short version keeps it working. It checks the shape of
// the results only: speed belongs in bench/, never in a test's assertions.

test('the benchmark smoke run writes a result for every metric in the agreed shape', async () => {
  const { results } = await runBench({ smoke: true, log: () => {} })
  expect(results.map((r) => r.metric)).toEqual(METRICS.map((m) => m.metric))
  expect(results.map((r) => r.metric)).toEqual(
    expect.arrayContaining([
      'python_cold_first_output_4g',
      'python_first_output_bytes',
      'page_bytes_no_click',
    ]),
  )
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

test('the pacing server gzips what production gzips, passes zips through, and logs every byte it sent', async () => {
  const body = 'print(1)\n'.repeat(4000)
  const upstream = createServer((req, res) => {
    res.writeHead(200, { 'content-type': req.url === '/a.zip' ? 'application/zip' : 'application/wasm' })
    res.end(body)
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  const paced = await startPacedOrigin({ host: '127.0.0.1' })
  paced.route((upstream.address() as { port: number }).port)
  try {
    const wasm = await fetch(`${paced.url}/a.wasm`, { headers: { 'accept-encoding': 'gzip, br' } })
    expect(wasm.headers.get('content-encoding')).toBe('gzip')
    expect(await wasm.text()).toBe(body)
    const zip = await fetch(`${paced.url}/a.zip`, { headers: { 'accept-encoding': 'gzip, br' } })
    expect(zip.headers.get('content-encoding')).toBeNull()
    expect(await zip.text()).toBe(body)
    const [gzipped, plain] = paced.log
    expect(gzipped?.encoding).toBe('gzip')
    expect(gzipped!.bytes).toBeLessThan(body.length / 10)
    expect(plain!.bytes).toBeGreaterThan(body.length)
    expect(paced.bytesBetween(0, Infinity)).toBe(gzipped!.bytes + plain!.bytes)
  } finally {
    await paced.close()
    upstream.close()
  }
})
