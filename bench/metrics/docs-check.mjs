// docs_check_per_snippet_ms: `runcell check` over a generated docs tree of 200 snippets (Python, SQL and JS,
// sessions per file), the median time each snippet cost the check from Node, against the same code sent to a raw
// worker per language from Node one page.evaluate per snippet. The check sends a file's snippets per call, so the
// note also gives the raw workers driven that way (a batch per call): the ratio to that is Runcell's run alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runSnippets } from '../../packages/core/bin/check.mjs'
import { median, pending, result } from '../stats.mjs'

const FILES = 10
const PER_FILE = 20

/** The generated tree's snippets, per file: language and code, cycling Python, SQL and JavaScript. */
function generatedSnippets() {
  const files = []
  for (let f = 0; f < FILES; f++) {
    const snippets = []
    for (let i = 0; i < PER_FILE; i++) {
      const n = f * PER_FILE + i
      if (i % 3 === 0) snippets.push({ language: 'python', code: `v${n} = ${n} * 2\nprint(v${n})` })
      else if (i % 3 === 1) snippets.push({ language: 'sql', code: `SELECT ${n} * 2 AS v;` })
      else snippets.push({ language: 'javascript', code: `console.log(${n} * 2)` })
    }
    files.push(snippets)
  }
  return files
}

function writeTree(dir, files) {
  files.forEach((snippets, f) => {
    const text = snippets
      .map(({ language, code }) => `\`\`\`${language} runcell session=page${f}\n${code}\n\`\`\`\n`)
      .join('\n')
    writeFileSync(join(dir, `page-${String(f).padStart(2, '0')}.md`), `# Page ${f}\n\n${text}`)
  })
}

const RAW_PAGE = { python: 'python', sql: 'sql', javascript: 'js' }

/**
 * Median ms per snippet through the raw workers, driven from Node two ways: one page.evaluate per snippet (the
 * baseline), and a language's snippets in one page.evaluate, each timed on the page plus its share of the call's
 * round trip, as the check drives its page (a file per call), so the note can say what batching alone gives.
 */
async function rawPerSnippet(browser, origins, snippets) {
  const single = []
  const batched = []
  for (const language of Object.keys(RAW_PAGE)) {
    const page = await browser.newPage()
    await page.goto(`http://localhost:${origins.assets.port}/bench/raw-${RAW_PAGE[language]}.html`)
    await page.evaluate(() => window.firstOutput)
    const codes = snippets.filter((s) => s.language === language).map((s) => s.code)
    for (const code of codes) {
      const began = performance.now()
      await page.evaluate((code) => window.call(code), code)
      single.push(performance.now() - began)
    }
    const began = performance.now()
    const pageMs = await page.evaluate(async (codes) => {
      const ms = []
      for (const code of codes) {
        const start = performance.now()
        await window.call(code)
        ms.push(performance.now() - start)
      }
      return ms
    }, codes)
    const share = (performance.now() - began - pageMs.reduce((sum, ms) => sum + ms, 0)) / pageMs.length
    batched.push(...pageMs.map((ms) => ms + Math.max(0, share)))
    await page.close()
  }
  return { single: median(single), batched: median(batched) }
}

export async function docsCheck(browser, origins) {
  const spec = { metric: 'docs_check_per_snippet_ms', target: 1.5, targetOn: 'ratio', unit: 'ms' }
  const dir = mkdtempSync(join(tmpdir(), 'runcell-docs-check-'))
  try {
    const files = generatedSnippets()
    writeTree(dir, files)
    let records
    try {
      ;({ snippets: records } = await runSnippets([dir]))
    } catch (error) {
      return [pending({ ...spec, reason: `runcell check could not run: ${error.message}` })]
    }
    const failed = records.filter((r) => r.status !== 'ok')
    if (records.length !== FILES * PER_FILE || failed.length > 0) {
      return [pending({ ...spec, reason: `${failed.length} of ${records.length} generated snippets failed` })]
    }
    const ours = median(records.map((r) => r.elapsedMs))
    const engine = median(records.map((r) => r.durationMs))
    const raw = await rawPerSnippet(browser, origins, files.flat())
    const note =
      `${records.length} snippets in ${FILES} files (Python, SQL, JS; a session per file); runcell check ` +
      `${ours.toFixed(2)} ms per snippet (median; a file's snippets per page.evaluate, each timed on the page plus ` +
      `its share of the call; the engine's run on the runner's clock ${engine.toFixed(2)} ms) vs raw workers ` +
      `${raw.single.toFixed(2)} ms driven one page.evaluate per snippet; raw workers driven in batches as the ` +
      `check is: ${raw.batched.toFixed(2)} ms (ratio ${(ours / raw.batched).toFixed(1)})`
    return [result({ ...spec, value: ours, baseline: raw.single, note })]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
