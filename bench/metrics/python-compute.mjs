// python_compute_ms: CPU-bound Python in a page whose Python has just loaded, through Runcell (memory snapshot
// and all) against raw Pyodide in a plain worker. The probe times itself inside Python (perf_counter), so
// message round trips don't count: a set of stdlib imports, then a 300k-step loop. Each sample is a fresh
// browser context (no HTTP or code cache), and the probe is the first code after the engine's first output.
import { median, result } from '../stats.mjs'

/** Prints "<imports ms> <loop ms>". */
export const COMPUTE_PROBE = `import time
_t0 = time.perf_counter()
import zipfile, shutil, tarfile, email.parser, importlib.metadata
_t1 = time.perf_counter()
_n = 0
for _i in range(300000):
    _n += _i % 7
_t2 = time.perf_counter()
print(f"{(_t1 - _t0) * 1000:.1f} {(_t2 - _t1) * 1000:.1f}")`

// `done` is when the probe's answer reached the page, in ms since navigation: start-up plus the probe.
const parse = (stdout, done) => {
  const [imports, loop] = String(stdout).trim().split(' ').map(Number)
  if (!Number.isFinite(imports) || !Number.isFinite(loop)) throw new Error(`probe printed ${stdout}`)
  return { imports, loop, done }
}

/** One sample of the probe on one side, in a fresh context. */
export async function computeSample(browser, origins, side) {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    if (side === 'raw') {
      await page.goto(`http://localhost:${origins.assets.port}/bench/raw-python.html`)
      await page.evaluate(() => window.firstOutput)
      const answer = await page.evaluate(
        async (code) => ({ stdout: await window.call(code), done: performance.now() }),
        COMPUTE_PROBE,
      )
      return parse(answer.stdout, answer.done)
    }
    await page.goto(`${origins.host.url}/runcell.html?autorun=python`)
    await page.evaluate(() => window.firstOutput)
    const run = await page.evaluate(
      (code) => window.timeRun({ language: 'python', code, timeoutMs: 120_000 }),
      COMPUTE_PROBE,
    )
    if (run.status !== 'ok') throw new Error(`probe ended ${run.status}`)
    return parse(run.stdout, run.endedAt)
  } finally {
    await context.close()
  }
}

/** `runs` samples per side, alternating which side goes first. */
export async function pythonCompute(browser, origins, { runs }) {
  const samples = { runcell: [], raw: [] }
  for (let i = 0; i < runs; i++) {
    for (const side of i % 2 ? ['raw', 'runcell'] : ['runcell', 'raw']) {
      samples[side].push(await computeSample(browser, origins, side))
    }
  }
  const total = (sample) => sample.imports + sample.loop
  const part = (side, key) => Math.round(median(samples[side].map((sample) => sample[key])))
  return [
    result({
      metric: 'python_compute_ms',
      value: median(samples.runcell.map(total)),
      baseline: median(samples.raw.map(total)),
      target: 1.2,
      targetOn: 'ratio',
      unit: 'ms',
      note:
        `five stdlib imports then a 300k-step loop, timed in Python, first code after start-up; Runcell vs raw ` +
        `Pyodide in a plain worker, fresh context each, median of ${runs} (imports ${part('runcell', 'imports')} ` +
        `vs ${part('raw', 'imports')} ms, loop ${part('runcell', 'loop')} vs ${part('raw', 'loop')} ms; from ` +
        `navigation to the probe's end ${part('runcell', 'done')} vs ${part('raw', 'done')} ms: the snapshot ` +
        `skips the boot that warms V8's code for raw Pyodide, so part of the start-up saved is paid here)`,
    }),
  ]
}
