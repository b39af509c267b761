import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import { ISOLATION_HEADERS, startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { launchChromium } from '../support/chromium.js'
import { coreDist } from '../support/origins.js'

// Respawns and stops on the fast path: a terminated Python engine is replaced by a spare loaded in the
// background, and on a cross-origin isolated page Stop raises KeyboardInterrupt and keeps the interpreter.

interface Outcome {
  status: string
  stdout: string
  restarted: boolean
  error?: { name: string; message: string; line?: number }
  /** The Python engine stages the host saw while this run was queued or running. */
  stages: string[]
}

let browser: Browser
const servers: StaticServer[] = []

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser.close()
  await Promise.all(servers.map((server) => server.close()))
})

/** A host page with `window.py(code, { stopAfterMs, timeoutMs })`, cross-origin isolated when asked. */
async function openHost(isolated: boolean): Promise<Page> {
  const runner = await startStaticServer({
    host: 'localhost',
    mounts: { '/runcell/': assetFiles() },
    headers: isolated ? ISOLATION_HEADERS.assets : {},
  })
  const base = `http://localhost:${runner.port}/runcell/`
  const config = { assetsBaseUrl: base, ...(isolated ? { allow: 'cross-origin-isolated' } : {}) }
  const host = await startStaticServer({
    mounts: { '/core/': coreDist },
    headers: isolated ? ISOLATION_HEADERS.host : {},
    pages: {
      '/': { body: '<!doctype html><title>host</title><script type="module" src="/host.js"></script>' },
      '/host.js': {
        type: 'text/javascript',
        body: `import { createRuntime } from '/core/index.js'
          const rt = createRuntime(${JSON.stringify(config)})
          window.rt = rt
          const stages = []
          window.allStages = []
          rt.subscribe((language, state) => {
            if (language !== 'python') return
            stages.push(state.stage)
            window.allStages.push(state.stage)
          })
          window.py = async (code, { stopAfterMs, timeoutMs } = {}) => {
            stages.length = 0
            const execution = rt.run({ language: 'python', code, session: 's', timeoutMs })
            if (stopAfterMs !== undefined) {
              for await (const event of execution.events) {
                if (event.type === 'status' && event.phase === 'running') break
              }
              setTimeout(() => execution.stop(), stopAfterMs)
            }
            const result = await execution.result
            return {
              status: result.status,
              stdout: result.stdout,
              restarted: result.restarted === true,
              error: result.error,
              stages: [...stages],
            }
          }`,
      },
    },
  })
  servers.push(runner, host)
  const page = await browser.newPage()
  await page.goto(`${host.url}/`)
  await page.waitForFunction(() => 'rt' in window)
  return page
}

function py(page: Page, code: string, options: { stopAfterMs?: number; timeoutMs?: number } = {}) {
  return page.evaluate(
    ([source, opts]) =>
      (window as unknown as { py(c: string, o: object): Promise<Outcome> }).py(source, opts),
    [code, options] as const,
  )
}

test('a Python engine respawned after a timeout comes from the spare loaded in the background, with the session back', async () => {
  const page = await openHost(false)
  // A fresh engine's first stage is its download; a spare loads quietly, so taking one over shows no download.
  const cold = await py(page, 'x = 7')
  expect(cold).toMatchObject({ status: 'ok' })
  expect(cold.stages[0]).toBe('download')
  // A run that goes on starts a spare while it runs (after a second), so even the first respawn takes it over.
  const allStages = () => page.evaluate(() => (window as unknown as { allStages: string[] }).allStages)
  for (const round of [1, 2]) {
    const mark = (await allStages()).length
    // The spare starts a second into the run; four more seconds let it load even on a busy 2-core CI machine.
    const loop = await py(page, 'while True: pass', { timeoutMs: 5_000 })
    expect(loop, `round ${round}`).toMatchObject({ status: 'timeout', restarted: true })
    const after = await py(page, 'print(x)')
    expect(after, `round ${round}`).toMatchObject({ status: 'ok', stdout: '7\n' })
    // Every stage since the loop began, including those reported between two runs: no download (a fresh worker's
    // first stage, as the cold run shows). A spare that loaded in time changes nothing the host sees: ready stays.
    await page.waitForFunction(
      () =>
        (window as unknown as { rt: { getEngineState(l: string): { stage: string } } }).rt.getEngineState(
          'python',
        ).stage === 'ready',
    )
    const seen = (await allStages()).slice(mark)
    expect(seen, `round ${round}`).not.toContain('download')
  }
  await page.close()
})

test('on a cross-origin isolated page, Stop raises KeyboardInterrupt and keeps the session without a replay', async () => {
  const page = await openHost(true)
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
  // A random token shows that nothing was replayed: a replay would draw a new one.
  const made = await py(page, 'import random\ntoken = random.random()\nprint(token)')
  expect(made.status).toBe('ok')
  const stopped = await py(page, 'n = 0\nwhile True:\n    n += 1', { stopAfterMs: 200 })
  expect(stopped).toMatchObject({ status: 'stopped', restarted: false })
  const after = await py(page, 'print(token)\nprint(n > 0)')
  expect(after).toMatchObject({ status: 'ok', stdout: `${made.stdout}True\n` })
  // A Stop's KeyboardInterrupt gets no report (the runner keeps only that the run unwound); one the code raises
  // itself, in the run after a Stop, is an error like any other, with its message and line.
  const raised = await py(page, 'print("before")\nraise KeyboardInterrupt("by hand")')
  expect(raised).toMatchObject({
    status: 'error',
    stdout: 'before\n',
    error: { name: 'KeyboardInterrupt', message: 'by hand', line: 2 },
  })
  await page.close()
})

test('on an isolated page, code that swallows KeyboardInterrupt is still ended by terminate after the grace period', async () => {
  const page = await openHost(true)
  expect((await py(page, 'y = 3')).status).toBe('ok')
  const code = 'while True:\n    try:\n        while True: pass\n    except KeyboardInterrupt:\n        pass'
  const stopped = await py(page, code, { stopAfterMs: 100 })
  expect(stopped).toMatchObject({ status: 'stopped', restarted: true })
  expect(await py(page, 'print(y)')).toMatchObject({ status: 'ok', stdout: '3\n' })
  await page.close()
})
