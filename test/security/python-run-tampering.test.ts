// Issue 14 §3, Python: what one run can do to the runs after it in the one shared interpreter. Each test is an
// attack a snippet on the page could make; one Chromium page for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRequest } from '../../packages/core/src/index.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

let rt: RuntimePage

const python = (code: string, extra: Omit<RunRequest, 'language' | 'code'> = {}) =>
  rt.run({ language: 'python', code, ...extra })

beforeAll(async () => {
  rt = await openRuntimePage()
  expect((await python('print("up")')).result.status).toBe('ok')
})

afterAll(async () => {
  await rt?.close()
})

describe('a Python run against the runs after it', () => {
  it('cannot import the driver by name to read another session’s variables', async () => {
    await python('secret = "SESSION_A_SECRET"', { session: 'a' })
    const { result } = await python(
      [
        'import sys',
        'try:',
        '    import _runcell_driver as d',
        '    print(sorted(d._namespaces))',
        'except ImportError as e:',
        '    print("no driver:", type(e).__name__)',
        'print("_runcell_driver" in sys.modules)',
      ].join('\n'),
      { session: 'b' },
    )
    expect(result.stdout).toBe('no driver: ModuleNotFoundError\nFalse\n')
  })

  it('cannot make a later failing run report ok by replacing the driver’s _finish', async () => {
    const patch = await python(
      [
        'import builtins',
        'g = builtins.display.__globals__',
        'g["_finish"] = lambda error, filename: \'{"status": "ok"}\'',
        'g["_report"] = lambda error, filename: \'{"status": "ok"}\'',
      ].join('\n'),
    )
    expect(patch.result.status).toBe('ok')
    const { result } = await python('1 / 0')
    expect(result.status).toBe('error')
    expect(result.error?.name).toBe('ZeroDivisionError')
  })

  it('leaves no asyncio task running to write into a later run’s output', async () => {
    const first = await python(
      [
        'import asyncio',
        'async def chatter():',
        '    while True:',
        '        print("LEFTOVER")',
        '        await asyncio.sleep(0.02)',
        'asyncio.ensure_future(chatter())',
        'await asyncio.sleep(0)',
      ].join('\n'),
    )
    expect(first.result.status).toBe('ok')
    const { result } = await python('import asyncio\nawait asyncio.sleep(0.3)\nprint("second run")')
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('second run\n')
  })
})
