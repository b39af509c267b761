// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Language } from '@runcell/core'
import type { FlagDefinition } from '@runcell/core/flags'
import { Feature } from './Feature.js'
import { FeatureFlagProvider } from './FeatureFlagProvider.js'
import { useExecutionSwitch, useFlag, useFlagDetails, useVariant } from './hooks.js'

afterEach(cleanup)

const checkout: FlagDefinition = {
  key: 'checkout',
  enabled: true,
  variants: [
    { key: 'control', weight: 1, value: 'old' },
    { key: 'treatment', weight: 1, value: 'new' },
  ],
  defaultValue: 'old',
  version: 4,
}

function Switch({ language }: { language: Language }) {
  const { allowed, message } = useExecutionSwitch(language)
  return <p>{`${language}: ${allowed ? 'allowed' : message}`}</p>
}

describe('without a provider', () => {
  it('hooks give their defaults and every language may run', () => {
    function Probe() {
      const details = useFlagDetails('anything', 'fallback')
      return (
        <p>{`${useFlag('new_editor', true)} ${details.value} ${details.errorCode} ${useVariant('x')}`}</p>
      )
    }
    render(
      <>
        <Probe />
        <Switch language="python" />
        <Switch language="sql" />
        <Feature flag="new_editor" fallback={<p>old editor</p>}>
          <p>new editor</p>
        </Feature>
      </>,
    )
    expect(screen.getByText('true fallback PROVIDER_NOT_READY undefined')).toBeInTheDocument()
    expect(screen.getByText('python: allowed')).toBeInTheDocument()
    expect(screen.getByText('sql: allowed')).toBeInTheDocument()
    expect(screen.getByText('old editor')).toBeInTheDocument()
  })
})

describe('hooks under a provider', () => {
  it('useVariant and useFlagDetails report the variant, reason and version', () => {
    function Probe() {
      const details = useFlagDetails('checkout', 'old')
      return (
        <p>{`${useVariant('checkout')} ${details.value} ${details.reason} v${details.flagMetadata.version}`}</p>
      )
    }
    render(
      <FeatureFlagProvider flags={[checkout]} context={{ targetingKey: 'user-1' }}>
        <Probe />
      </FeatureFlagProvider>,
    )
    expect(screen.getByText(/^(control old|treatment new) SPLIT v4$/)).toBeInTheDocument()
  })

  it('useFlag gives the default for a flag of another type instead of throwing', () => {
    function Probe() {
      return <p>{`count ${useFlag('checkout', 3)}`}</p>
    }
    render(
      <FeatureFlagProvider flags={[checkout]} context={{ targetingKey: 'user-1' }}>
        <Probe />
      </FeatureFlagProvider>,
    )
    expect(screen.getByText('count 3')).toBeInTheDocument()
  })

  it('a disabled flag gives the caller default, reason DISABLED and no variant, as the OpenFeature provider does', () => {
    const killed: FlagDefinition = { ...checkout, enabled: false }
    function Killed() {
      const details = useFlagDetails('checkout', 'mine')
      return (
        <p>{`${details.value} ${details.reason} ${details.variant ?? 'none'} ${useVariant('checkout') ?? 'none'}`}</p>
      )
    }
    render(
      <FeatureFlagProvider flags={[killed]} context={{ targetingKey: 'user-1' }}>
        <Killed />
      </FeatureFlagProvider>,
    )
    expect(screen.getByText('mine DISABLED none none')).toBeInTheDocument()
  })

  it('<Feature> renders children when on, the fallback when off, and can pick a variant', () => {
    render(
      <FeatureFlagProvider
        flags={[{ key: 'on', enabled: true }, { key: 'off', enabled: false }, checkout]}
        overrides={{ checkout: 'treatment' }}
      >
        <Feature flag="on" fallback={<p>on-fallback</p>}>
          <p>on-children</p>
        </Feature>
        <Feature flag="off" fallback={<p>off-fallback</p>}>
          <p>off-children</p>
        </Feature>
        <Feature flag="checkout" variant="treatment">
          <p>treatment-children</p>
        </Feature>
        <Feature flag="checkout" variant="control" fallback={<p>control-fallback</p>}>
          <p>control-children</p>
        </Feature>
      </FeatureFlagProvider>,
    )
    for (const text of ['on-children', 'off-fallback', 'treatment-children', 'control-fallback']) {
      expect(screen.getByText(text)).toBeInTheDocument()
    }
    expect(screen.queryByText('off-children')).not.toBeInTheDocument()
    expect(screen.queryByText('control-children')).not.toBeInTheDocument()
  })
})

describe('exposure events', () => {
  it('fire once per flag and variant per provider session, not per render or per component', () => {
    const onExposure = vi.fn()
    function Probe({ tick }: { tick: number }) {
      return <p>{`${useFlag('on', false)} ${useFlag('missing', false)} ${tick}`}</p>
    }
    const tree = (tick: number, overrides = {}) => (
      <StrictMode>
        <FeatureFlagProvider
          flags={[{ key: 'on', enabled: true, version: 2 }]}
          overrides={overrides}
          onExposure={onExposure}
        >
          <Probe tick={tick} />
          <Probe tick={tick} />
          <Feature flag="on">on</Feature>
        </FeatureFlagProvider>
      </StrictMode>
    )
    const { rerender } = render(tree(1))
    rerender(tree(2))
    rerender(tree(3))
    expect(onExposure).toHaveBeenCalledTimes(1)
    expect(onExposure).toHaveBeenCalledWith({
      flagKey: 'on',
      variant: 'on',
      value: true,
      reason: 'STATIC',
      flagMetadata: { version: 2 },
    })

    rerender(tree(4, { on: false }))
    expect(onExposure).toHaveBeenCalledTimes(2)
    expect(onExposure).toHaveBeenLastCalledWith(expect.objectContaining({ flagKey: 'on', variant: 'off' }))
    rerender(tree(5, {}))
    expect(onExposure).toHaveBeenCalledTimes(2)
  })
})

describe('useExecutionSwitch', () => {
  it('follows code_execution and the language switches, and updates when they change', () => {
    const tree = (flags: FlagDefinition[]) => (
      <FeatureFlagProvider flags={flags}>
        <Switch language="python" />
        <Switch language="sql" />
      </FeatureFlagProvider>
    )
    const { rerender } = render(tree([{ key: 'sql_execution', enabled: false }]))
    expect(screen.getByText('python: allowed')).toBeInTheDocument()
    expect(screen.getByText('sql: SQL execution is turned off.')).toBeInTheDocument()
    rerender(tree([{ key: 'code_execution', enabled: false }]))
    expect(screen.getByText('python: Code execution is turned off.')).toBeInTheDocument()
    expect(screen.getByText('sql: Code execution is turned off.')).toBeInTheDocument()
    rerender(tree([]))
    expect(screen.getByText('sql: allowed')).toBeInTheDocument()
  })
})
