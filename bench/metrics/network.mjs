// python_cold_first_output_4g and python_first_output_bytes: the cold start of python_cold_first_output, but
// with both origins behind the paced proxies of bench/pacing.mjs (20 Mbit/s shared per origin, 40 ms before
// each first byte, production Content-Encoding). Also the waterfall of one cold load of each side: every
// response with its encoded size and when it started, got its first byte and ended, from navigation start.
import { writeFileSync } from 'node:fs'
import { LATENCY_4G_MS, RATE_4G } from '../pacing.mjs'
import { benchAssetFiles, startBenchOrigins } from '../servers.mjs'
import { median, result } from '../stats.mjs'

const epoch = () => performance.timeOrigin + performance.now()
const LINK = `${(RATE_4G * 8) / 1000} Mbit/s per origin, ${LATENCY_4G_MS} ms before each first byte`

/** One cold load in a fresh context: first output (ms from navigation), bytes before it, the waterfall. */
async function coldLoad(browser, origins, url) {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const since = epoch()
    await page.goto(url)
    const { first, origin } = await page.evaluate(async () => ({
      first: await window.firstOutput,
      origin: performance.timeOrigin,
    }))
    const until = origin + first
    const entries = [
      ...origins.host.log.map((entry) => ({ ...entry, origin: 'host' })),
      ...origins.assets.log.map((entry) => ({ ...entry, origin: 'assets' })),
    ].filter((entry) => entry.start >= since && entry.start <= until)
    // A build elsewhere on the machine rewrites the assets; a load that missed a file measured something else.
    const missing = entries.filter((entry) => entry.status >= 400 && !entry.path.startsWith('/favicon'))
    if (missing.length > 0)
      throw new Error(`HTTP ${missing[0].status} for ${missing.map((entry) => entry.path).join(', ')}`)
    const waterfall = entries
      .sort((a, b) => a.start - b.start)
      .map((entry) => ({
        origin: entry.origin,
        path: entry.path,
        encoding: entry.encoding,
        bytes: entry.bytes,
        startMs: Math.round(entry.start - origin),
        firstByteMs: Math.round((entry.firstByte ?? entry.end) - origin),
        endMs: Math.round((entry.end ?? until) - origin),
      }))
    // Everything after the last byte before the first output is CPU: compile, start-up, the first run.
    const lastByte = Math.max(0, ...waterfall.map((row) => row.endMs))
    return {
      first,
      bytes: origins.bytesBetween(since, until),
      waterfall,
      lastByte,
      afterLastByte: first - lastByte,
    }
  } finally {
    await context.close()
  }
}

/** The waterfall as text lines, for the log and the note. */
export function formatWaterfall(name, load) {
  const lines = load.waterfall.map(
    (row) =>
      `  ${row.path.padEnd(48)} ${String(row.encoding ?? '-').padEnd(5)} ${(row.bytes / 1024).toFixed(0).padStart(6)} KB  ` +
      `start ${String(row.startMs).padStart(5)}  first byte ${String(row.firstByteMs).padStart(5)}  end ${String(row.endMs).padStart(5)} ms`,
  )
  return [
    `${name}: first output ${Math.round(load.first)} ms, ${(load.bytes / 1e6).toFixed(2)} MB before it; ` +
      `last byte at ${load.lastByte} ms, then ${Math.round(load.afterLastByte)} ms of CPU`,
    ...lines,
  ].join('\n')
}

export async function pythonNetwork(browser, { runs, waterfallFile, log = console.log, paced = true }) {
  const origins = await startBenchOrigins({ paced })
  try {
    await origins.assets.prime(benchAssetFiles().map((file) => `/runcell/${file.path}`))
    const runcellUrl = `${origins.host.url}/runcell.html?autorun=python`
    const rawUrl = `${origins.assets.url}/bench/raw-python.html`
    const loads = { runcell: [], raw: [] }
    for (let i = 0; i < runs; i++) {
      // Alternate which side goes first, so neither always gets the quieter machine.
      for (const side of i % 2 ? ['raw', 'runcell'] : ['runcell', 'raw']) {
        const url = side === 'raw' ? rawUrl : runcellUrl
        // One retry: a build elsewhere on this shared machine can rewrite the assets mid-load.
        const load = await coldLoad(browser, origins, url).catch((error) => {
          log(`  ${side} cold load retried: ${error.message}`)
          return coldLoad(browser, origins, url)
        })
        loads[side].push(load)
      }
    }
    const mid = (side, key) => median(loads[side].map((load) => load[key]))
    // The waterfall of each side's median run, so it shows a typical load.
    const typical = (side) =>
      loads[side].reduce((best, load) =>
        Math.abs(load.first - mid(side, 'first')) < Math.abs(best.first - mid(side, 'first')) ? load : best,
      )
    const waterfall = { link: LINK, runcell: typical('runcell'), raw: typical('raw') }
    log(formatWaterfall('runcell', waterfall.runcell))
    log(formatWaterfall('raw', waterfall.raw))
    if (waterfallFile) writeFileSync(waterfallFile, JSON.stringify(waterfall, null, 2) + '\n')
    const each = (side, key, scale) => loads[side].map((load) => Math.round(load[key] / scale)).join(', ')
    return [
      result({
        metric: 'python_cold_first_output_4g',
        value: mid('runcell', 'first'),
        baseline: mid('raw', 'first'),
        target: 0.8,
        targetOn: 'ratio',
        unit: 'ms',
        note: `fresh context to first print(1) through the pacing server (${LINK}, production Content-Encoding): Runcell vs loadPyodide() in a same-origin module worker; median of ${runs} (Runcell ${each('runcell', 'first', 1)} ms; raw ${each('raw', 'first', 1)} ms); after the last byte before the output, Runcell ${each('runcell', 'afterLastByte', 1)} ms, raw ${each('raw', 'afterLastByte', 1)} ms`,
      }),
      result({
        metric: 'python_first_output_bytes',
        value: mid('runcell', 'bytes') / 1e6,
        baseline: mid('raw', 'bytes') / 1e6,
        target: 1.0,
        targetOn: 'ratio',
        unit: 'MB',
        note: `bytes both origins sent (headers and encoded bodies) from navigation to the first print(1) output, in the same runs; median of ${runs}`,
      }),
    ]
  } finally {
    await origins.close()
  }
}
