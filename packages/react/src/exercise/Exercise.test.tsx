// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { EditorView } from '@codemirror/view'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import type { CheckResult, RunRequest } from '@runcell/core'
import { stubTextLayout } from '../../../../test/support/jsdom-layout.js'
import { createFakeRuntime, type FakeReply } from '../../../../test/support/fake-runtime.js'
import { RuncellProvider } from '../code-runner/state/runcell-context.js'
import { Exercise, type ExerciseProps } from './Exercise.js'
import { progressKey } from './progress.js'
import { useExerciseProgress } from './use-exercise-progress.js'

beforeAll(async () => {
  stubTextLayout()
  // The view (and CodeMirror) loads lazily on first mount; loading it here keeps that out of the first test's time.
  await import('./ExerciseView.js')
}, 60_000)
afterEach(() => {
  cleanup()
  localStorage.clear()
})

/** A fake runtime whose checks pass when the learner's code contains "6", and fail with a message otherwise. */
function verdictFor(request: RunRequest): FakeReply {
  if (!request.check) return { events: [{ type: 'stdout', text: 'ran\n' }] }
  const check: CheckResult = /6|1 \+ 2 \+ 3/.test(request.code)
    ? { status: 'pass' }
    : { status: 'fail', message: 'total should be 6' }
  return { events: [{ type: 'stdout', text: 'ran\n' }], result: { check } }
}

function Toc({ ids }: { ids: string[] }) {
  const { passed, total, exercises } = useExerciseProgress(ids)
  return (
    <p data-testid="toc">
      {passed} of {total} solved; attempts {ids.map((id) => exercises[id]?.attempts).join(',')}
    </p>
  )
}

async function setup(props: Partial<ExerciseProps> = {}, reply = verdictFor) {
  const runtime = createFakeRuntime(reply)
  const onCheck = vi.fn()
  const ui = (p: Partial<ExerciseProps>) => (
    <RuncellProvider runtime={runtime}>
      <Toc ids={['sum', 'other']} />
      <Exercise
        id="sum"
        language="python"
        title="Sum"
        code="total = 0"
        check={{ code: "assert ns['total'] == 6, 'total should be 6'" }}
        hints={['Add 1, 2 and 3.', <code key="h2">total = 1 + 2 + 3</code>]}
        solution="total = 1 + 2 + 3"
        loading="click"
        onCheck={onCheck}
        {...p}
      >
        <p>Set total to 6.</p>
      </Exercise>
    </RuncellProvider>
  )
  const view = render(ui(props))
  // The first mount downloads the view's module (the editor), which takes a while in jsdom.
  await screen.findByRole('textbox', { name: 'Python code' }, { timeout: 15_000 })
  return { runtime, onCheck, rerender: (p: Partial<ExerciseProps>) => view.rerender(ui(p)) }
}

function setCode(text: string) {
  const dom = document.querySelector('.cm-editor')
  const view = dom && EditorView.findFromDOM(dom as HTMLElement)
  if (!view) throw new Error('editor not mounted')
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }))
}
const click = (name: string | RegExp) => fireEvent.click(screen.getByRole('button', { name }))
const group = () => screen.getByRole('group', { name: 'Sum' })

