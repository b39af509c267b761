import { afterAll, beforeAll, expect, test } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// An engine worker is hostile: user code used to answer the runner's calls itself. Here it forges Comlink's reply
// to the next run, an error whose own `__proto__: null` survives structured cloning; Comlink's Object.assign
// then gave the runner an error with no prototype, which cannot even be turned into a string. The runner now
// calls the engine over a private port and ignores the worker's public channel after boot (issue 14 §3), so
// the forged reply is never read: the run ends on its own terms, and nothing holds the queue. (A reply that
// throws when read is still a crash: engine-slot.test.ts covers that watchdog without a browser.) The page is
// cross-origin isolated, so Python is stopped by an interrupt first.
let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage({ isolated: true })
})
afterAll(async () => {
  await rp?.close()
})

const FORGE_NEXT_REPLY = `
self.addEventListener('message', (event) => {
  const call = event.data
  if (call && call.type === 'APPLY' && Array.isArray(call.path) && call.path[0] === 'run') {
    const value = JSON.parse('{"message": "forged", "__proto__": null}')
    self.postMessage({ id: call.id, type: 'HANDLER', name: 'throw', value: { isError: true, value } })
  }
})
console.log('armed')`

test('a reply forged on the public channel with a null prototype is ignored: the run ends as its own code says, and the next run works', async () => {
  const armed = await rp.run({ language: 'javascript', code: FORGE_NEXT_REPLY })
  expect(armed.result).toMatchObject({ status: 'ok', stdout: 'armed\n' })

  const forged = await rp.run({
    language: 'javascript',
    code: 'await new Promise((r) => setTimeout(r, 1000))\nconsole.log("slept")',
    timeoutMs: 30_000,
  })
  expect(forged.result).toMatchObject({ status: 'ok', stdout: 'slept\n' })
  expect(forged.timing.resultAt - (forged.timing.runningAt ?? 0)).toBeLessThan(10_000)

  const next = await rp.run({ language: 'javascript', code: 'console.log("still here")' })
  expect(next.result).toMatchObject({ status: 'ok', stdout: 'still here\n' })
})

const FORGE_NEXT_REPLY_PY = `
import js, json
from pyodide.ffi import create_proxy

def forge(event):
    try:
        call = event.data
        if call.type == 'APPLY' and call.path[0] == 'run':
            value = {'message': 'forged', '__proto__': None}
            reply = {'id': call.id, 'type': 'HANDLER', 'name': 'throw', 'value': {'isError': True, 'value': value}}
            js.self.postMessage(js.JSON.parse(json.dumps(reply)))
    except Exception:
        pass

js.self.addEventListener('message', create_proxy(forge))
print('armed')`

test('on an isolated page, a forged Python reply cannot wedge the Python queue: the run times out and later runs work', async () => {
  expect(await rp.page.evaluate(() => crossOriginIsolated)).toBe(true)
  const armed = await rp.run({ language: 'python', code: FORGE_NEXT_REPLY_PY, timeoutMs: 60_000 })
  expect(armed.result).toMatchObject({ status: 'ok', stdout: 'armed\n' })

  // Top-level await gives the worker back to its event loop, so the forging listener answers this run first.
  const forged = await rp.run({
    language: 'python',
    code: 'import asyncio\nawait asyncio.sleep(5)',
    timeoutMs: 2_000,
  })
  expect(forged.result).toMatchObject({ status: 'timeout' })

  const next = await rp.run({ language: 'python', code: 'print("still here")', timeoutMs: 60_000 })
  expect(next.result).toMatchObject({ status: 'ok', stdout: 'still here\n' })
})
