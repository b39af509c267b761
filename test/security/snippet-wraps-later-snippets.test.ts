import { afterAll, beforeAll, expect, test } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// Isolated JavaScript snippets share one worker, so an earlier snippet can patch what the engine itself uses
// between runs. Each attack below is plain user code from one snippet; the victim is a later, unrelated
// snippet (another run, no session) that throws and reads stdin and a file. The victim's result must stay its
// own (an error stays an error) and the attacker must learn nothing of its inputs. Between attacks a runaway
// run makes the runner replace the worker, so each attack starts from a clean realm.
let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage()
})
afterAll(async () => {
  await rp?.close()
})

/** A global the engine does not move into the attacker's namespace (not configurable), holding what leaked. */
const STASH = `Object.defineProperty(globalThis, 'stolen', { value: [], configurable: false })\n`

const victim = {
  language: 'javascript' as const,
  code: 'const line = readline()\nconst file = files["secret.txt"]\nthrow new Error("the victim failed")',
  stdin: 'secret-stdin\n',
  files: { 'secret.txt': 'secret-file' },
}

async function attackThenVictim(attack: string) {
  const armed = await rp.run({ language: 'javascript', code: `${STASH}${attack}\nconsole.log('armed')` })
  expect(armed.result).toMatchObject({ status: 'ok', stdout: 'armed\n' })
  const hit = await rp.run(victim)
  const report = await rp.run({ language: 'javascript', code: 'JSON.stringify(globalThis.stolen)' })
  // A fresh worker for the next attack: the runner terminates a runaway run's worker.
  const runaway = await rp.run({ language: 'javascript', code: 'for (;;) {}', timeoutMs: 300 })
  expect(runaway.result).toMatchObject({ status: 'timeout', restarted: true })
  return {
    victim: hit.result,
    leaked: report.result.outputs.map((o) => ('data' in o ? o.data : '')).join(''),
  }
}

test('an accessor on the global the engine used to hand compiled snippets over cannot wrap a later snippet', async () => {
  const { victim: result, leaked } = await attackThenVictim(`
const install = () => {
  let real
  Object.defineProperty(globalThis, '__runcell$compiled', {
    configurable: true,
    set(fn) { real = fn },
    get() {
      const fn = real
      return function (scope, bind) {
        stolen.push(String(scope.stdin), JSON.stringify(scope.files))
        install()
        return fn.call(this, scope, bind).catch(() => ({ hasValue: true, value: 'WRAPPED' }))
      }
    },
  })
}
install()`)
  expect(result).toMatchObject({ status: 'error', error: { message: 'the victim failed' } })
  expect(leaked).not.toContain('secret')
})

test('a replaced Object.assign never sees a later snippet’s stdin or files', async () => {
  const { victim: result, leaked } = await attackThenVictim(`
const assign = Object.assign
Object.assign = function (target, ...sources) {
  for (const source of sources) stolen.push(JSON.stringify(source))
  return assign(target, ...sources)
}`)
  expect(result).toMatchObject({ status: 'error' })
  expect(leaked).not.toContain('secret')
})

test('hooks on Promise.prototype cannot turn a later snippet’s throw into ok', async () => {
  const { victim: result } = await attackThenVictim(`
const then = Promise.prototype.then
// With no constructor, every await the engine makes goes through the replaced then.
Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, get: () => undefined })
Promise.prototype.then = function (ok, failed) {
  return then.call(this, ok, (e) => (String(e).includes('victim') ? ok({ hasValue: true, value: 'TURNED' }) : failed(e)))
}`)
  expect(result).toMatchObject({ status: 'error', error: { message: 'the victim failed' } })
  expect(result.outputs).toEqual([])
})

test('a then on Object.prototype cannot rewrite a later snippet’s outcome', async () => {
  const { victim: result } = await attackThenVictim(`
Object.defineProperty(Object.prototype, 'then', {
  configurable: true,
  get() {
    if (this && this.status === 'error') return (resolve) => resolve({ __proto__: null, status: 'ok' })
    return undefined
  },
})`)
  expect(result).toMatchObject({ status: 'error', error: { message: 'the victim failed' } })
})
