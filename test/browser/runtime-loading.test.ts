import { afterAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../support/chromium.js'
import { openRuntimePage } from '../support/runtime-page.js'

// How engines load: the stages a UI shows, and a clear error (never a hang) when loading cannot finish.
let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
})

test('a first run reports the loading stages in order, and the engine then reports ready with its version', async () => {
  browser = await launchChromium()
  const rp = await openRuntimePage({ browser })
  // The runner sends only the latest stage of each short wait (outbox.ts), and on a fast machine SQLite's files
  // arrive within one: a slow download makes each stage last long enough to be seen.
  await rp.page.route('**/sql-wasm*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 200))
    await route.continue()
  })
  // Stages reach the page one way: the runtime's engine state (status events say only that a run is loading).
  await rp.page.evaluate(() => {
    const w = window as unknown as {
      stages: string[]
      runcell: {
        runtime: { subscribe(listener: (language: string, state: { stage: string }) => void): void }
      }
    }
    w.stages = []
    w.runcell.runtime.subscribe((language, state) => {
      if (language === 'sql') w.stages.push(state.stage)
    })
  })
  const { events, result } = await rp.run({ language: 'sql', code: 'SELECT 1 AS one;' })
  expect(result.status).toBe('ok')
  expect(events).toContainEqual({ type: 'status', phase: 'loading' })
  const stages = await rp.page.evaluate(() => (window as unknown as { stages: string[] }).stages)
  expect(stages).toEqual(expect.arrayContaining(['download', 'compile']))
  expect(stages.indexOf('download')).toBeLessThan(stages.indexOf('compile'))
  const state = await rp.page.evaluate(() =>
    (
      window as unknown as { runcell: { runtime: { getEngineState(l: string): unknown } } }
    ).runcell.runtime.getEngineState('sql'),
  )
  expect(state).toMatchObject({ stage: 'ready', version: expect.stringContaining('SQLite') })
  await rp.close()
})

test('an engine that cannot load in time ends the run with a clear EngineLoadError, and the next run loads afresh', async () => {
  browser ??= await launchChromium()
  const rp = await openRuntimePage({ browser, runtime: { engineLoadTimeoutMs: 100 } })
  const first = await rp.run({ language: 'python', code: 'print(1)' })
  expect(first.result.status).toBe('error')
  expect(first.result.error?.name).toBe('EngineLoadError')
  expect(first.result.error?.message).toMatch(/python engine did not load within 100 ms/)
  // The failed engine was thrown away: the next run starts a new load (and, with the same deadline, fails the
  // same clear way) instead of hanging on the dead one.
  const second = await rp.run({ language: 'python', code: 'print(2)' })
  expect(second.result.error?.name).toBe('EngineLoadError')
  await rp.close()
})

test('a runner URL that does not answer fails runs with a RunnerUnavailable error that says what to check', async () => {
  browser ??= await launchChromium()
  const rp = await openRuntimePage({
    browser,
    runtime: { runnerUrl: '/no-such-runner.html', handshakeTimeoutMs: 2_000 },
  })
  const { result } = await rp.run({ language: 'javascript', code: 'console.log(1)' })
  expect(result.status).toBe('error')
  expect(result.error?.name).toBe('RunnerUnavailable')
  expect(result.error?.message).toContain('runcell assets')
  expect(result.error?.message).toContain('did not answer within 2 s')
  await rp.close()
})

test('a run that waits while a restarted engine rebuilds its session reports the restarting phase', async () => {
  browser ??= await launchChromium()
  const rp = await openRuntimePage({ browser })
  // Replaying this run takes 600 ms, which leaves the next run waiting on the rebuild.
  const slow = 'let base = 41; const until = Date.now() + 600; while (Date.now() < until) {}'
  expect((await rp.run({ language: 'javascript', code: slow, session: 'rebuild' })).result.status).toBe('ok')
  const loop = await rp.run({
    language: 'javascript',
    code: 'while (true) {}',
    session: 'rebuild',
    timeoutMs: 300,
  })
  expect(loop.result.status).toBe('timeout')
  const next = await rp.run({ language: 'javascript', code: 'console.log(base + 1)', session: 'rebuild' })
  expect(next.events).toContainEqual({ type: 'status', phase: 'restarting' })
  expect(next.result.stdout).toBe('42\n')
  await rp.close()
})

test('the runner frame is zero-sized yet rendered, so Chromium does not run the runner page as a background process', async () => {
  browser ??= await launchChromium()
  const rp = await openRuntimePage({ browser })
  const { result } = await rp.run({ language: 'sql', code: 'SELECT 1 AS one;' })
  expect(result.status).toBe('ok')
  // The reader sees nothing of it.
  const box = await rp.page.locator('iframe[sandbox]').boundingBox()
  expect(box).toMatchObject({ width: 0, height: 0 })
  // A hidden frame (visibility:hidden) gets no animation frames, and its renderer runs as a background process
  // (its main thread, the relay to the engines, at nice 5 on Linux); a rendered one gets frames.
  const runner = rp.page.frames().find((frame) => frame !== rp.page.mainFrame())
  expect(runner).toBeDefined()
  const seen = await runner!.evaluate(
    () =>
      new Promise<string>((resolve) => {
        setTimeout(() => resolve(`no animation frame, ${document.visibilityState}`), 3_000)
        requestAnimationFrame(() => resolve(`animation frame, ${document.visibilityState}`))
      }),
  )
  expect(seen).toBe('animation frame, visible')
  await rp.close()
})
