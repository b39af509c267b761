// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, test } from 'vitest'
import type { RunRequest } from '@runcell/core'
import { createFakeRuntime } from '../../../../test/support/fake-runtime.js'
import { RuncellProvider } from './state/runcell-context.js'
import { useCodeRunner, type CodeRunnerHandle } from './use-code-runner.js'

afterEach(cleanup)

test('a run re-renders only its own runner, not the other runners on the runtime', async () => {
  const renders: Record<string, number> = {}
  const handles: Record<string, CodeRunnerHandle> = {}
  function Probe({ name }: { name: string }) {
    const handle = useCodeRunner({ language: 'javascript', code: `console.log('${name}')` })
    renders[name] = (renders[name] ?? 0) + 1
    handles[name] = handle
    return (
      <p data-testid={name}>
        {handle.status + '|' + handle.events.map((e) => ('text' in e ? e.text : '')).join('')}
      </p>
    )
  }
  const names = Array.from({ length: 20 }, (_, i) => `r${i}`)
  render(
    <RuncellProvider runtime={createFakeRuntime()}>
      {names.map((name) => (
        <Probe key={name} name={name} />
      ))}
    </RuncellProvider>,
  )
  const before = { ...renders }
  await act(async () => {
    await handles.r3?.run()
  })
  await waitFor(() => expect(screen.getByTestId('r3')).toHaveTextContent("ok|ran: console.log('r3')"))
  expect(renders.r3).toBeGreaterThan(before.r3 ?? 0)
  for (const name of names.filter((n) => n !== 'r3')) expect(renders[name]).toBe(before[name])
})

test('run(code) runs the given code, and the result and status come back to the caller', async () => {
  const runtime = createFakeRuntime(() => ({
    result: { status: 'error', error: { name: 'E', message: 'm', line: 1 } },
  }))
  let handle: CodeRunnerHandle | undefined
  function Probe() {
    handle = useCodeRunner({ language: 'sql', session: 'db' })
    return <p data-testid="s">{handle.status}</p>
  }
  render(
    <RuncellProvider runtime={runtime}>
      <Probe />
    </RuncellProvider>,
  )
  let result: Awaited<ReturnType<CodeRunnerHandle['run']>> = null
  await act(async () => {
    result = await handle!.run('SELECT x')
  })
  expect(result).toMatchObject({ status: 'error' })
  expect(runtime.requests[0]).toMatchObject({ language: 'sql', code: 'SELECT x', session: 'db' })
  expect(screen.getByTestId('s')).toHaveTextContent('error')
  expect(handle!.errorLine).toBe(1)
})

test('setup without a session runs once in a session of its own, and onRun sees the visible request', async () => {
  const runtime = createFakeRuntime()
  const seen: RunRequest[] = []
  let handle: CodeRunnerHandle | undefined
  function Probe({ code }: { code: string }) {
    handle = useCodeRunner({ language: 'python', code, setup: 'x = 1', onRun: (r) => void seen.push(r) })
    return <p data-testid="s">{handle.status}</p>
  }
  const view = render(
    <RuncellProvider runtime={runtime}>
      <Probe code="print(x)" />
    </RuncellProvider>,
  )
  await act(async () => {
    await handle!.run()
  })
  view.rerender(
    <RuncellProvider runtime={runtime}>
      <Probe code="print(x + 1)" />
    </RuncellProvider>,
  )
  await act(async () => {
    await handle!.run()
  })
  expect(runtime.requests.map((r) => r.code)).toEqual(['x = 1', 'print(x)', 'print(x + 1)'])
  const session = runtime.requests[0]!.session
  expect(session).toBeTruthy()
  expect(runtime.requests.every((r) => r.session === session)).toBe(true)
  expect(seen.map((r) => [r.code, r.session])).toEqual([
    ['print(x)', session],
    ['print(x + 1)', session],
  ])
  expect(screen.getByTestId('s')).toHaveTextContent('ok')
})
