import { afterAll, beforeAll, expect, test } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// A run used to learn another run's id by hooking the worker's postMessage (the engine posted every event
// through it), and could then post output as that run. The engine now talks to the runner over a private
// MessagePort whose postMessage it captured at start, and the runner ignores the worker's public channel after
// boot. Python reaches the same JS globals through `import js`, so it is attacked the same way.
let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage()
})
afterAll(async () => {
  await rp?.close()
})

const HOOK_JS = `
const forge = (message) => {
  if (message && typeof message.runId === 'string' && !message.forged) {
    self.postMessage({ kind: 'runcell:event', runId: message.runId, forged: true, event: { type: 'stdout', text: 'FORGED ' + message.runId } })
  }
}
for (const target of [globalThis, MessagePort.prototype]) {
  const real = target.postMessage
  target.postMessage = function (message, ...rest) {
    forge(message)
    return real.call(this, message, ...rest)
  }
}
console.log('armed')`

test('a JavaScript run that hooks postMessage neither learns a later run’s id nor writes into its output', async () => {
  const armed = await rp.run({ language: 'javascript', code: HOOK_JS })
  // (Before the fix the hook already forged into this run's own output, so only its status is checked.)
  expect(armed.result.status).toBe('ok')
  const later = await rp.run({ language: 'javascript', code: 'console.log("mine")' })
  expect(later.result).toMatchObject({ status: 'ok', stdout: 'mine\n' })
  expect(JSON.stringify(later.events)).not.toContain('FORGED')
})

const HOOK_PY = `
import js
from pyodide.ffi import create_proxy

def forge(message):
    try:
        run_id = message.runId
        if isinstance(run_id, str) and not getattr(message, 'forged', False):
            forged = js.JSON.parse('{"kind": "runcell:event", "forged": true, "event": {"type": "stdout", "text": "FORGED"}}')
            forged.runId = run_id
            js.self.postMessage(forged)
    except Exception:
        pass

# capture_this: the hook gets the port or scope it was called on, as a JS function would.
for target in (js.self, js.MessagePort.prototype):
    real = target.postMessage
    def hooked(this, message, *rest, real=real):
        forge(message)
        return js.Reflect.apply(real, this, js.Array.of(message, *rest))
    target.postMessage = create_proxy(hooked, capture_this=True)
print('armed')`

test('a Python run that hooks postMessage through js neither learns a later run’s id nor writes into its output', async () => {
  const armed = await rp.run({ language: 'python', code: HOOK_PY, timeoutMs: 60_000 })
  expect(armed.result.status).toBe('ok')
  const later = await rp.run({ language: 'python', code: 'print("mine")', timeoutMs: 60_000 })
  expect(later.result.error).toBeUndefined()
  expect(later.result).toMatchObject({ status: 'ok', stdout: 'mine\n' })
  expect(JSON.stringify(later.events)).not.toContain('FORGED')
})
