// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { act, waitFor } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeAll, expect, test, vi } from 'vitest'
import { stubTextLayout } from '../../../../test/support/jsdom-layout.js'
import { FeatureFlagProvider } from '../flags/index.js'
import { CodeRunner } from './CodeRunner.js'
import { RuncellProvider } from './state/runcell-context.js'

beforeAll(stubTextLayout)
afterEach(() => vi.restoreAllMocks())

const app = (
  <RuncellProvider config={{ assetsBaseUrl: '/runcell/' }}>
    <CodeRunner
      id="ssr"
      language="python"
      title="Hello"
      code={"print('hi')\nx = 1"}
      output="hi"
      loading="click"
    />
  </RuncellProvider>
)

test('the server renders highlighted code and the output prop, and the page hydrates without a mismatch', async () => {
  const html = renderToString(app)
  expect(html).toContain('class="rc-static"')
  expect(html).toContain('<span class="tok-string">&#x27;hi&#x27;</span>')
  expect(html).toContain('role="log"')
  expect(html).not.toContain('cm-editor')
  expect(document.querySelector('iframe')).toBeNull()

  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const errors = vi.spyOn(console, 'error')
  const recoverable = vi.fn()
  await act(async () => {
    hydrateRoot(container, app, { onRecoverableError: recoverable })
  })
  expect(recoverable).not.toHaveBeenCalled()
  expect(errors).not.toHaveBeenCalled()
  // The editor is loaded after hydration (jsdom has no IntersectionObserver, so "near the viewport" is at once).
  await waitFor(() => expect(container.querySelector('.cm-editor')).not.toBeNull(), { timeout: 15_000 })
  expect(errors).not.toHaveBeenCalled()
  expect(container.querySelector('[role="log"]')).toHaveTextContent('hi')
  // Creating the runtime touched nothing: no runner frame until the first run or warm-up.
  expect(document.querySelector('iframe')).toBeNull()
})

test('with execution switched off, the server renders the notice and no Run button, before any editor loads', () => {
  const html = renderToString(
    <FeatureFlagProvider overrides={{ code_execution: false }}>
      <RuncellProvider config={{ assetsBaseUrl: '/runcell/' }}>
        <CodeRunner language="sql" code="SELECT 1" />
      </RuncellProvider>
    </FeatureFlagProvider>,
  )
  expect(html).toContain('class="rc-blocked"')
  expect(html).toContain('Code execution is turned off.')
  expect(html).not.toMatch(/\brc-run\b/)
  expect(html).not.toContain('cm-editor')
})
