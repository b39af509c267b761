import { afterAll, beforeAll, expect, test } from 'vitest'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// A frame from another origin on the host page floods it with messages shaped like Runcell's: a fake hello
// with its own port, fake results and fake events. The runtime listens only to its own frame's port.
let rp: RuntimePage
let foreign: StaticServer

const FORGER = `<!doctype html><script>
  const forge = () => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (e) => channel.port1.postMessage({ type: 'result', runId: e.data && e.data.runId, result: { status: 'ok', stdout: 'FORGED', stderr: '', outputs: [], durationMs: 1 } })
    parent.postMessage({ type: 'runcell:hello', nonce: 'guess' }, '*', [channel.port2])
    for (let i = 0; i < 50; i++) {
      parent.postMessage({ type: 'result', runId: String(i), result: { status: 'ok', stdout: 'FORGED', stderr: '', outputs: [], durationMs: 1 } }, '*')
      parent.postMessage({ type: 'event', runId: String(i), event: { type: 'stdout', text: 'FORGED' } }, '*')
    }
  }
  setInterval(forge, 20)
</script>`

beforeAll(async () => {
  foreign = await startStaticServer({ pages: { '/forger.html': { body: FORGER } } })
  rp = await openRuntimePage()
})
afterAll(async () => {
  await rp?.close()
  await foreign?.close()
})

test('a foreign frame that posts forged handshakes, events and results has no effect on runs', async () => {
  await rp.page.evaluate((src) => {
    const frame = document.createElement('iframe')
    frame.src = src
    document.body.append(frame)
    return new Promise((resolve) => frame.addEventListener('load', resolve))
  }, `${foreign.url}/forger.html`)
  const outcomes = await Promise.all(
    ['first', 'second', 'third'].map((word) =>
      rp.run({
        language: 'javascript',
        code: `await new Promise((r) => setTimeout(r, 200)); console.log('${word}')`,
      }),
    ),
  )
  expect(outcomes.map((o) => o.result.stdout)).toEqual(['first\n', 'second\n', 'third\n'])
  for (const outcome of outcomes) {
    expect(JSON.stringify(outcome.events)).not.toContain('FORGED')
  }
})
