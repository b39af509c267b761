import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunEvent, RunRequest, RunResult } from '../protocol/types.js'
import { EventChannel } from './event-channel.js'
import { createSnippetRunner, IDLE_SNAPSHOT, type SnippetRunnerHost } from './snippet-runner.js'

/** A run the test drives by hand: push events, then finish it; stop() ends it as stopped. */
interface FakeRun {
  request: RunRequest
  emit(event: RunEvent): void
  finish(result?: Partial<RunResult>): void
  stopped: boolean
  answers: string[]
}

function fakeHost(onRun?: (run: FakeRun) => void) {
  const runs: FakeRun[] = []
  const host: SnippetRunnerHost = {
    preparedSetups: new Set(),
    run(request) {
      const channel = new EventChannel<RunEvent>()
      let settle: (result: RunResult) => void = () => {}
      const result = new Promise<RunResult>((resolve) => (settle = resolve))
      const finish = (extra: Partial<RunResult> = {}) => {
        channel.close()
        settle({ status: 'ok', stdout: '', stderr: '', outputs: [], durationMs: 5, ...extra })
      }
      const run: FakeRun = {
        request,
        emit: (event) => channel.push(event),
        finish,
        stopped: false,
        answers: [],
      }
      runs.push(run)
      onRun?.(run)
      return {
        events: channel,
        result,
        stop() {
          run.stopped = true
          finish({ status: 'stopped' })
        },
        sendInput: (text: string) => run.answers.push(text),
      }
    },
  }
  return { host, runs }
}

