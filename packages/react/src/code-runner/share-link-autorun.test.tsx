// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { stubTextLayout } from '../../../../test/support/jsdom-layout.js'
import { createFakeRuntime, type FakeRuntime } from '../../../../test/support/fake-runtime.js'
import { CodeRunner, loadCodeRunnerView } from './CodeRunner.js'
import { RuncellProvider } from './state/runcell-context.js'
import { shareFragment } from './state/share.js'

beforeAll(stubTextLayout)
// The view's lazy import resolves outside act(); loaded up front, runners show it in the same render.
beforeAll(loadCodeRunnerView)
afterEach(() => {
  cleanup()
  localStorage.clear()
  history.replaceState(null, '', '/')
})

function mount(runtime: FakeRuntime) {
  return render(
    <RuncellProvider runtime={runtime}>
      <CodeRunner id="demo" language="python" code="print('author')" autoRun loading="eager" />
    </RuncellProvider>,
  )
}

const shows = (code: string) =>
  waitFor(() => expect(document.querySelector('.cm-content')?.textContent).toBe(code), { timeout: 5000 })

// Issue 14 §6: a share link opens a runner with the link's code; on a runner with autoRun, that code must wait
// for the reader's click, on this visit and on the next one (the shared code is kept as the reader's edit).
describe('<CodeRunner autoRun> and share links', () => {
  test("runs the author's code on mount, but shared code only when the reader clicks Run, on every visit", async () => {
    const author = createFakeRuntime()
    const first = mount(author)
    await waitFor(() => expect(author.requests.map((r) => r.code)).toEqual(["print('author')"]), {
      timeout: 5000,
    })
    first.unmount()

    history.replaceState(null, '', `/${shareFragment('demo', "print('from a link')")}`)
    const shared = createFakeRuntime()
    const visit = mount(shared)
    await shows("print('from a link')")
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(shared.requests).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Run' }))
    await waitFor(() => expect(shared.requests.map((r) => r.code)).toEqual(["print('from a link')"]), {
      timeout: 5000,
    })
    visit.unmount()

    // The next visit, without the link: the shared code is now a saved edit, and still waits for a click.
    history.replaceState(null, '', '/')
    const again = createFakeRuntime()
    mount(again)
    await shows("print('from a link')")
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(again.requests).toHaveLength(0)
  })
})
