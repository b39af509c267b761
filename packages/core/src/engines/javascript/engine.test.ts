// The engine in Node: vm.runInThisContext stands in for the worker's importScripts of a blob: script, and a
// sink in place of the runner's private port collects what the worker would send to the runner.
import { runInThisContext } from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EngineRunRequest, WorkerMessage } from '../../protocol/engine.js'
import { connectRunnerForTests } from '../runner-channel.js'
import { createJavaScriptEngine } from './engine.js'

const posted: WorkerMessage[] = []
// Node names vm frames after `filename` rather than the script's sourceURL comment.
let loads = 0
const engine = createJavaScriptEngine((script) => {
  loads++
  runInThisContext(script, { filename: /sourceURL=(\S+)/.exec(script)?.[1] ?? 'snippet.js' })
})
let counter = 0

beforeAll(async () => {
  connectRunnerForTests((message) => posted.push(message))
  await engine.init({ assetsBaseUrl: '', memoryLimitMb: 100, outputLimitChars: 10_000, maxRows: 3 })
})

async function run(code: string, extra: Partial<EngineRunRequest> = {}) {
  const runId = `run-${++counter}`
  const outcome = await engine.run({ runId, code, namespace: `isolated-${counter}`, ...extra })
  const events = posted.flatMap((m) => (m.kind === 'runcell:event' && m.runId === runId ? [m.event] : []))
  const text = (type: string) => events.map((e) => (e.type === type && 'text' in e ? e.text : '')).join('')
  const display = events.flatMap((e) => (e.type === 'display' ? [e.data] : []))
  return { outcome, events, stdout: text('stdout'), stderr: text('stderr'), display }
}