/** Lets the runner's async loops take every event pushed so far, without moving the clock. */
const drain = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createSnippetRunner', () => {
  it('is busy through every phase of a run, installing included, and not before or after', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'import numpy' })
    expect(runner.getSnapshot().busy).toBe(false)
    void runner.run()
    await drain()
    const seen: boolean[] = [runner.getSnapshot().busy]
    for (const phase of ['loading', 'installing', 'running'] as const) {
      runs[0]?.emit({ type: 'status', phase, ...(phase === 'installing' ? { package: 'numpy' } : {}) })
      await drain()
      seen.push(runner.getSnapshot().busy)
    }
    expect(seen).toEqual([true, true, true, true])
    runs[0]?.finish()
    await drain()
    expect(runner.getSnapshot()).toMatchObject({ status: 'ok', busy: false })
  })

  it('shows the prompt before an input request, hands the answer to the run and clears the request', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'input("Name? ")' })
    void runner.run()
    await drain()
    runs[0]?.emit({ type: 'stdout', text: 'Name? ' })
    runs[0]?.emit({ type: 'input-request', prompt: 'Name? ' })
    await drain()
    // No 32 ms wait: the prompt is flushed with the request.
    expect(runner.getSnapshot().outputs).toEqual([{ type: 'stdout', text: 'Name? ' }])
    expect(runner.getSnapshot().inputRequest).toEqual({ prompt: 'Name? ' })
    runner.sendInput('Ada')
    expect(runs[0]?.answers).toEqual(['Ada'])
    expect(runner.getSnapshot().inputRequest).toBeNull()
    runner.sendInput('ignored: nothing is pending')
    expect(runs[0]?.answers).toEqual(['Ada'])
    runs[0]?.finish()
    await drain()
    expect(runner.getSnapshot().status).toBe('ok')
  })

  it('starts idle, with one shared frozen snapshot, and runs nothing until run() is called', () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'print(1)' })
    expect(runner.getSnapshot()).toBe(IDLE_SNAPSHOT)
    expect(Object.isFrozen(runner.getSnapshot())).toBe(true)
    expect(runs).toHaveLength(0)
  })

  it('shows queued at once, then the status events, then the result and the error line', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'x = y' })
    const result = runner.run()
    expect(runner.getSnapshot()).toMatchObject({ status: 'queued', result: null })
    expect(runner.getSnapshot().request).toMatchObject({ language: 'python', code: 'x = y' })
    runs[0]!.emit({ type: 'status', phase: 'loading' })
    await drain()
    expect(runner.getSnapshot()).toMatchObject({ status: 'loading' })
    runs[0]!.emit({ type: 'status', phase: 'running' })
    await drain()
    expect(runner.getSnapshot()).toMatchObject({ status: 'running' })
    runs[0]!.finish({ status: 'error', error: { name: 'NameError', message: 'y', line: 1 } })
    expect(await result).toMatchObject({ status: 'error' })
    expect(runner.getSnapshot()).toMatchObject({ status: 'error', errorLine: 1 })
    expect(runner.getSnapshot().result?.error?.name).toBe('NameError')
  })

  it('batches outputs per ~32 ms, merging text of one stream, so a chatty run notifies a few times, not per line', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'loop' })
    const changes = vi.fn()
    runner.subscribe(changes)
    void runner.run()
    changes.mockClear()
    for (let i = 0; i < 100; i++) runs[0]!.emit({ type: 'stdout', text: `${i}\n` })
    runs[0]!.emit({ type: 'table', columns: ['n'], rows: [[1]], truncated: false })
    runs[0]!.emit({ type: 'stdout', text: 'end\n' })
    await drain()
    expect(runner.getSnapshot().outputs).toEqual([])
    expect(changes).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(32)
    expect(changes).toHaveBeenCalledTimes(1)
    const outputs = runner.getSnapshot().outputs
    expect(outputs).toHaveLength(3)
    expect(outputs[0]).toEqual({
      type: 'stdout',
      text: Array.from({ length: 100 }, (_, i) => `${i}\n`).join(''),
    })
    expect(outputs[2]).toEqual({ type: 'stdout', text: 'end\n' })
    runs[0]!.emit({ type: 'stdout', text: 'late\n' })
    runs[0]!.finish()
    await drain()
    expect(runner.getSnapshot().outputs[2]).toEqual({ type: 'stdout', text: 'end\nlate\n' })
    expect(runner.getSnapshot().status).toBe('ok')
  })

  it('keeps the same snapshot object between changes and makes a new frozen one on each change', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'sql', code: 'SELECT 1' })
    void runner.run()
    const queued = runner.getSnapshot()
    expect(runner.getSnapshot()).toBe(queued)
    runs[0]!.finish()
    await drain()
    expect(runner.getSnapshot()).not.toBe(queued)
    expect(Object.isFrozen(runner.getSnapshot())).toBe(true)
    expect(queued.status).toBe('queued')
  })

  it('runs setup once per session and setup text, hidden, across every snippet of the runtime', async () => {
    const { host, runs } = fakeHost((run) => {
      run.emit({ type: 'stdout', text: `out of ${run.request.code}\n` })
      run.finish()
    })
    const first = createSnippetRunner(host, { language: 'python', session: 'course', setup: 'import math' })
    const second = createSnippetRunner(host, { language: 'python', session: 'course', setup: 'import math' })
    await first.run({ code: 'a' })
    await first.run({ code: 'b' })
    await second.run({ code: 'c' })
    const other = createSnippetRunner(host, { language: 'python', session: 'course', setup: 'import os' })
    await other.run({ code: 'd' })
    await drain()
    expect(runs.map((r) => [r.request.code, r.request.session])).toEqual([
      ['import math', 'course'],
      ['a', 'course'],
      ['b', 'course'],
      ['c', 'course'],
      ['import os', 'course'],
      ['d', 'course'],
    ])
    expect(runs[0]!.request.cache).toBe(false)
    expect(first.getSnapshot().outputs).toEqual([{ type: 'stdout', text: 'out of b\n' }])
    expect(other.getSnapshot().outputs).toEqual([{ type: 'stdout', text: 'out of d\n' }])
  })

  it('passes a check with the visible run and never with the setup, and shows its verdict on the result', async () => {
    const { host, runs } = fakeHost((run) =>
      run.finish(run.request.check ? { check: { status: 'fail', message: 'not yet' } } : {}),
    )
    const runner = createSnippetRunner(host, {
      language: 'python',
      setup: 'import math',
      check: { code: 'assert answer == 42' },
    })
    const result = await runner.run({ code: 'answer = 41' })
    expect(runs.map((r) => [r.request.code, r.request.check])).toEqual([
      ['import math', undefined],
      ['answer = 41', { code: 'assert answer == 42' }],
    ])
    expect(result.check).toEqual({ status: 'fail', message: 'not yet' })
    expect(runner.getSnapshot().result?.check).toEqual({ status: 'fail', message: 'not yet' })
  })

  it('snippets of one session that start together run its setup once, and all wait for it', async () => {
    const { host, runs } = fakeHost()
    const options = { language: 'sql', session: 'shop', setup: 'CREATE TABLE t(x)' } as const
    const snippets = [0, 1, 2].map(() => createSnippetRunner(host, options))
    const results = snippets.map((snippet, i) => snippet.run({ code: `SELECT ${i}` }))
    await drain()
    expect(runs.map((r) => r.request.code)).toEqual(['CREATE TABLE t(x)'])
    expect(snippets.map((s) => s.getSnapshot().status)).toEqual(['queued', 'queued', 'queued'])
    runs[0]!.finish()
    await drain()
    expect(runs.map((r) => r.request.code).sort()).toEqual([
      'CREATE TABLE t(x)',
      'SELECT 0',
      'SELECT 1',
      'SELECT 2',
    ])
    for (const run of runs.slice(1)) run.finish()
    expect((await Promise.all(results)).map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
  })

  it('a snippet stopped while it waits for the setup of another snippet ends as stopped and runs nothing', async () => {
    const { host, runs } = fakeHost()
    const options = { language: 'sql', session: 'shop', setup: 'CREATE TABLE t(x)' } as const
    const first = createSnippetRunner(host, options)
    const second = createSnippetRunner(host, options)
    void first.run({ code: 'SELECT 1' })
    const waiting = second.run({ code: 'SELECT 2' })
    await drain()
    second.stop()
    expect(await waiting).toMatchObject({ status: 'stopped' })
    expect(runs[0]!.stopped).toBe(false)
    runs[0]!.finish()
    await drain()
    expect(runs.map((r) => r.request.code)).toEqual(['CREATE TABLE t(x)', 'SELECT 1'])
  })

  it('when the setup it waited for was stopped, a snippet runs the setup itself', async () => {
    const { host, runs } = fakeHost()
    const options = { language: 'python', session: 's', setup: 'import math' } as const
    const first = createSnippetRunner(host, options)
    const second = createSnippetRunner(host, options)
    const stopped = first.run({ code: 'a' })
    const result = second.run({ code: 'b' })
    await drain()
    first.stop()
    expect(await stopped).toMatchObject({ status: 'stopped' })
    await drain()
    expect(runs.map((r) => r.request.code)).toEqual(['import math', 'import math'])
    runs[1]!.finish()
    await drain()
    runs[2]!.finish()
    expect(await result).toMatchObject({ status: 'ok' })
    expect(runs.map((r) => r.request.code)).toEqual(['import math', 'import math', 'b'])
  })

  it('gives a snippet with setup and no session a session of its own, the same for each of its runs', async () => {
    const { host, runs } = fakeHost((run) => run.finish())
    const one = createSnippetRunner(host, { language: 'javascript', setup: 'var a = 1' })
    const two = createSnippetRunner(host, { language: 'javascript', setup: 'var a = 1' })
    await one.run({ code: 'a' })
    await one.run({ code: 'a + 1' })
    await two.run({ code: 'a' })
    const sessions = runs.map((r) => r.request.session)
    expect(runs.map((r) => r.request.code)).toEqual(['var a = 1', 'a', 'a + 1', 'var a = 1', 'a'])
    expect(new Set(sessions.slice(0, 3)).size).toBe(1)
    expect(sessions[3]).toBe(sessions[4])
    expect(sessions[3]).not.toBe(sessions[0])
    expect(createSnippetRunner(host, { language: 'javascript' }).getSnapshot()).toBe(IDLE_SNAPSHOT)
  })

  it('a failed setup ends the run with its error but no line, and the visible code never runs', async () => {
    const { host, runs } = fakeHost((run) =>
      run.finish({ status: 'error', error: { name: 'ImportError', message: 'nope', line: 3 } }),
    )
    const runner = createSnippetRunner(host, {
      language: 'python',
      session: 's',
      setup: 'import nope',
      code: 'x',
    })
    const result = await runner.run()
    expect(runs).toHaveLength(1)
    expect(result.error).toEqual({ name: 'ImportError', message: 'nope', line: undefined })
    expect(runner.getSnapshot()).toMatchObject({ status: 'error', errorLine: null })
    expect(host.preparedSetups.size).toBe(0)
  })

  it('a new run stops the previous one, whose late events and result never reach the snapshot', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'slow' })
    const first = runner.run()
    runs[0]!.emit({ type: 'stdout', text: 'first\n' })
    const second = runner.run({ code: 'fast' })
    expect(runs[0]!.stopped).toBe(true)
    expect(await first).toMatchObject({ status: 'stopped' })
    await vi.advanceTimersByTimeAsync(100)
    expect(runner.getSnapshot()).toMatchObject({ status: 'queued', outputs: [] })
    runs[1]!.emit({ type: 'stdout', text: 'second\n' })
    runs[1]!.finish()
    expect(await second).toMatchObject({ status: 'ok' })
    expect(runner.getSnapshot().outputs).toEqual([{ type: 'stdout', text: 'second\n' }])
    expect(runner.getSnapshot().request?.code).toBe('fast')
  })

  it('stop() during setup ends the run as stopped before the visible code starts', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', session: 's', setup: 'slow()', code: 'x' })
    const result = runner.run()
    await drain()
    runner.stop()
    expect(await result).toMatchObject({ status: 'stopped' })
    expect(runs.map((r) => r.request.code)).toEqual(['slow()'])
    expect(runner.getSnapshot().status).toBe('stopped')
    runner.stop()
    expect(runner.getSnapshot().status).toBe('stopped')
  })

  it('a request the runtime refuses ends as an error result with its message, not an exception', async () => {
    const host: SnippetRunnerHost = {
      preparedSetups: new Set(),
      run() {
        throw new Error('This Runcell runtime was disposed; create a new one.')
      },
    }
    const runner = createSnippetRunner(host, { language: 'sql', code: 'SELECT 1' })
    const result = await runner.run()
    expect(result).toMatchObject({
      status: 'error',
      error: { name: 'RunnerError', message: 'This Runcell runtime was disposed; create a new one.' },
    })
    expect(runner.getSnapshot().status).toBe('error')
  })

  it('run() sends the options as defaults, overridden by the request; setOptions changes the next run', async () => {
    const { host, runs } = fakeHost((run) => run.finish())
    const runner = createSnippetRunner(host, { language: 'python', code: 'a', stdin: 'in', timeoutMs: 500 })
    await runner.run()
    await runner.run({ code: 'b', stdin: undefined })
    runner.setOptions({ language: 'sql', code: 'SELECT 1', session: 'db' })
    await runner.run()
    expect(runs.map((r) => r.request)).toEqual([
      { language: 'python', code: 'a', stdin: 'in', timeoutMs: 500, session: undefined },
      { language: 'python', code: 'b', stdin: 'in', timeoutMs: 500, session: undefined },
      { language: 'sql', code: 'SELECT 1', session: 'db' },
    ])
  })

  it('a listener that throws does not stop the run or the other listeners', async () => {
    const { host, runs } = fakeHost()
    const runner = createSnippetRunner(host, { language: 'python', code: 'x' })
    const thrown: unknown[] = []
    const onError = (error: unknown) => thrown.push(error)
    process.on('uncaughtException', onError)
    try {
      runner.subscribe(() => {
        throw new Error('listener bug')
      })
      const other = vi.fn()
      const unsubscribe = runner.subscribe(other)
      const result = runner.run()
      runs[0]!.finish()
      expect(await result).toMatchObject({ status: 'ok' })
      expect(other).toHaveBeenCalledTimes(2)
      unsubscribe()
      const again = runner.run()
      runs[1]!.finish()
      await again
      expect(other).toHaveBeenCalledTimes(2)
    } finally {
      await drain()
      process.off('uncaughtException', onError)
    }
    expect(thrown.length).toBeGreaterThan(0)
  })
})
