// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RuncellError } from '@runcell/core'
import { parseFlagOverrides, type FlagDefinition } from '@runcell/core/flags'
import { FeatureFlagProvider } from './FeatureFlagProvider.js'
import { useFlag, useFlagDetails, useFlagStatus } from './hooks.js'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const quietClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })
const never = () => new Promise<unknown>(() => undefined)
const layout = (value: string): FlagDefinition[] => [
  { key: 'layout', enabled: true, variants: [{ key: value, weight: 1, value }], defaultValue: 'plain' },
]

function Layout() {
  const details = useFlagDetails('layout', 'plain')
  return <p data-testid="layout">{`${details.value} ${details.reason}`}</p>
}

function Status() {
  return <p data-testid="status">{useFlagStatus()}</p>
}

describe('FeatureFlagProvider', () => {
  it('renders bootstrap values on the very first render, before the source answers', () => {
    const seen: boolean[] = []
    function Editor() {
      const on = useFlag('new_editor', false)
      seen.push(on)
      return <p>{on ? 'new editor' : 'old editor'}</p>
    }
    render(
      <FeatureFlagProvider source={never} bootstrap={{ new_editor: true }} queryClient={quietClient()}>
        <Editor />
      </FeatureFlagProvider>,
    )
    expect(seen[0]).toBe(true)
    expect(screen.getByText('new editor')).toBeInTheDocument()
  })

  it('evaluates static flags for the context on the first render', () => {
    const flags: FlagDefinition[] = [
      { key: 'beta', enabled: true, conditions: { userGroups: ['beta_testers'] } },
    ]
    function Beta() {
      return <p>{useFlag('beta', false) ? 'beta on' : 'beta off'}</p>
    }
    const { rerender } = render(
      <FeatureFlagProvider flags={flags} context={{ groups: ['beta_testers'] }}>
        <Beta />
      </FeatureFlagProvider>,
    )
    expect(screen.getByText('beta on')).toBeInTheDocument()
    rerender(
      <FeatureFlagProvider flags={flags} context={{ groups: ['guests'] }}>
        <Beta />
      </FeatureFlagProvider>,
    )
    expect(screen.getByText('beta off')).toBeInTheDocument()
  })

  it('replaces bootstrap values with the source once it loads', async () => {
    render(
      <FeatureFlagProvider
        source={async () => layout('grid')}
        bootstrap={{ layout: 'list' }}
        queryClient={quietClient()}
      >
        <Layout />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('layout')).toHaveTextContent('list CACHED')
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC'))
  })

  it('fetches a URL source and validates what it answers', async () => {
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify({ flags: layout('grid') }), { status: 200 }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const queryClient = quietClient()
    render(
      <FeatureFlagProvider source="/api/flags" queryClient={queryClient}>
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC'))
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/flags',
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    )
    expect(queryClient.getQueryData(['runcell', 'flags', '/api/flags'])).toEqual(layout('grid'))
  })

  it('works without a queryClient prop, on a private client', async () => {
    render(
      <FeatureFlagProvider source={async () => layout('grid')}>
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('grid'))
  })

  it('polls the source again once cacheTtl has passed', async () => {
    let calls = 0
    const source = async () => layout(++calls === 1 ? 'first' : 'second')
    render(
      <FeatureFlagProvider source={source} cacheTtl={40} queryClient={quietClient()}>
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('first'))
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('second'))
    expect(calls).toBeGreaterThanOrEqual(2)
  })

  it('refetches when the tab becomes visible with a stale config, but not while it is fresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const source = vi.fn(async () => layout(`call${source.mock.calls.length}`))
    render(
      <FeatureFlagProvider source={source} cacheTtl={60_000} queryClient={quietClient()}>
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('call1'))
    act(() => void window.dispatchEvent(new Event('visibilitychange')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(source).toHaveBeenCalledTimes(1)

    vi.setSystemTime(Date.now() + 61_000)
    act(() => void window.dispatchEvent(new Event('visibilitychange')))
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('call2'))
    expect(source).toHaveBeenCalledTimes(2)
  })

  it('keeps the last good config when a refetch fails, and reports the error', async () => {
    let calls = 0
    const source = async () => {
      if (++calls > 1) throw new Error('flag server down')
      return layout('grid')
    }
    const onSourceError = vi.fn()
    render(
      <FeatureFlagProvider
        source={source}
        cacheTtl={30}
        queryClient={quietClient()}
        onSourceError={onSourceError}
      >
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC'))
    await waitFor(() => expect(onSourceError).toHaveBeenCalledWith(new Error('flag server down')))
    expect(calls).toBeGreaterThanOrEqual(2)
    expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC')
  })

  it('rejects a malformed source whole and keeps the last good config', async () => {
    let calls = 0
    const source = async () =>
      ++calls === 1 ? layout('grid') : [{ key: 'layout', enabled: true, rolloutPercentage: 'all' }]
    const onSourceError = vi.fn()
    render(
      <FeatureFlagProvider
        source={source}
        cacheTtl={30}
        queryClient={quietClient()}
        onSourceError={onSourceError}
      >
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(onSourceError).toHaveBeenCalled())
    const error = onSourceError.mock.calls[0]![0] as RuncellError
    expect(error).toBeInstanceOf(RuncellError)
    expect(error.code).toBe('INVALID_FLAG_SOURCE')
    expect(error.message).toContain('rolloutPercentage')
    expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC')
  })

  it('shows defaults, not an error, when a URL source answers HTTP 500 on first load', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('oops', { status: 500 })),
    )
    const onSourceError = vi.fn()
    render(
      <FeatureFlagProvider source="/api/flags" queryClient={quietClient()} onSourceError={onSourceError}>
        <Layout />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(onSourceError).toHaveBeenCalled())
    expect(String(onSourceError.mock.calls[0]![0])).toContain('HTTP 500')
    expect(screen.getByTestId('layout')).toHaveTextContent('plain ERROR')
  })

  it('lets ?flags= overrides win over definitions and follow prop changes', () => {
    const flags = layout('grid')
    const { rerender } = render(
      <FeatureFlagProvider flags={flags} overrides={parseFlagOverrides('?flags=layout:debug')}>
        <Layout />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('layout')).toHaveTextContent('debug STATIC')
    rerender(
      <FeatureFlagProvider flags={flags} overrides={{}}>
        <Layout />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC')
  })

  it('reports NOT_READY until the source loads, READY after, and STALE when a refetch fails', async () => {
    let calls = 0
    let answer!: () => void
    const source = () =>
      ++calls === 1
        ? new Promise<FlagDefinition[]>((resolve) => (answer = () => resolve(layout('grid'))))
        : Promise.reject(new Error('flag server down'))
    render(
      <FeatureFlagProvider source={source} cacheTtl={30} queryClient={quietClient()}>
        <Status />
        <Layout />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('status')).toHaveTextContent('NOT_READY')
    expect(screen.getByTestId('layout')).toHaveTextContent('plain ERROR')
    act(() => answer())
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('READY'))
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('STALE'))
    expect(screen.getByTestId('layout')).toHaveTextContent('grid STATIC')
  })

  it('reports ERROR when the first load fails, and READY with static flags and no source', async () => {
    render(
      <FeatureFlagProvider source={() => Promise.reject(new Error('down'))} queryClient={quietClient()}>
        <Status />
      </FeatureFlagProvider>,
    )
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('ERROR'))
    cleanup()
    render(
      <FeatureFlagProvider flags={layout('grid')}>
        <Status />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('status')).toHaveTextContent('READY')
  })
})
