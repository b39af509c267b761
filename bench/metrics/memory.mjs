// memory_50_runners and host_longest_task_ms. A "runner" is one snippet on the page (what a reader sees as a
// runnable code block); all of a page's runners share its runtime, as @runcell/react's provider does. Memory
// is the proportional set size (PSS) of every renderer process of a browser that shows only that page:
// host page, runner frame and engine workers, whatever process Chromium put them in.
import { readFileSync, readdirSync } from 'node:fs'
import { launchBenchBrowser } from '../browser.mjs'
import { median, result } from '../stats.mjs'

function children() {
  const map = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (!map.has(ppid)) map.set(ppid, [])
      map.get(ppid).push(Number(name))
    } catch {
      // The process ended while we looked.
    }
  }
  return map
}

/** PSS in MB of the renderer processes that descend from this Node process. */
function rendererPssMb() {
  const tree = children()
  const queue = [process.pid]
  let kb = 0
  while (queue.length > 0) {
    const pid = queue.shift()
    for (const child of tree.get(pid) ?? []) queue.push(child)
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      kb += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0)
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024
}

const SNIPPET = {
  python: (i) => `print(${i})`,
  sql: (i) => `SELECT ${i} AS n;`,
  javascript: (i) => `console.log(${i})`,
}

/** Opens a page with `count` runners (languages in turn), warms them all, runs each once. */
async function pageWith(origins, count) {
  const browser = await launchBenchBrowser()
  try {
    const page = await browser.newPage()
    await page.goto(`${origins.host.url}/runcell.html`)
    await page.waitForFunction(() => window.benchReady === true)
    const languages = count === 1 ? ['python'] : ['python', 'sql', 'javascript']
    const requests = Array.from({ length: count }, (_, i) => {
      const language = languages[i % languages.length]
      return { language, code: SNIPPET[language](i) }
    })
    const statuses = await page.evaluate(async (list) => {
      for (const { language } of list) window.rt.warmUp(language)
      const results = await Promise.all(list.map((request) => window.timeRun(request)))
      return results.map((r) => r.status)
    }, requests)
    if (statuses.some((status) => status !== 'ok')) throw new Error(`runs failed: ${statuses.join(',')}`)
    // Let loading garbage settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const longest = await page.evaluate(() => Math.max(0, ...window.longTasks))
    return { mb: rendererPssMb(), longest }
  } finally {
    await browser.close()
  }
}

/** Pages of each size measured in turn: memory is their median, the longest task their maximum. */
const PAGES = 3

export async function memory(origins) {
  const ones = []
  const fifties = []
  for (let i = 0; i < PAGES; i++) {
    ones.push(await pageWith(origins, 1))
    fifties.push(await pageWith(origins, 50))
  }
  const mb = (pages) => median(pages.map((page) => page.mb))
  // A worst case: the longest task of all pages, not a median that would let one page's miss pass.
  const longest = (pages) => Math.max(...pages.map((page) => page.longest))
  const each = fifties.map((page) => page.longest).join(', ')
  return [
    result({
      metric: 'memory_50_runners',
      value: mb(fifties),
      baseline: mb(ones),
      target: 1.3,
      targetOn: 'ratio',
      unit: 'MB',
      note: `PSS of all renderer processes: 50 runners (Python, SQL, JS in turn, one shared runtime) vs 1 Python runner; medians of ${PAGES} pages each`,
    }),
    result({
      metric: 'host_longest_task_ms',
      value: longest(fifties),
      baseline: longest(ones),
      target: 50,
      targetOn: 'value',
      unit: 'ms',
      note: `longest main-thread task on the host page while 50 runners warm up and run, the longest of ${PAGES} pages (each: ${each} ms); baseline: the 1-runner pages`,
    }),
  ]
}
