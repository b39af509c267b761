// python_round_trip_overhead_ms, js_round_trip_overhead_ms and sql_bulk: warm engines, Runcell's runtime
// against the raw engine behind a plain postMessage round trip.
import { median, result } from '../stats.mjs'

async function openRuncell(browser, origins) {
  const page = await browser.newPage()
  await page.goto(`${origins.host.url}/runcell.html`)
  await page.waitForFunction(() => window.benchReady === true)
  return page
}

async function openRaw(browser, origins, language) {
  const page = await browser.newPage()
  await page.goto(`http://localhost:${origins.assets.port}/bench/raw-${language}.html`)
  await page.evaluate(() => window.firstOutput)
  return page
}

/**
 * Untimed runs each side makes before timing starts, so that "warm" means steady state for both. Raw Pyodide
 * tiers its hot wasm functions up during its own start-up; an engine restored from Runcell's memory snapshot
 * skipped that start-up, so V8 tiers its hot wasm functions up over its first several hundred runs: traced in
 * Chromium 156, ~0.5 s of TurboFan work on the runner's thread pool during the first 200 `print(1)` runs. Since
 * input, checks and packages came, that phase lasts longer: after 400 runs the runner's process still burned
 * 70-300 ms of CPU in the next 2 s of idle (none after 1,000), and `print(1)` runs 400-600 averaged 3-4 ms
 * against 1.1-1.5 ms from run 900 on. The phase itself is written in the note of python_round_trip_overhead_ms.
 */
const WARM_RUNS = 1_000

/**
 * Wall time per round trip: `count` sequential calls in batches of up to 10, the median of the batch means.
 * Batches because a page that is not cross-origin isolated reads the clock in 0.1 ms steps.
 */
async function roundTrips(runcell, raw, language, code, count, warmRuns) {
  const size = Math.min(10, count)
  const batches = Math.max(1, Math.round(count / size))
  const ours = await runcell.evaluate(
    async ([lang, source, n, k, warm]) => {
      // The warm-up is timed too, per 200 runs, so the tier-up phase shows in the note.
      const warming = []
      for (let i = 0; i < warm; i += 200) {
        const started = performance.now()
        const end = Math.min(warm, i + 200)
        for (let j = i; j < end; j++) await window.timeRun({ language: lang, code: source })
        warming.push((performance.now() - started) / (end - i))
      }
      const means = []
      const engine = []
      for (let b = 0; b < n; b++) {
        const started = performance.now()
        for (let i = 0; i < k; i++)
          engine.push((await window.timeRun({ language: lang, code: source })).engineMs)
        means.push((performance.now() - started) / k)
      }
      return { means, engine, warming }
    },
    [language, code, batches, size, warmRuns],
  )
  const theirs = await raw.evaluate(
    async ([source, n, k, warm]) => {
      for (let i = 0; i < warm; i++) await window.call(source)
      const means = []
      for (let b = 0; b < n; b++) {
        const started = performance.now()
        for (let i = 0; i < k; i++) await window.call(source)
        means.push((performance.now() - started) / k)
      }
      return means
    },
    [code, batches, size, warmRuns],
  )
  return {
    runcell: median(ours.means),
    engine: median(ours.engine),
    raw: median(theirs),
    warming: ours.warming,
  }
}

/** 100k single-row INSERTs in one transaction (in four pieces: a run's code is capped at 1M characters). */
function bulkSteps() {
  const pieces = Array.from({ length: 4 }, (_, piece) =>
    Array.from(
      { length: 25_000 },
      (_, i) => `INSERT INTO p VALUES (${i % 100}, ${(piece * 25_000 + i) / 2});`,
    ).join('\n'),
  )
  return [
    'CREATE TABLE p(k INTEGER, v REAL); BEGIN;',
    ...pieces,
    'COMMIT; SELECT k, count(*) AS n, sum(v) AS total FROM p GROUP BY k;',
  ]
}

