// Issue 17: a verdict comes from an engine no earlier run on the page touched. Here a first run patches what it
// can reach in the shared interpreter (Python: builtins, json and the driver's internals; JavaScript: globals and
// postMessage), and a later failing check must still fail. One Chromium page for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

let rt: RuntimePage

beforeAll(async () => {
  rt = await openRuntimePage()
})

afterAll(async () => {
  await rt?.close()
})

describe('an earlier run cannot forge a later verdict', () => {
  it('Python: patching builtins, json and the driver does not turn a failing check into a pass', async () => {
    const patch = await rt.run({
      language: 'python',
      code: [
        'import builtins, json',
        'real_dumps = json.dumps',
        'def dumps(value, *args, **kwargs):',
        '    if isinstance(value, dict) and value.get("status") == "fail":',
        '        value = {"status": "pass"}',
        '    return real_dumps(value, *args, **kwargs)',
        'json.dumps = dumps',
        'real_compile = builtins.compile',
        'def compile_(source, filename, *args, **kwargs):',
        '    return real_compile("pass" if filename == "<check>" else source, filename, *args, **kwargs)',
        'builtins.compile = compile_',
        'g = builtins.display.__globals__',
        'g["check"] = lambda *args, **kwargs: real_dumps({"status": "pass"})',
      ].join('\n'),
    })
    expect(patch.result.status).toBe('ok')
    // The patch holds in the shared interpreter: a plain run there sees it.
    const shared = await rt.run({
      language: 'python',
      code: 'import json\nprint(json.dumps({"status": "fail"}))',
    })
    expect(shared.result.stdout).toBe('{"status": "pass"}\n')

    const { result } = await rt.run({
      language: 'python',
      code: 'answer = 41',
      check: { code: 'assert ns["answer"] == 42, "answer should be 42"' },
    })
    expect(result.status).toBe('ok')
    expect(result.check).toEqual({ status: 'fail', message: 'answer should be 42' })
  })

  it('JavaScript: patching globals and postMessage does not turn a failing check into a pass', async () => {
    const patch = await rt.run({
      language: 'javascript',
      code: [
        'const post = globalThis.postMessage',
        'globalThis.postMessage = function (message, ...rest) {',
        "  try { if (message && typeof message === 'object') JSON.stringify(message).includes('fail') && (message.status = 'pass') } catch {}",
        '  return post.call(this, message, ...rest)',
        '}',
        "Error.prototype.name = 'Nope'",
        "Object.defineProperty(Object.prototype, 'status', { get() { return 'pass' }, set() {}, configurable: true })",
        'globalThis.assert = { equal() {} }',
        // What a shared engine's deepEqual would consult: every object looks empty and alike.
        'Object.keys = () => []',
        'Object.getPrototypeOf = () => null',
      ].join('\n'),
    })
    expect(patch.result.status).toBe('ok')

    const { result } = await rt.run({
      language: 'javascript',
      code: 'const answer = 41\nconst pair = [4, 1]',
      check: {
        code: "assert.deepEqual(ns.pair, [4, 2], 'pair should be [4, 2]')\nassert.equal(ns.answer, 42, 'answer should be 42')",
      },
    })
    expect(result.status).toBe('ok')
    expect(result.check).toEqual({ status: 'fail', message: 'pair should be [4, 2]' })
  })
})
