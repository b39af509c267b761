// Runs the benchmarks in one Chromium and writes the results. Every metric is measured against its baseline
// in the same run, so the ratios hold on a noisy shared machine where absolute numbers don't.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { launchBenchBrowser } from './browser.mjs'
import { pythonStart } from './metrics/python-start.mjs'
import { roundTrip } from './metrics/round-trip.mjs'
import { pythonStop } from './metrics/stop.mjs'
import { inputRoundTrip } from './metrics/input-round-trip.mjs'
import { memory } from './metrics/memory.mjs'
import { pythonNetwork } from './metrics/network.mjs'
import { pageBytesNoClick } from './metrics/no-click.mjs'
import { codeRunnerIdle, elementsModule, reactEntry } from './metrics/bundle.mjs'
import { docsCheck } from './metrics/docs-check.mjs'
import { hostApp } from './metrics/host.mjs'
import { pythonPackages } from './metrics/packages.mjs'
import { pythonCompute } from './metrics/python-compute.mjs'
import { startBenchOrigins } from './servers.mjs'
import { pending } from './stats.mjs'

/** Every metric of the issue, in its order, with what a pending row needs. */
export const METRICS = [
  { metric: 'python_cold_first_output', target: 0.35, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_cold_first_output_4g', target: 0.8, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_first_output_bytes', target: 1.0, targetOn: 'ratio', unit: 'MB' },
  { metric: 'python_warm_page_first_output', target: 1.0, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_respawn', target: 0.4, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_round_trip_overhead_ms', target: 3, targetOn: 'value', unit: 'ms' },
  { metric: 'js_round_trip_overhead_ms', target: 1, targetOn: 'value', unit: 'ms' },
  { metric: 'sql_bulk', target: 1.2, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_stop_isolated_ms', target: 100, targetOn: 'value', unit: 'ms' },
  { metric: 'python_input_round_trip_ms', target: 5, targetOn: 'value', unit: 'ms' },
  { metric: 'memory_50_runners', target: 1.3, targetOn: 'ratio', unit: 'MB' },
  { metric: 'host_longest_task_ms', target: 50, targetOn: 'value', unit: 'ms' },
  { metric: 'react_entry_gzip_kb', target: 60, targetOn: 'value', unit: 'KB' },
  { metric: 'elements_gzip_kb', target: 150, targetOn: 'value', unit: 'KB' },
  { metric: 'code_runner_idle_gzip_kb', target: 15, targetOn: 'value', unit: 'KB' },
  { metric: 'docs_check_per_snippet_ms', target: 1.5, targetOn: 'ratio', unit: 'ms' },
  { metric: 'host_health_rps', target: 0.5, targetOn: 'ratio', unit: 'req/s', better: 'higher' },
  { metric: 'host_ingest_p99_ms', target: 50, targetOn: 'value', unit: 'ms' },
  { metric: 'page_bytes_no_click', target: 300, targetOn: 'value', unit: 'KB' },
  { metric: 'python_package_first_import', target: 1.0, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_package_second_page_import', target: 0.3, targetOn: 'ratio', unit: 'ms' },
  { metric: 'python_compute_ms', target: 1.2, targetOn: 'ratio', unit: 'ms' },
]

async function guarded(name, measure, log) {
  const started = Date.now()
  try {
    const rows = await measure()
    log(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return rows
  } catch (error) {
    log(`  ${name} failed: ${error.message}`)
    return []
  }
}

/**
 * Runs the benchmarks. `smoke` runs a couple of metrics with tiny iterations (for npm test); the rest are
 * listed as pending. Returns { results } and writes it as JSON to `out`, and the cold-load waterfall over the
 * paced link beside it (waterfall-4g.json).
 */
export async function runBench({ smoke = false, out, log = console.log } = {}) {
  const rows = []
  const origins = await startBenchOrigins()
  try {
    const browser = await launchBenchBrowser()
    try {
      if (!smoke)
        rows.push(...(await guarded('python start', () => pythonStart(browser, origins, { runs: 3 }), log)))
      // 200 round trips per side give 20 batch means, so one slow batch on a shared machine moves the median little.
      const trips = smoke ? { count: 3, runs: 1, sql: false, warmRuns: 1, pages: 1 } : { count: 200, runs: 9 }
      rows.push(...(await guarded('round trips', () => roundTrip(browser, origins, trips), log)))
      if (!smoke) rows.push(...(await guarded('stop', () => pythonStop(browser, { runs: 5 }), log)))
      if (!smoke) rows.push(...(await guarded('input', () => inputRoundTrip(browser, { count: 50 }), log)))
      if (!smoke) {
        const waterfallFile = out && join(dirname(out), 'waterfall-4g.json')
        const network = () => pythonNetwork(browser, { runs: 3, waterfallFile, log })
        rows.push(...(await guarded('python over 4g', network, log)))
        rows.push(...(await guarded('docs page, no click', () => pageBytesNoClick(browser), log)))
        const packages = () => pythonPackages(browser, origins, { runs: 3 })
        rows.push(...(await guarded('docs check', () => docsCheck(browser, origins), log)))
        rows.push(...(await guarded('python packages', packages, log)))
        const compute = () => pythonCompute(browser, origins, { runs: 3 })
        rows.push(...(await guarded('python compute', compute, log)))
      }
    } finally {
      await browser.close()
    }
    // Memory is read per process, so it runs with no other browser open.
    if (!smoke) rows.push(...(await guarded('memory', () => memory(origins), log)))
  } finally {
    await origins.close()
  }
  rows.push(...(await reactEntry()))
  rows.push(...(await elementsModule()))
  rows.push(...(await codeRunnerIdle()))
  if (!smoke) rows.push(...(await guarded('host app', () => hostApp({ seconds: 5 }), log)))
  const results = METRICS.map(
    (spec) =>
      rows.find((row) => row.metric === spec.metric) ??
      pending({ ...spec, reason: smoke ? 'not in the smoke run' : 'measurement failed (see the log)' }),
  )
  if (out) {
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, JSON.stringify({ results }, null, 2) + '\n')
  }
  return { results }
}

const cell = (value) => (value === null || value === undefined ? '—' : String(value))

/** The results as a plain-text table: metric, runcell, baseline, ratio, target. */
export function formatTable(results) {
  const rows = results.map((r) => [
    r.metric,
    r.pending ? `pending: ${r.pending}` : `${cell(r.value)} ${r.unit}`,
    cell(r.baseline),
    cell(r.ratio),
    `${r.targetOn === 'ratio' ? 'ratio' : 'value'} ${r.better === 'higher' ? '≥' : '≤'} ${r.target}`,
    r.met === null ? '' : r.met ? 'met' : 'MISSED',
  ])
  const header = ['metric', 'runcell', 'baseline', 'ratio', 'target', '']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  return [header, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n')
}