// jsdom and CodeMirror are slow on a loaded 2-core machine; the default 5 s is too tight for a full check flow.
describe('<Exercise>', { timeout: 30_000 }, () => {
  test('shows the prompt and starter code with Run and Check, and Run sends no check', async () => {
    const { runtime } = await setup()
    expect(screen.getByText('Set total to 6.')).toBeInTheDocument()
    for (const name of ['Run', 'Check', 'Reset']) expect(screen.getByRole('button', { name })).toBeVisible()
    click('Run')
    await waitFor(() => expect(runtime.requests).toHaveLength(1))
    expect(runtime.requests[0]?.check).toBeUndefined()
  })

  test('a failing check shows the message, announces it, counts an attempt and calls onCheck', async () => {
    const { runtime, onCheck } = await setup()
    click('Check')
    await screen.findByText('total should be 6', { selector: '.rc-exercise-message' })
    expect(runtime.requests[0]).toMatchObject({
      code: 'total = 0',
      check: { code: "assert ns['total'] == 6, 'total should be 6'" },
    })
    expect(screen.getByText('Not yet. total should be 6')).toHaveAttribute('role', 'status')
    expect(group()).toHaveAttribute('data-check', 'fail')
    expect(group()).not.toHaveAttribute('data-passed')
    expect(onCheck).toHaveBeenCalledWith(
      { status: 'fail', message: 'total should be 6' },
      { attempts: 1, hintsUsed: 0, solutionShown: false },
    )
    expect(screen.getByTestId('toc')).toHaveTextContent('0 of 2 solved; attempts 1,0')
  })

  test('a passing check shows the success state and a Solved badge, and the course hook counts it', async () => {
    const { onCheck } = await setup()
    setCode('total = 6')
    click('Check')
    await screen.findByText('Correct!', { selector: '.rc-exercise-verdict-heading' })
    expect(group()).toHaveAttribute('data-passed', 'true')
    expect(screen.getByText('Solved')).toBeVisible()
    expect(onCheck).toHaveBeenLastCalledWith({ status: 'pass' }, expect.objectContaining({ attempts: 1 }))
    expect(screen.getByTestId('toc')).toHaveTextContent('1 of 2 solved')
    expect(JSON.parse(localStorage.getItem(progressKey('sum')) ?? '{}')).toMatchObject({
      passed: true,
      attempts: 1,
    })
  })

  test("a broken check says it is the exercise's fault and is not counted as an attempt", async () => {
    const { onCheck } = await setup({}, () => ({
      result: { check: { status: 'error', message: 'NameError: name nss is not defined' } },
    }))
    click('Check')
    await screen.findByText(/problem with the exercise, not with your code/)
    expect(screen.getByText('NameError: name nss is not defined')).toBeVisible()
    expect(onCheck).toHaveBeenCalledWith(expect.objectContaining({ status: 'error' }), {
      attempts: 0,
      hintsUsed: 0,
      solutionShown: false,
    })
  })

  test('a runner that was lost gives no verdict: no attempt, no onCheck, and the learner is told to try again', async () => {
    const { onCheck } = await setup({}, () => ({
      result: {
        status: 'error',
        error: { name: 'RunnerUnavailable', message: 'the runner page did not answer' },
      },
    }))
    click('Check')
    await screen.findByText(/could not run the check, so it does not count as an attempt/)
    expect(onCheck).not.toHaveBeenCalled()
    expect(screen.getByTestId('toc')).toHaveTextContent('0 of 2 solved; attempts 0,0')
    expect(document.querySelector('.rc-exercise-verdict')).toBeNull()
  })

  test('hints are revealed one at a time, each taking focus, and the count is stored', async () => {
    const { onCheck } = await setup()
    expect(screen.queryByRole('region', { name: 'Hints' })).toBeNull()
    click('Show a hint (1 of 2)')
    const first = await screen.findByText('Add 1, 2 and 3.')
    expect(first).toHaveFocus()
    expect(screen.queryByText('total = 1 + 2 + 3', { selector: 'code' })).toBeNull()
    click('Show hint 2 of 2')
    await waitFor(() => expect(screen.getByText('total = 1 + 2 + 3', { selector: 'code' })).toBeVisible())
    expect(screen.queryByRole('button', { name: /hint/ })).toBeNull()
    expect(JSON.parse(localStorage.getItem(progressKey('sum')) ?? '{}')).toMatchObject({ hintsUsed: 2 })
    click('Check')
    await screen.findByText('Not yet.', { exact: false, selector: '.rc-exercise-verdict-heading' })
    expect(onCheck).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ hintsUsed: 2 }))
  })

  test('the solution waits for N attempts, then is shown on request and can be put in the editor', async () => {
    const { runtime } = await setup({ solutionAfterAttempts: 2 })
    expect(screen.getByText('The solution unlocks after 2 more checks.')).toBeVisible()
    expect(screen.queryByRole('button', { name: 'Show the solution' })).toBeNull()
    click('Check')
    await screen.findByText('The solution unlocks after 1 more check.')
    click('Check')
    await waitFor(() => expect(runtime.requests).toHaveLength(2))
    click(await screen.findByRole('button', { name: 'Show the solution' }).then((b) => b.textContent ?? ''))
    const region = await screen.findByRole('region', { name: 'Solution' })
    expect(region).toHaveFocus()
    click('Put the solution in the editor')
    click('Check')
    await screen.findByText('Correct!', { selector: '.rc-exercise-verdict-heading' })
    expect(runtime.requests[2]?.code).toBe('total = 1 + 2 + 3')
    expect(JSON.parse(localStorage.getItem(progressKey('sum')) ?? '{}')).toMatchObject({
      solutionShown: true,
      passed: true,
      attempts: 3,
    })
  })

  test('progress, revealed hints and the last verdict come back when the exercise mounts again', async () => {
    localStorage.setItem(
      progressKey('sum'),
      JSON.stringify({
        passed: true,
        attempts: 4,
        hintsUsed: 1,
        solutionShown: false,
        lastCheck: { status: 'pass' },
      }),
    )
    await setup()
    expect(group()).toHaveAttribute('data-passed', 'true')
    expect(screen.getByText('Correct!', { selector: '.rc-exercise-verdict-heading' })).toBeVisible()
    expect(screen.getByText('4 attempts', { exact: false })).toBeVisible()
    expect(screen.getByText('Add 1, 2 and 3.')).toBeVisible()
    expect(screen.getByTestId('toc')).toHaveTextContent('1 of 2 solved; attempts 4,0')
  })

  test('a Run pressed while a check is under way makes that check not count', async () => {
    let held = true
    const { onCheck } = await setup({}, (request) =>
      request.check && held ? { hold: true } : verdictFor(request),
    )
    click('Check')
    expect(await screen.findByRole('button', { name: 'Checking…' })).toHaveAttribute('aria-disabled', 'true')
    held = false
    // Ctrl+Enter in the editor runs while the check is under way; that run stops the check's.
    const content = document.querySelector('.cm-content') as HTMLElement
    fireEvent.keyDown(content, { key: 'Enter', ctrlKey: true })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Check' })).toBeInTheDocument())
    await waitFor(() => expect(group()).toHaveAttribute('data-status', 'ok'))
    expect(onCheck).not.toHaveBeenCalled()
    expect(localStorage.getItem(progressKey('sum'))).toBeNull()
  })
})