/**
 * `runs` timed pairs (Runcell, then raw) after one untimed pair, both on one database that each run empties
 * first (untimed), so both sides do the same SQL on an engine that has tiered up and grown its memory. Nine
 * pairs, because a 250 ms run on this shared machine now and then takes 1.5x as long on either side.
 */
async function sqlBulk(runcell, raw, runs) {
  const steps = bulkSteps()
  const ours = []
  const theirs = []
  for (let i = 0; i <= runs; i++) {
    const mine = await runcell.evaluate(async (codes) => {
      const session = 'bulk'
      await window.timeRun({ language: 'sql', code: 'DROP TABLE IF EXISTS p;', session })
      const started = performance.now()
      for (const code of codes) {
        const run = await window.timeRun({ language: 'sql', code, session })
        if (run.status !== 'ok') throw new Error(`sql_bulk failed: ${run.status}`)
      }
      return performance.now() - started
    }, steps)
    const raws = await raw.evaluate(async (codes) => {
      await window.call('DROP TABLE IF EXISTS p;')
      const started = performance.now()
      for (const code of codes) await window.call(code)
      return performance.now() - started
    }, steps)
    if (i === 0) continue
    ours.push(mine)
    theirs.push(raws)
  }
  return { runcell: median(ours), raw: median(theirs) }
}

/**
 * Runcell pages the round trips are measured on, each with its own interpreters, warm-up and raw pages: the
 * same build measured 0.6-0.9 ms of Python overhead from one page load to the next on this 2-core machine.
 */
const PAGES = 3

export async function roundTrip(
  browser,
  origins,
  { count, runs, sql = true, warmRuns = WARM_RUNS, pages = PAGES },
) {
  const languages = [
    ['python', 'print(1)', 'python_round_trip_overhead_ms', 3],
    ['javascript', 'console.log(1)', 'js_round_trip_overhead_ms', 1],
  ]
  const measured = languages.map(() => [])
  for (let page = 0; page < pages; page++) {
    const runcell = await openRuncell(browser, origins)
    for (const [i, [language, code]] of languages.entries()) {
      const raw = await openRaw(browser, origins, language === 'python' ? 'python' : 'js')
      measured[i].push(await roundTrips(runcell, raw, language, code, count, warmRuns))
      await raw.close()
    }
    await runcell.close()
  }
  const results = []
  for (const [i, [, code, metric, target]] of languages.entries()) {
    const all = measured[i]
    const overhead = median(all.map((times) => times.runcell - times.raw))
    const raw = median(all.map((times) => times.raw))
    const each = all
      .map(
        (times) =>
          `Runcell ${times.runcell.toFixed(2)} ms per run (engine ${times.engine.toFixed(2)} ms) vs raw ${times.raw.toFixed(3)} ms, untimed runs ${times.warming.map((ms) => ms.toFixed(2)).join(', ')} ms per 200`,
      )
      .join('; ')
    results.push(
      result({
        metric,
        value: overhead,
        baseline: raw,
        target,
        targetOn: 'value',
        unit: 'ms',
        note: `median over ${all.length} page loads of (Runcell - raw) per run, ${count} warm ${code} after ${warmRuns} untimed each; the engine's run is on the runner's clock; the untimed runs' means show the wasm tier-up phase; ratio: Runcell total / raw. Per page: ${each}`,
      }),
    )
    results.at(-1).ratio = Math.round(((overhead + raw) / raw) * 100) / 100
  }
  if (sql) {
    const runcell = await openRuncell(browser, origins)
    const raw = await openRaw(browser, origins, 'sql')
    await runcell.evaluate(() => window.timeRun({ language: 'sql', code: 'SELECT 1;' }))
    const times = await sqlBulk(runcell, raw, runs)
    await raw.close()
    results.push(
      result({
        metric: 'sql_bulk',
        value: times.runcell,
        baseline: times.raw,
        target: 1.2,
        targetOn: 'ratio',
        unit: 'ms',
        note: `100k INSERTs in one transaction plus a GROUP BY (6 runs in one session) vs raw sql.js db.exec in a worker, the same SQL on both; medians of ${runs} runs after one untimed`,
      }),
    )
    await runcell.close()
  }
  return results
}
