import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type CDPSession } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RunRequest, RunResult } from '../../packages/core/src/index.js'
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.mjs'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// Whatever a run allocates, the host page survives; at worst the runner's process dies, the run ends with a clear
// error, and the next run works (issue 14 §4). The runner here is on the host's own origin, the zero-config
// default. A real memory bomb would fill the whole shared machine before anything died, so Chromium runs inside a
// memory cgroup capped at BOMB_LIMIT_MB (RUNCELL_BOMB_LIMIT_MB to change it): the kernel's OOM killer then acts at
// the cap, as it would at a reader's RAM. That needs a writable cgroup v1 memory controller (root in a
// container); without one the test is skipped, because without the cap it would endanger the machine.
const CGROUP_ROOT = '/sys/fs/cgroup/memory'
const BOMB_LIMIT_MB = Number(process.env.RUNCELL_BOMB_LIMIT_MB ?? 1536)

function memoryCage(): { executable: string; group: string; cleanup(): void } | null {
  const group = join(CGROUP_ROOT, `runcell-bomb-${process.pid}`)
  try {
    mkdirSync(group)
    writeFileSync(join(group, 'memory.limit_in_bytes'), String(BOMB_LIMIT_MB * 1024 * 1024))
  } catch {
    return null
  }
  const dir = mkdtempSync(join(tmpdir(), 'runcell-bomb-'))
  const executable = join(dir, 'chromium-capped.sh')
  writeFileSync(
    executable,
    `#!/bin/sh\necho $$ > ${JSON.stringify(join(group, 'cgroup.procs'))}\nexec ${JSON.stringify(findChromium())} "$@"\n`,
    { mode: 0o755 },
  )
  return {
    executable,
    group,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true })
      // Empty once Chromium exited; a busy group is left for the kernel (rmdir fails harmlessly).
      if (existsSync(group)) rmdirSync(group)
    },
  }
}

const cage = existsSync(CGROUP_ROOT) ? memoryCage() : null
let browser: Browser
let rp: RuntimePage
let cdp: CDPSession

beforeAll(async () => {
  if (!cage) return
  browser = await chromium.launch({ executablePath: cage.executable, args: CHROMIUM_ARGS, headless: true })
  rp = await openRuntimePage({ sameOrigin: true, browser })
  // Playwright marks the whole page crashed when any of its frames' processes dies, so the host page is driven
  // over its own CDP session, which keeps working as long as the host's renderer does.
  cdp = await rp.page.context().newCDPSession(rp.page)
  await evaluate('window.hostMarker = "still the same page"')
}, 60_000)
afterAll(async () => {
  await browser?.close().catch(() => {})
  await rp?.origins.close()
  try {
    cage?.cleanup()
  } catch {
    // A group the kernel still holds is removed when it empties.
  }
})

async function evaluate<T>(expression: string): Promise<T> {
  const reply = (await cdp.send('Runtime.evaluate', {
    expression,
    awaitPromise: true,
    returnByValue: true,
  })) as {
    result: { value?: unknown }
    exceptionDetails?: { text: string }
  }
  if (reply.exceptionDetails) throw new Error(`host page: ${reply.exceptionDetails.text}`)
  return reply.result.value as T
}

const run = (request: RunRequest) =>
  evaluate<{ result: RunResult }>(`window.runcell.run(${JSON.stringify(request)})`).then((r) => r.result)

function oomKills(): number {
  const control = readFileSync(join(cage?.group ?? '', 'memory.oom_control'), 'utf8')
  return Number(/oom_kill (\d+)/.exec(control)?.[1] ?? 0)
}

const NO_END: RunResult = {
  status: 'error',
  stdout: '',
  stderr: '',
  outputs: [],
  durationMs: 0,
  error: { name: 'NoEnding', message: 'the run did not end within 150 s' },
}

/** Ends the bomb's run and checks the host page and the next run, in `language`. */
async function survives(language: 'javascript' | 'python', bomb: string, next: string) {
  const kills = oomKills()
  const started = Date.now()
  // The run's own timeout is far away: what ends it must be the runner's death, noticed by the host.
  const ended = run({ language, code: bomb, timeoutMs: 300_000 })
  const result = await Promise.race([
    ended,
    new Promise<RunResult>((r) => setTimeout(() => r(NO_END), 150_000)),
  ])
  console.log(`memory bomb (${language}): ${result.error?.name} after ${Date.now() - started} ms`)
  expect(result).toMatchObject({ status: 'error', restarted: true, error: { name: 'EngineCrash' } })
  expect(result.error?.message).toContain('ran out of memory')
  // The kernel killed a process in the cage, and it was not the host page's.
  expect(oomKills()).toBeGreaterThan(kills)
  expect(await evaluate('window.hostMarker')).toBe('still the same page')
  const after = await run({ language, code: next, timeoutMs: 120_000 })
  expect(after).toMatchObject({ status: 'ok', stdout: 'next run\n' })
}

test.skipIf(!cage)(
  'a JavaScript run that fills ArrayBuffers kills only the runner: the run ends as EngineCrash and the next run works',
  async () => {
    const warm = await run({ language: 'javascript', code: 'console.log("warm")' })
    expect(warm).toMatchObject({ status: 'ok', stdout: 'warm\n' })
    await survives(
      'javascript',
      'const keep = []\nfor (;;) { const b = new ArrayBuffer(128 << 20); new Uint8Array(b).fill(1); keep.push(b) }',
      'console.log("next run")',
    )
  },
  300_000,
)

test.skipIf(!cage)(
  'a Python run that fills JS memory through js kills only the runner: the run ends as EngineCrash and the next run works',
  async () => {
    await survives(
      'python',
      'from js import ArrayBuffer, Uint8Array\nkeep = []\nwhile True:\n    b = ArrayBuffer.new(128 << 20)\n    Uint8Array.new(b).fill(1)\n    keep.append(b)',
      'print("next run")',
    )
  },
  300_000,
)
