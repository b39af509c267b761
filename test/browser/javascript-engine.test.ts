// The JavaScript engine through the real runtime: host page on 127.0.0.1, runner on localhost, one page for
// the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRequest } from '../../packages/core/src/index.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

let rt: RuntimePage

beforeAll(async () => {
  rt = await openRuntimePage()
})

afterAll(async () => {
  await rt?.close()
})

const js = (code: string, extra: Partial<RunRequest> = {}) =>
  rt.run({ language: 'javascript', code, ...extra })
const outputs = (events: { type: string }[]) => events.filter((event) => event.type !== 'status')

describe('the JavaScript engine in Chromium', () => {
  it('prints hello and streams stdout and stderr in order', async () => {
    const { result, events } = await js("console.log('hello')\nconsole.error('oops')\nconsole.log('again')")
    expect(result.status).toBe('ok')
    expect(outputs(events)).toEqual([
      { type: 'stdout', text: 'hello\n' },
      { type: 'stderr', text: 'oops\n' },
      { type: 'stdout', text: 'again\n' },
    ])
    expect(result.stdout).toBe('hello\nagain\n')
    expect(result.stderr).toBe('oops\n')
  })

  it('answers a warm run quickly', async () => {
    const started = Date.now()
    const { result } = await js('1 + 1')
    const roundTrip = Date.now() - started
    console.log(`JavaScript warm round trip: ${roundTrip} ms (engine ${result.durationMs} ms)`)
    expect(result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: '2' }])
    expect(roundTrip).toBeLessThan(1_000)
  })

  it("points an error's line at the user's line, with a traceback of user frames only", async () => {
    const code =
      'const items = [1, 2]\n\nfunction total(list) {\n  return list.reduce((a, b) => a + b.value.x, 0)\n}\ntotal(items)'
    const { result } = await js(code)
    expect(result.status).toBe('error')
    expect(result.error).toMatchObject({ name: 'TypeError', line: 4 })
    expect(result.error?.traceback).toContain('at total (line 4)')
    expect(result.error?.traceback).not.toMatch(/javascript-worker|blob:|data:/)
    const syntax = await js('let a = 1\nlet b = ;')
    expect(syntax.result.error).toMatchObject({ name: 'SyntaxError', line: 2 })
  })

  it('supports top-level await and shows the last expression value', async () => {
    const code =
      "const v = await new Promise((r) => setTimeout(() => r('done'), 20))\nconst n = 3\nv + ' ' + n"
    const { result } = await js(code)
    expect(result.status).toBe('ok')
    expect(result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: "'done 3'" }])
    const quiet = await js('const x = 1\nconsole.log(x)')
    expect(quiet.result.outputs).toEqual([])
  })

  it('turns console.table into a table output', async () => {
    const { result } = await js("console.table([{ name: 'Ada', born: 1815 }, { name: 'Alan', born: 1912 }])")
    expect(result.outputs).toEqual([
      {
        type: 'table',
        columns: ['(index)', 'name', 'born'],
        rows: [
          ['0', 'Ada', 1815],
          ['1', 'Alan', 1912],
        ],
        truncated: false,
      },
    ])
  })

  it('logs cyclic objects, maps and errors safely', async () => {
    const code =
      "const o = { name: 'o' }\no.self = o\nconsole.log(o)\nconsole.log(new Map([['k', [1, 2]]]))\n" +
      "console.log(new RangeError('too far'))\nconsole.log(new Array(1e6).fill(0).length, new Set([1n]))"
    const { result } = await js(code)
    expect(result.stdout).toBe(
      "{ name: 'o', self: [Circular] }\nMap(1) { 'k' => [ 1, 2 ] }\nRangeError: too far\n1000000 Set(1) { 1n }\n",
    )
  })

  it('shares declarations within a session and not with isolated runs', async () => {
    const first = await js('let count = 1\nfunction bump() { return ++count }', { session: 'js-shared' })
    expect(first.result.status).toBe('ok')
    const second = await js('bump()\ncount', { session: 'js-shared' })
    expect(second.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: '2' }])
    const isolated = await js('typeof count')
    expect(isolated.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: "'undefined'" }])
    const other = await js('typeof bump', { session: 'js-other' })
    expect(other.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: "'undefined'" }])
  })

  it('reads stdin as text and line by line', async () => {
    const { result } = await js(
      'console.log(stdin.length)\nconsole.log(readline(), await prompt(), readline(), await prompt())',
      {
        stdin: 'first\nsecond\n',
      },
    )
    expect(result.stdout).toBe('13\nfirst second null null\n')
  })

  it('reads files passed with the run', async () => {
    const { result } = await js("files['data.txt'] + ' ' + files['raw.bin'].length", {
      files: { 'data.txt': 'hello', 'raw.bin': new Uint8Array([1, 2, 3]) },
    })
    expect(result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: "'hello 3'" }])
  })

  it('reports an unhandled rejection in the run that caused it, and not in the next one', async () => {
    const { result } = await js("Promise.reject(new Error('nobody caught me'))\nconsole.log('after')")
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('after\n')
    expect(result.stderr).toContain('Uncaught (in promise) Error: nobody caught me')
    const next = await js("console.log('clean')")
    expect(next.result.stderr).toBe('')
  })

  it('runs the same snippet again from scratch, with its own output and error lines', async () => {
    const code = "console.log('got', stdin.trim())\n\nthrow new RangeError('at three')"
    const first = await js(code, { stdin: 'one' })
    const second = await js(code, { stdin: 'two' })
    expect(first.result.stdout).toBe('got one\n')
    expect(second.result.stdout).toBe('got two\n')
    expect(second.result.error).toMatchObject({ name: 'RangeError', line: 3 })
    expect(second.result.error).toEqual(first.result.error)
  })

  it('runs a snippet too big for a data: URL, with its error line', async () => {
    // ~700 KB of code: past the data: URL limit, so it loads through a blob: URL.
    const filler = Array.from({ length: 20_000 }, (_, i) => `const v${i} = ${i} // ${'x'.repeat(12)}`)
    const code = [...filler, 'console.log(v19999 + 1)', 'null.boom'].join('\n')
    const { result } = await js(code)
    expect(result.stdout).toBe('20000\n')
    expect(result.error).toMatchObject({ name: 'TypeError', line: 20_002 })
  })

  it('blocks eval and new Function', async () => {
    const evaluated = await js("eval('1 + 1')")
    expect(evaluated.result.error).toMatchObject({ name: 'EvalError', line: 1 })
    const constructed = await js("\nnew Function('return 1')")
    expect(constructed.result.error).toMatchObject({ name: 'EvalError', line: 2 })
  })
})
