// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { EditorView } from '@codemirror/view'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import type { RunRequest } from '@runcell/core'
import { FeatureFlagProvider } from '../flags/index.js'
import { CodeRunner, loadCodeRunnerView, type CodeRunnerProps } from './CodeRunner.js'
import { stubTextLayout } from '../../../../test/support/jsdom-layout.js'
import { createFakeRuntime, type FakeReply, type FakeRuntime } from '../../../../test/support/fake-runtime.js'
import { RuncellProvider } from './state/runcell-context.js'
import { persistenceKey } from './state/persistence.js'
import { shareFragment } from './state/share.js'

beforeAll(stubTextLayout)
// The view's lazy import resolves outside act(); loaded up front, runners show it in the same render.
beforeAll(loadCodeRunnerView)
afterEach(() => {
  cleanup()
  localStorage.clear()
  history.replaceState(null, '', '/')
})

function setup(props: Partial<CodeRunnerProps> = {}, reply?: (r: RunRequest) => FakeReply) {
  const runtime: FakeRuntime = createFakeRuntime(reply)
  const ui = (p: Partial<CodeRunnerProps>) => (
    <RuncellProvider runtime={runtime}>
      <CodeRunner language="python" code="print(1)" loading="click" {...p} />
    </RuncellProvider>
  )
  const view = render(ui(props))
  return { runtime, rerender: (p: Partial<CodeRunnerProps>) => view.rerender(ui(p)), unmount: view.unmount }
}

function editor(): EditorView {
  const dom = document.querySelector('.cm-editor')
  const view = dom && EditorView.findFromDOM(dom as HTMLElement)
  if (!view) throw new Error('editor not mounted')
  return view
}
function type(text: string) {
  const view = editor()
  act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: text } }))
}
const run = () => fireEvent.click(screen.getByRole('button', { name: 'Run' }))

describe('<CodeRunner>', () => {
  test('shows a focused, labelled input field for input(), and Enter sends the answer and removes it', async () => {
    const { runtime } = setup({}, () => ({
      events: [
        { type: 'stdout', text: 'Name? ' },
        { type: 'input-request', prompt: 'Name? ' },
      ],
      hold: true,
    }))
    run()
    const field = await screen.findByRole('textbox', { name: 'Input: Name?' })
    expect(field).toHaveFocus()
    expect(screen.getByText('The program asks: Name?')).toHaveAttribute('role', 'status')
    fireEvent.change(field, { target: { value: 'Ada' } })
    fireEvent.submit(field)
    expect(runtime.inputs).toEqual(['Ada'])
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Input: Name?' })).toBeNull())
    expect(screen.getByRole('log')).toHaveTextContent('Name?')
  })

  test('mounts an editor holding the code, labelled by language, with Run, Reset and Copy', async () => {
    setup({ title: 'First steps' })
    await waitFor(() => expect(editor().state.doc.toString()).toBe('print(1)'))
    expect(screen.getByRole('group', { name: 'First steps' })).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Python code' })).toBeInTheDocument()
    for (const name of ['Run', 'Reset', 'Copy'])
      expect(screen.getByRole('button', { name })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull()
  })

  test('Run sends the code with its session, stdin, files and timeout, and shows the output and status', async () => {
    const onResult = vi.fn()
    const { runtime } = setup({
      session: 's1',
      stdin: 'in',
      timeoutMs: 500,
      files: { 'a.txt': 'x' },
      onResult,
    })
    run()
    await waitFor(() => expect(screen.getByRole('log')).toHaveTextContent('ran: print(1)'))
    expect(runtime.requests[0]).toMatchObject({
      language: 'python',
      code: 'print(1)',
      session: 's1',
      stdin: 'in',
      timeoutMs: 500,
      files: { 'a.txt': 'x' },
    })
    await waitFor(() => expect(screen.getByText('Finished in 12 ms.')).toBeInTheDocument())
    expect(onResult).toHaveBeenCalledWith(expect.objectContaining({ status: 'ok' }))
  })

  test('an error shows its name, message and traceback, and marks its line in the editor', async () => {
    setup({ code: 'a = 1\nb = c\n' }, () => ({
      result: {
        status: 'error',
        error: { name: 'NameError', message: "name 'c' is not defined", line: 2, traceback: 'Traceback…' },
      },
    }))
    await waitFor(() => editor())
    run()
    await waitFor(() => expect(screen.getByText('NameError')).toBeInTheDocument())
    expect(screen.getByRole('log')).toHaveTextContent("name 'c' is not defined (at line 2)")
    expect(screen.getByText('Traceback…')).toBeInTheDocument()
    await waitFor(() => expect(document.querySelector('.rc-error-line')).toHaveTextContent('b = c'))
  })

  test('Stop appears while running and ends the run as stopped', async () => {
    setup({}, () => ({ events: [{ type: 'status', phase: 'running' }], hold: true }))
    run()
    const stop = await screen.findByRole('button', { name: 'Stop' })
    fireEvent.click(stop)
    await waitFor(() => expect(screen.getByText('Stopped.')).toBeInTheDocument())
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull()
  })

  test('SQL tables render as tables with a caption, a row count and a truncation notice', async () => {
    setup({ language: 'sql', code: 'SELECT 1' }, () => ({
      events: [
        {
          type: 'table',
          columns: ['n', 'v'],
          rows: [
            [1, null],
            [2, 'b'],
          ],
          truncated: true,
        },
      ],
    }))
    run()
    const table = await screen.findByRole('table', { name: /Result 1 \(2 rows\)/ })
    expect(table).toHaveTextContent('Only the first 2 rows are shown.')
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['n', 'v'])
    expect(table).toHaveTextContent('NULL')
  })

  test('HTML output goes into a sandbox="" frame and never into the page', async () => {
    setup({}, () => ({ events: [{ type: 'display', mime: 'text/html', data: '<b id="evil">hi</b>' }] }))
    run()
    const frame = await screen.findByTitle('HTML output')
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(frame.getAttribute('srcdoc')).toMatch(
      /^<meta http-equiv="Content-Security-Policy" content="default-src 'none';/,
    )
    expect(frame.getAttribute('srcdoc')).toContain('<b id="evil">hi</b>')
    expect(document.getElementById('evil')).toBeNull()
  })
})

