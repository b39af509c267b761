// Runs that try to make the host page's main thread stall (issue 14 §2). Each is plain user code a page
// visitor could paste into a snippet. Shared by the runtime-level test (test/security/output-floods.test.ts)
// and the rendering-level one, so both attack with the same snippets.
import type { Language } from '../../packages/core/src/index.js'

/** One attack: a snippet and the language it runs in. */
export interface Flood {
  /** A sentence naming the attack, used in test names. */
  name: string
  language: Language
  code: string
  /**
   * The snippet speaks for the engine on the worker's public channel, which the runner ignores after boot: none
   * of its forged outputs may arrive.
   */
  forged?: true
}

// JavaScript user code could hook the worker's postMessage: the next console.log gave away its run id, and the
// run could then post events as if the engine had sent them. That is how the "forged" floods below tried to
// speak for the worker. Since issue 14 §3 the engine talks to the runner over a private port, so these forgeries
// reach nothing; the runner's own re-checks of a worker's word are unit-tested (result-collector, outbox).
const captureRunId = `
const post = globalThis.postMessage.bind(globalThis)
let runId
globalThis.postMessage = (message, ...rest) => { runId ??= message && message.runId; return post(message, ...rest) }
console.log('flooding')
await new Promise((resolve) => setTimeout(resolve, 0))
globalThis.postMessage = post
`

/** console.table of 1,000 rows × 500 columns: half a million cells, all NULL so they look cheap. */
export const consoleTableFlood: Flood = {
  name: 'console.table of 500k cells',
  language: 'javascript',
  code: `const row = Object.fromEntries(Array.from({ length: 498 }, (_, i) => ['c' + i, null]))
console.table(Array.from({ length: 1000 }, () => row))`,
}

/** A table posted straight from the worker with 100,000 rows, far past `maxRows`, as if the engine sent it. */
export const forgedTableFlood: Flood = {
  name: 'a table of 100k rows forged on the public channel',
  language: 'javascript',
  forged: true,
  code: `${captureRunId}
const rows = Array.from({ length: 100000 }, (_, i) => [i, 'x', null, i, 'y'])
post({ kind: 'runcell:event', runId, event: { type: 'table', columns: ['a', 'b', 'c', 'd', 'e'], rows, truncated: false } })`,
}

/**
 * About 12 KB of SQL that yields ~100 million characters of column headers: one 10,000-character column name,
 * a view that repeats it 50 times, and twenty SELECTs of ten copies of the view's columns (500 headers each).
 */
export const sqlHeaderFlood: Flood = {
  name: 'SQL with 100M characters of column headers from 12 KB of SQL',
  language: 'sql',
  code: [
    `CREATE TABLE t("${'h'.repeat(10_000)}");`,
    `CREATE VIEW v AS SELECT ${Array(50).fill('*').join(',')} FROM t;`,
    ...Array.from({ length: 20 }, () => `SELECT ${Array(10).fill('*').join(',')} FROM v;`),
  ].join('\n'),
}

/** 200,000 engine-stage messages from a running worker, alternating so that no two in a row are equal. */
export const stageFlood: Flood = {
  name: '200k stage messages on the public channel',
  language: 'javascript',
  forged: true,
  code: `for (let i = 0; i < 200000; i++) postMessage({ kind: 'runcell:stage', stage: i % 2 ? 'compile' : 'download' })`,
}

/** 5,000 HTML outputs, posted as the worker. */
export const htmlOutputFlood: Flood = {
  name: 'thousands of HTML outputs forged on the public channel',
  language: 'javascript',
  forged: true,
  code: `${captureRunId}
for (let i = 0; i < 5000; i++) post({ kind: 'runcell:event', runId, event: { type: 'display', mime: 'text/html', data: '<p>output ' + i + '</p>' } })`,
}

/** The same 5,000 HTML outputs through Python's display(), with no forging at all. */
export const pythonHtmlOutputFlood: Flood = {
  name: 'thousands of HTML outputs from Python',
  language: 'python',
  code: `class Html:
    def __init__(self, i): self.i = i
    def _repr_html_(self): return f'<p>output {self.i}</p>'
for i in range(5000): display(Html(i))`,
}

/** An SVG whose nested <use> references expand to 10^8 rectangles when drawn. */
export const svgUseBombFlood: Flood = {
  name: 'an SVG <use> bomb',
  language: 'python',
  code: `levels = ['<rect width="1" height="1"/>']
for i in range(8):
    levels.append(''.join(f'<use href="#l{i}"/>' for _ in range(10)))
defs = ''.join(f'<g id="l{i}">{body}</g>' for i, body in enumerate(levels))
class Bomb:
    def _repr_svg_(self): return f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>{defs}</defs><use href="#l8"/></svg>'
display(Bomb())`,
}

/** A PNG of 20,000 × 20,000 pixels that is about 50 KB compressed: 50 MB or more once decoded. */
export const pngBombFlood: Flood = {
  name: 'a PNG decompression bomb',
  language: 'python',
  code: `import struct, zlib
def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
side = 20000
pixels = zlib.compress(b'\\x00' * ((side // 8 + 1) * side), 9)
png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', side, side, 1, 0, 0, 0, 0)) + chunk(b'IDAT', pixels) + chunk(b'IEND', b'')
class Bomb:
    def _repr_png_(self): return png
display(Bomb())`,
}

/** The floods that reach the host through `runtime.run` alone, before anything renders. */
export const runtimeFloods: Flood[] = [
  consoleTableFlood,
  forgedTableFlood,
  sqlHeaderFlood,
  stageFlood,
  htmlOutputFlood,
]