describe('the JavaScript engine', () => {
  it('streams console output in order and shows the last expression', async () => {
    const { outcome, events } = await run("console.log('a')\nconsole.error('b')\nconsole.info('c', 1)\n1 + 1")
    expect(outcome).toEqual({ status: 'ok' })
    expect(events).toEqual([
      { type: 'stdout', text: 'a\n' },
      { type: 'stderr', text: 'b\n' },
      { type: 'stdout', text: 'c 1\n' },
      { type: 'display', mime: 'text/plain', data: '2' },
    ])
  })

  it('shows nothing for a last expression that is undefined, and quotes strings', async () => {
    expect((await run('void 0')).display).toEqual([])
    expect((await run("console.log('x')")).display).toEqual([])
    expect((await run("'hi'")).display).toEqual(["'hi'"])
  })

  it('supports top-level await', async () => {
    const { display } = await run('const v = await new Promise((r) => setTimeout(() => r(42), 5))\nv')
    expect(display).toEqual(['42'])
  })

  it('keeps declarations of a session and live bindings across runs', async () => {
    const session = { namespace: 'shared' }
    await run(
      'let count = 0\nconst inc = () => ++count\nfunction twice() { inc(); return inc() }\n' +
        'class Box { constructor(v) { this.v = v } }\nvar { a, b: [c, ...rest] } = { a: 1, b: [2, 3, 4] }',
      session,
    )
    const { display, outcome } = await run('twice();\n[count, new Box(c).v, a, rest]', session)
    expect(outcome.status).toBe('ok')
    expect(display).toEqual(['[ 2, 2, 1, [ 3, 4 ] ]'])
    expect((await run('typeof count + typeof twice', { namespace: 'other' })).display).toEqual([
      "'undefinedundefined'",
    ])
  })

  it('calls functions before their declaration line, and lets a later run redeclare a const', async () => {
    const session = { namespace: 'hoist' }
    expect(
      (await run('const seven = early()\nfunction early() { return 7 }\nseven', session)).display,
    ).toEqual(['7'])
    await run('const k = 1', session)
    expect((await run('const k = 2\nk', session)).display).toEqual(['2'])
  })

  it('keeps a const read-only in later runs, and runs top-level loops at local-variable speed', async () => {
    const session = { namespace: 'const' }
    await run('const fixed = 1', session)
    expect((await run('fixed = 2', session)).outcome.error).toMatchObject({ name: 'TypeError' })
    const started = performance.now()
    const loop = await run('let sum = 0\nfor (let i = 0; i < 1e7; i++) sum += i\nsum')
    expect(loop.display).toEqual(['49999995000000'])
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('keeps implicit globals inside their namespace', async () => {
    await run('leaked = 5', { namespace: 'implicit' })
    expect((await run('leaked', { namespace: 'implicit' })).display).toEqual(['5'])
    const other = await run('typeof leaked')
    expect(other.display).toEqual(["'undefined'"])
    expect('leaked' in globalThis).toBe(false)
  })

  it('keeps an implicit global inside its namespace when the same run deleted another global', async () => {
    // The global's names then count as many as before the run: only their order tells the new one.
    ;(globalThis as Record<string, unknown>).runcellPreset = 1
    await run('delete globalThis.runcellPreset; swapped = 7', { namespace: 'swap' })
    expect('swapped' in globalThis).toBe(false)
    expect((await run('swapped', { namespace: 'swap' })).display).toEqual(['7'])
    expect((await run('typeof swapped')).display).toEqual(["'undefined'"])
  })

  it('reports a runtime error at the user line, with engine frames removed', async () => {
    const { outcome } = await run(
      'const a = 1\n\nfunction boom() {\n  throw new TypeError("bad " + a)\n}\nboom()',
    )
    expect(outcome.status).toBe('error')
    expect(outcome.error).toMatchObject({ name: 'TypeError', message: 'bad 1', line: 4 })
    expect(outcome.error?.traceback).toBe('TypeError: bad 1\n    at boom (line 4)\n    at line 6')
  })

  it('reports a syntax error with the user line and no output', async () => {
    const { outcome, events } = await run("console.log('never')\nlet = = 2")
    expect(outcome.error).toMatchObject({ name: 'SyntaxError', line: 2 })
    expect(events).toEqual([])
  })

  it('reports thrown non-errors and errors after await', async () => {
    expect((await run('throw 42')).outcome.error).toMatchObject({ name: 'Uncaught', message: '42' })
    const late = await run('await null\n\nnull.x')
    expect(late.outcome.error).toMatchObject({ name: 'TypeError', line: 3 })
  })

  it('gives stdin as text, and line by line through readline and prompt', async () => {
    const { display, stdout } = await run(
      "[stdin.length, readline(), await prompt('name? '), readline(), readline(), await prompt('more? ')]",
      { stdin: 'one\ntwo\nthree\n' },
    )
    expect(display).toEqual(["[ 14, 'one', 'two', 'three', null, null ]"])
    expect(stdout).toBe('name? more? ')
  })

  it('exposes files by path', async () => {
    const { display } = await run("[files['data.csv'], files['bin'].length, files.missing]", {
      files: { 'data.csv': 'a,b', bin: new Uint8Array([1, 2]) },
    })
    expect(display).toEqual(["[ 'a,b', 2, undefined ]"])
  })

  it('turns console.table into a capped table output', async () => {
    const { events } = await run('console.table([{ a: 1 }, { a: 2, b: "x" }, 3, { a: 4 }])')
    expect(events).toEqual([
      {
        type: 'table',
        columns: ['(index)', 'a', 'b', 'Values'],
        rows: [
          ['0', 1, null, null],
          ['1', 2, 'x', null],
          ['2', null, null, 3],
        ],
        truncated: true,
      },
    ])
  })

  it('caps output at the limit', async () => {
    const { stdout } = await run("for (let i = 0; i < 1000; i++) console.log('x'.repeat(99))")
    expect(stdout.length).toBe(10_000)
    const big = await run("console.log('y'.repeat(1e8))")
    expect(big.stdout.length).toBe(10_000)
    expect(big.outcome.status).toBe('ok')
  })

  it('loads the same code once and still gives every run fresh locals and its own output', async () => {
    const code = "let seen = stdin.trim()\nconsole.log('got', seen)\nseen"
    const before = loads
    const first = await run(code, { stdin: 'a' })
    const second = await run(code, { stdin: 'b', namespace: 'another' })
    expect(loads - before).toBe(1)
    expect(first.stdout).toBe('got a\n')
    expect(second.stdout).toBe('got b\n')
    expect(second.display).toEqual(["'b'"])
    const session = { namespace: 'reused' }
    await run('let n = 10', session)
    await run('let n = 10', { namespace: 'reused-too' })
    expect((await run('n += 1', session)).display).toEqual(['11'])
    expect((await run('n', { namespace: 'reused-too' })).display).toEqual(['10'])
  })

  it('maps error lines of reused code like those of fresh code', async () => {
    const code = 'const x = 1\nthrow new RangeError("twice")'
    const first = await run(code)
    const second = await run(code)
    expect(first.outcome.error).toMatchObject({ name: 'RangeError', line: 2 })
    expect(second.outcome.error).toEqual(first.outcome.error)
  })

  it('forgets a dropped namespace', async () => {
    await run('let gone = 1', { namespace: 'drop-me' })
    await engine.dropNamespace('drop-me')
    expect((await run('typeof gone', { namespace: 'drop-me' })).display).toEqual(["'undefined'"])
  })
})
