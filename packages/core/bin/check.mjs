// `runcell check` and `runcell render`: runs a docs tree's snippets in headless Chromium through the same runtime
// a page uses (the built runner assets, served from a local origin), in document order, sessions per file.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assetFiles } from './asset-files.mjs'
import { CHROMIUM_ARGS, findChromium } from './find-chromium.mjs'
import { findSnippets } from './snippets.mjs'

const coreDist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
}

// The page the snippets run on: the page-wide runtime and one per-snippet controller per run, as a docs page has.
// A file's snippets go in one call, so a snippet costs one run on the page instead of a round trip from Node too;
// each is timed on the page's clock.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>runcell check</title>
<link rel="icon" href="data:,"><script type="module">
import { createRuntime } from '/core/index.js'
// No one answers input in CI: reading past a snippet's stdin is the end of input (EOFError), reported as such.
const runtime = createRuntime({ assetsBaseUrl: '/runcell/', interactiveInput: false })
window.runSnippets = async (requests) => {
  const done = []
  for (const request of requests) {
    const began = performance.now()
    const runner = runtime.createRunner(request)
    const result = await runner.run()
    done.push({ result, outputs: runner.getSnapshot().outputs, pageMs: performance.now() - began })
  }
  return done
}
// Every language the tree uses starts loading at once, instead of each when its first snippet comes up.
window.warmUp = (languages) => languages.forEach((language) => runtime.warmUp(language))
window.runcellReady = true
</script></head><body></body></html>`

/** Serves the page, the built library (/core/) and the runner assets (/runcell/) on a free local port. */
async function startServer() {
  const { runnerCsp } = await import(join(coreDist, 'index.js'))
  const assets = new Map(assetFiles().map((entry) => [entry.path, entry.file]))
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = null
    if (path.startsWith('/runcell/')) file = assets.get(path.slice('/runcell/'.length)) ?? null
    else if (path.startsWith('/core/'))
      file = join(coreDist, normalize(path.slice(6)).replace(/^(\.\.[/\\])+/, ''))
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }
    if (path === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.html'] })
      return res.end(PAGE)
    }
    let body
    try {
      body = file && readFileSync(file)
    } catch {
      body = null
    }
    if (!body) {
      res.writeHead(404, headers)
      return res.end()
    }
    if (path.endsWith('runner.html'))
      headers['Content-Security-Policy'] = runnerCsp(`http://${req.headers.host}`)
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  }
}

/** A run's outputs as text: streams as printed, tables as `a | b` rows, other displays by their text. */
export function outputText(outputs) {
  return outputs
    .map((output) => {
      if (output.type === 'stdout' || output.type === 'stderr') return output.text
      if (output.type === 'table') {
        const rows = [output.columns, ...output.rows].map((row) =>
          row.map((c) => (c === null ? 'NULL' : String(c))),
        )
        return rows.map((row) => row.join(' | ')).join('\n') + '\n'
      }
      if (output.type === 'display')
        return output.mime.startsWith('text/') ? `${output.data}\n` : `[${output.mime}]\n`
      return ''
    })
    .join('')
}

const normalized = (text) =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()

/** Consecutive snippets of one file, in document order. */
function byFile(snippets) {
  const groups = []
  for (const snippet of snippets) {
    const last = groups.at(-1)
    if (last?.[0].file === snippet.file) last.push(snippet)
    else groups.push([snippet])
  }
  return groups
}

/** A snippet's record: the run's status, or `mismatch` when its expected output differs. */
function record(snippet, result, outputs, elapsedMs) {
  const output = outputText(outputs)
  let status = result.status
  let error = result.error ? `${result.error.name}: ${result.error.message}` : null
  if (
    status === 'ok' &&
    snippet.expected !== undefined &&
    normalized(output) !== normalized(snippet.expected)
  ) {
    status = 'mismatch'
    error = `expected output ${JSON.stringify(normalized(snippet.expected))}, got ${JSON.stringify(normalized(output))}`
  }
  return { ...snippet, status, error, output, outputs, durationMs: result.durationMs, elapsedMs }
}

// The check's page holds nothing but the snippets it sends, so the runner frame may share its process: the frame
// stays sandboxed (opaque origin, the runner's CSP, no network), but each run no longer pays two hops between
// processes: the bench's tree of 200 took 1.92-2.36 ms a snippet against 2.40-2.76 (medians, alternating runs).
const CHECK_ARGS = ['--disable-features=IsolateSandboxedIframes']

async function launch() {
  let chromium
  try {
    ;({ chromium } = await import('playwright-core'))
  } catch {
    throw new Error('runcell check needs playwright-core to drive Chromium: npm install -D playwright-core')
  }
  return chromium.launch({
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...CHECK_ARGS],
    headless: true,
  })
}

/**
 * Runs every snippet under `paths` and returns one record per snippet: file, line, language, status (the run's,
 * or `mismatch` when an expected output differs), error, output text and the raw outputs.
 */
export async function runSnippets(paths) {
  const snippets = findSnippets(paths)
  const files = [...new Set(snippets.map((s) => s.file))]
  if (snippets.length === 0) return { snippets: [], files }
  const server = await startServer()
  const browser = await launch()
  try {
    const page = await browser.newPage()
    await page.goto(server.url)
    await page.waitForFunction(() => window.runcellReady === true)
    await page.evaluate(
      (languages) => window.warmUp(languages),
      [...new Set(snippets.map((s) => s.language))],
    )
    const records = []
    for (const group of byFile(snippets)) {
      // Sessions are per file: the same name in two files is two sessions.
      const prefix = files.indexOf(group[0].file)
      const requests = group.map(({ language, code, session, stdin }) => ({
        language,
        code,
        session: session && `${prefix}:${session}`,
        stdin,
      }))
      const began = performance.now()
      const ran = await page.evaluate((r) => window.runSnippets(r), requests)
      // What each snippet cost the check from Node: its run on the page, and its share of the call's round trip.
      const share = (performance.now() - began - ran.reduce((sum, r) => sum + r.pageMs, 0)) / ran.length
      group.forEach((snippet, i) => {
        const { result, outputs, pageMs } = ran[i]
        records.push(record(snippet, result, outputs, pageMs + Math.max(0, share)))
      })
    }
    return { snippets: records, files }
  } finally {
    await browser.close()
    await server.close()
  }
}

/** The key of a snippet in `render`'s output: its `id`, or its file and 1-based position in that file. */
export function snippetKey(record, records) {
  if (record.id) return record.id
  const position = records.filter((r) => r.file === record.file).indexOf(record) + 1
  return `${record.file}#${position}`
}