describe('<CodeRunner> code state', () => {
  test('controlled: the editor follows value, and edits call onChange', async () => {
    const onChange = vi.fn()
    const { rerender } = setup({ value: 'x = 1', onChange })
    await waitFor(() => expect(editor().state.doc.toString()).toBe('x = 1'))
    type('\ny = 2')
    expect(onChange).toHaveBeenLastCalledWith('x = 1\ny = 2')
    rerender({ value: 'z = 3', onChange })
    await waitFor(() => expect(editor().state.doc.toString()).toBe('z = 3'))
  })

  test('uncontrolled: defaultValue opens the editor, and Reset goes back to the author code', async () => {
    setup({ code: 'print(1)', defaultValue: 'print(0)' })
    await waitFor(() => expect(editor().state.doc.toString()).toBe('print(0)'))
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }))
    await waitFor(() => expect(editor().state.doc.toString()).toBe('print(1)'))
  })

  test('edits persist under the id and code hash, come back after a remount, and Reset forgets them', async () => {
    const first = setup({ id: 'intro' })
    await waitFor(() => editor())
    type('\nprint(2)')
    expect(localStorage.getItem(persistenceKey('intro', 'print(1)'))).toBe('print(1)\nprint(2)')
    first.unmount()
    setup({ id: 'intro' })
    await waitFor(() => expect(editor().state.doc.toString()).toBe('print(1)\nprint(2)'))
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }))
    await waitFor(() => expect(editor().state.doc.toString()).toBe('print(1)'))
    expect(localStorage.getItem(persistenceKey('intro', 'print(1)'))).toBeNull()
  })

  test('persist={false} keeps nothing', async () => {
    setup({ id: 'intro', persist: false })
    await waitFor(() => editor())
    type('\n#')
    expect(localStorage.length).toBe(0)
  })

  test('a share fragment opens the runner whose id matches, and only that one', async () => {
    history.replaceState(null, '', `/page${shareFragment('b', 'print("shared")')}`)
    const runtime = createFakeRuntime()
    render(
      <RuncellProvider runtime={runtime}>
        <CodeRunner id="a" language="python" code="print('a')" loading="click" />
        <CodeRunner id="b" language="python" code="print('b')" loading="click" />
      </RuncellProvider>,
    )
    await waitFor(() => expect(document.querySelectorAll('.cm-editor')).toHaveLength(2))
    const docs = [...document.querySelectorAll('.cm-editor')].map((d) =>
      EditorView.findFromDOM(d as HTMLElement)?.state.doc.toString(),
    )
    expect(docs).toEqual(["print('a')", 'print("shared")'])
  })
})

describe('<CodeRunner> wiring', () => {
  test('messages from the provider and the prop replace every default string they name', async () => {
    const runtime = createFakeRuntime()
    render(
      <RuncellProvider runtime={runtime} config={{ messages: { run: 'Ausführen', reset: 'Zurücksetzen' } }}>
        <CodeRunner
          language="python"
          code="1"
          loading="click"
          messages={{ reset: 'Zurück', editorLabel: () => 'Code' }}
        />
      </RuncellProvider>,
    )
    expect(screen.getByRole('button', { name: 'Ausführen' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Zurück' })).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Code' })).toBeInTheDocument())
  })

  test('with code execution switched off, the runner says so, has no Run button and never runs', async () => {
    const runtime = createFakeRuntime()
    render(
      <FeatureFlagProvider overrides={{ code_execution: false }}>
        <RuncellProvider runtime={runtime}>
          <CodeRunner language="sql" code="SELECT 1" autoRun loading="eager" />
        </RuncellProvider>
      </FeatureFlagProvider>,
    )
    expect(await screen.findByText('Code execution is turned off.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull()
    expect(runtime.requests).toHaveLength(0)
    expect(runtime.warmed).toHaveLength(0)
  })

  test('autoRun runs once on mount, and loading="eager" warms the engine', async () => {
    const { runtime } = setup({ autoRun: true, loading: 'eager' })
    await waitFor(() => expect(runtime.requests).toHaveLength(1))
    expect(runtime.warmed).toEqual(['python'])
  })

  test('setup runs once per session, hidden, before the first visible run', async () => {
    const { runtime } = setup({ session: 'course', setup: 'import math' })
    run()
    await waitFor(() => expect(screen.getByText('Finished in 12 ms.')).toBeInTheDocument())
    run()
    await waitFor(() => expect(runtime.requests).toHaveLength(3))
    expect(runtime.requests.map((r) => r.code)).toEqual(['import math', 'print(1)', 'print(1)'])
    expect(screen.getByRole('log')).not.toHaveTextContent('import math')
  })

  test('feedback sends the snippet id, the rating, the comment and the last run status', async () => {
    const send = vi.fn()
    setup({ id: 'intro', feedback: send })
    run()
    await waitFor(() => expect(screen.getByText('Finished in 12 ms.')).toBeInTheDocument())
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }))
    fireEvent.change(screen.getByLabelText('Anything to add? (optional)'), { target: { value: 'clear' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await screen.findByText('Thanks for your feedback.')
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({ snippetId: 'intro', rating: 'up', comment: 'clear', lastRunStatus: 'ok' }),
    )
  })
})
