// Finds the runnable snippets of a docs tree for `runcell check` and `runcell render`: fenced blocks whose info
// string is a language followed by `runcell` (```python runcell session=NAME), `<CodeRunner …>` in .md/.mdx,
// `<runcell-runner>` in .html, and Sphinx `.. code-block:: python` directives whose `:class:` holds `runcell` in
// .rst, each with its file, line and attributes, in document order.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative } from 'node:path'

const ALIASES = { py: 'python', python3: 'python', js: 'javascript', sqlite: 'sql' }
const LANGUAGES = new Set(['python', 'sql', 'javascript'])
const EXTENSIONS = new Set(['.md', '.mdx', '.markdown', '.html', '.htm', '.rst'])
const SKIPPED_DIRS = new Set(['node_modules', '.git'])

/** The language a name means (py, js and sqlite included), or null. */
export function languageOf(name) {
  const lower = String(name ?? '').toLowerCase()
  const language = ALIASES[lower] ?? lower
  return LANGUAGES.has(language) ? language : null
}

/** `key=value`, `key="a b"` and bare `key` words, as an object. */
export function parseAttributes(text) {
  const attributes = {}
  for (const match of text.matchAll(
    /([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(["'`])([\s\S]*?)\4\s*\}|([^\s"'>]+)))?/g,
  )) {
    const value = match[2] ?? match[3] ?? match[5] ?? match[6]
    attributes[match[1]] = value === undefined ? true : value
  }
  return attributes
}

const lineAt = (text, index) => text.slice(0, index).split('\n').length

function unescapeJs(text, quote) {
  if (quote === '`') return text.replace(/\\`/g, '`').replace(/\\\$/g, '$')
  try {
    return JSON.parse(`"${text.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`)
  } catch {
    return text
  }
}

function unescapeHtml(text) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** Code as written inside an HTML element: without blank first and last lines and the common indent. */
export function dedent(text) {
  const lines = text
    .replace(/^[ \t]*\r?\n/, '')
    .replace(/\s+$/, '')
    .split(/\r?\n/)
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)[0].length)
  const cut = indents.length ? Math.min(...indents) : 0
  return lines.map((line) => line.slice(cut)).join('\n')
}

function snippet(file, line, language, code, attributes) {
  const session = typeof attributes.session === 'string' ? attributes.session : undefined
  const id = typeof attributes.id === 'string' ? attributes.id : undefined
  const stdin = typeof attributes.stdin === 'string' ? attributes.stdin : undefined
  return { file, line, language, code, session, id, stdin, expected: undefined }
}

/**
 * An info string as words: `python runcell session=a`, or the attribute form MkDocs and Hugo use,
 * `{.python .runcell data-session="a"}`, read as the same words.
 */
function infoWords(info) {
  const text = info.trim()
  if (!text.startsWith('{')) return text.split(/\s+/)
  const inner = text.replace(/^\{|\}$/g, '')
  const classes = [...inner.matchAll(/(?:^|\s)\.([\w-]+)/g)].map((m) => m[1])
  if (!classes.includes('runcell')) return [classes[0] ?? '']
  const attributes = Object.entries(parseAttributes(inner.replace(/(?:^|\s)\.[\w-]+/g, ' ')))
    .filter(([, value]) => typeof value === 'string')
    .map(([key, value]) => `${key.replace(/^data-/, '')}="${value}"`)
  return [classes[0] ?? '', 'runcell', ...attributes]
}

/** Fenced blocks (``` or ~~~) of a Markdown text, with the `output` block that may follow each. */
function markdownSnippets(file, text) {
  const found = []
  const fence = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n]*)\n([\s\S]*?)^\1\2[ \t]*$/gm
  let previous = null
  for (const match of text.matchAll(fence)) {
    const [whole, , , info, body] = match
    const words = infoWords(info)
    const code = body.replace(/\n$/, '')
    const between = previous ? text.slice(previous.end, match.index) : null
    if (words[0] === 'output' && previous && between.trim() === '') {
      previous.snippet.expected = code
    } else if (words[1] === 'runcell' && languageOf(words[0])) {
      const item = snippet(
        file,
        lineAt(text, match.index),
        languageOf(words[0]),
        code,
        parseAttributes(words.slice(2).join(' ')),
      )
      found.push(item)
      previous = { snippet: item, end: match.index + whole.length }
      continue
    }
    previous = null
  }
  for (const match of text.matchAll(
    /<CodeRunner\b((?:[^>"'{]|"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\})*)\/?>/g,
  )) {
    const attributes = parseAttributes(match[1])
    const language = languageOf(attributes.language)
    const raw = /\bcode\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(["'`])([\s\S]*?)\3\s*\})/.exec(match[1])
    if (!language || !raw) continue
    const code = raw[1] ?? raw[2] ?? unescapeJs(raw[4], raw[3])
    found.push(snippet(file, lineAt(text, match.index), language, code, attributes))
  }
  return found.sort((a, b) => a.line - b.line)
}

function htmlSnippets(file, text) {
  const found = []
  for (const match of text.matchAll(/<runcell-runner\b([^>]*)>([\s\S]*?)<\/runcell-runner>/g)) {
    const attributes = parseAttributes(match[1])
    const language = languageOf(attributes.language)
    if (!language) continue
    found.push(snippet(file, lineAt(text, match.index), language, dedent(unescapeHtml(match[2])), attributes))
  }
  return found
}

const indentOf = (line) => /^[ \t]*/.exec(line)[0].length

/**
 * Sphinx code blocks marked for Runcell: `.. code-block:: python` (or `code`, `sourcecode`) with `runcell` among
 * its `:class:` words. Sphinx can only add classes, so `runcell-session-NAME` names the session, as upgrade()
 * reads it in the built page, and `:name:` gives the id.
 */
function rstSnippets(file, text) {
  const found = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const directive = /^([ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(\S+)/.exec(lines[i])
    if (!directive) continue
    const base = directive[1].length
    const options = {}
    let j = i + 1
    for (; j < lines.length; j++) {
      const option = /^[ \t]+:([\w-]+):[ \t]*(.*)$/.exec(lines[j])
      if (!option || indentOf(lines[j]) <= base) break
      options[option[1]] = option[2].trim()
    }
    const body = []
    for (; j < lines.length; j++) {
      if (lines[j].trim() !== '' && indentOf(lines[j]) <= base) break
      body.push(lines[j])
    }
    const classes = (options.class ?? '').split(/\s+/)
    const language = languageOf(directive[2])
    if (!language || !classes.includes('runcell')) continue
    const session = classes.find((c) => c.startsWith('runcell-session-'))?.slice('runcell-session-'.length)
    const attributes = { ...(session ? { session } : {}), ...(options.name ? { id: options.name } : {}) }
    found.push(snippet(file, i + 1, language, dedent(body.join('\n')).trim(), attributes))
  }
  return found
}

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !SKIPPED_DIRS.has(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name)
      if (entry.isDirectory()) return filesUnder(full)
      return EXTENSIONS.has(extname(entry.name).toLowerCase()) ? [full] : []
    })
}

/** Every snippet under `paths` (files or folders), grouped by file in path order, each file in document order. */
export function findSnippets(paths, cwd = process.cwd()) {
  return paths.flatMap(filesUnder).flatMap((path) => {
    const file = relative(cwd, path) || path
    const text = readFileSync(path, 'utf8')
    if (/\.html?$/i.test(path)) return htmlSnippets(file, text)
    return /\.rst$/i.test(path) ? rstSnippets(file, text) : markdownSnippets(file, text)
  })
}
