import type { Browser, Page } from 'playwright-core'
import type { RunEvent, RunRequest, RunResult, RuntimeConfig } from '../../packages/core/src/index.js'
import { launchChromium, collectPageErrors } from './chromium.js'
import { startTestOrigins, type TestOrigins } from './origins.js'

/** Everything a run produced, with page-clock times of its start of running and its result. */
export interface RunOutcome {
  events: RunEvent[]
  result: RunResult
  timing: { runningAt: number | null; resultAt: number }
}

/** A host page with a live Runcell runtime, driven from a test. */
export interface RuntimePage {
  browser: Browser
  page: Page
  origins: TestOrigins
  /** Console and page errors of the host page so far. */
  errors: string[]
  /** Runs code through `runtime.run` in the page and returns every event plus the result. */
  run(request: RunRequest): Promise<RunOutcome>
  close(): Promise<void>
}

/** The script of the host test page: a runtime on `window.runcell`, plus a long-task log. */
function hostScript(config: Omit<RuntimeConfig, 'assetsBaseUrl'>, assetsBaseUrl: string): string {
  return `
    import { createRuntime } from '/core/index.js'
    window.longTasks = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration)
    }).observe({ type: 'longtask', buffered: true })
    window.concurrency = { active: 0, max: 0 }
    const observer = {
      runStarted() {
        window.concurrency.active++
        window.concurrency.max = Math.max(window.concurrency.max, window.concurrency.active)
      },
      runFinished() {
        window.concurrency.active--
      },
    }
    const runtime = createRuntime({ ...${JSON.stringify(config)}, observer, assetsBaseUrl: ${JSON.stringify(assetsBaseUrl)} })
    window.runcell = {
      runtime,
      executions: new Map(),
      start(request) {
        const execution = runtime.run(request)
        this.executions.set(execution.id, execution)
        return execution.id
      },
      async collect(id) {
        const execution = this.executions.get(id)
        const events = []
        let runningAt = null
        for await (const event of execution.events) {
          if (event.type === 'status' && event.phase === 'running' && runningAt === null) runningAt = performance.now()
          events.push(event)
        }
        const result = await execution.result
        return { events, result, timing: { runningAt, resultAt: performance.now() } }
      },
      async run(request) {
        return this.collect(this.start(request))
      },
    }
    window.runcellReady = true
  `
}

/** Opens a host page on 127.0.0.1 whose runtime uses the runner on localhost (or the same origin). */
export async function openRuntimePage(
  options: {
    runtime?: Omit<RuntimeConfig, 'assetsBaseUrl'>
    sameOrigin?: boolean
    /** A cross-origin isolated host page (COOP + COEP), whose runner frame is isolated too. */
    isolated?: boolean
    browser?: Browser
  } = {},
): Promise<RuntimePage> {
  const pages = {
    '/': {
      body: '<!doctype html><html lang="en"><title>Runcell test host</title><link rel="icon" href="data:,"><body><script type="module" src="/host.js"></script></body></html>',
    },
    '/host.js': { type: 'text/javascript', body: '' },
  }
  const origins = await startTestOrigins({
    pages,
    sameOrigin: options.sameOrigin,
    isolated: options.isolated,
  })
  const runtime = options.isolated ? { allow: 'cross-origin-isolated', ...options.runtime } : options.runtime
  pages['/host.js'].body = hostScript(runtime ?? {}, origins.assetsBaseUrl)
  const browser = options.browser ?? (await launchChromium())
  const page = await browser.newPage()
  const errors = collectPageErrors(page)
  await page.goto(`${origins.host.url}/`)
  await page.waitForFunction(() => (window as unknown as { runcellReady?: boolean }).runcellReady === true)
  return {
    browser,
    page,
    origins,
    errors,
    run: (request) =>
      page.evaluate(
        (req) => (window as unknown as { runcell: { run(r: unknown): Promise<never> } }).runcell.run(req),
        request,
      ),
    close: async () => {
      await page.close()
      if (!options.browser) await browser.close()
      await origins.close()
    },
  }
}
