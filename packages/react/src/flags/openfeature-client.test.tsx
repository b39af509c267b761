// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest'
import { OpenFeature } from '@openfeature/web-sdk'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createFlagStore, RuncellFlagProvider, type FlagDefinition } from '@runcell/core/flags'
import { FeatureFlagProvider } from './FeatureFlagProvider.js'
import { useExecutionSwitch, useFlagDetails, useFlagStatus, useVariant } from './hooks.js'

afterEach(async () => {
  cleanup()
  await OpenFeature.clearProviders()
  await OpenFeature.clearContext()
})

const flags: FlagDefinition[] = [
  {
    key: 'beta',
    enabled: true,
    conditions: { userGroups: ['beta_testers'] },
    rolloutPercentage: 50,
    version: 1,
  },
  {
    key: 'checkout',
    enabled: true,
    variants: [
      { key: 'control', weight: 1, value: 'old' },
      { key: 'treatment', weight: 1, value: 'new' },
    ],
    defaultValue: 'old',
  },
  { key: 'limit', enabled: true, variants: [{ key: 'five', weight: 1, value: 5 }], defaultValue: 1 },
  { key: 'python_execution', enabled: false },
]
const users = ['user-1', 'user-2', 'user-3', 'anon-7f3a', 'alice', 'bob']

function Probe() {
  const beta = useFlagDetails('beta', false)
  const checkout = useFlagDetails('checkout', 'x')
  const limit = useFlagDetails('limit', 0)
  const python = useExecutionSwitch('python')
  const text = [
    beta.value,
    beta.reason,
    checkout.value,
    checkout.variant,
    limit.value,
    useVariant('checkout'),
  ]
  return <p data-testid="probe">{`${text.join(' ')} python:${python.allowed}`}</p>
}

describe('OpenFeature interop', () => {
  it('an OpenFeature client on RuncellFlagProvider gives the same values as the hooks', async () => {
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider(flags))
    const client = OpenFeature.getClient()
    for (const targetingKey of users) {
      const context = { targetingKey, groups: ['beta_testers'] }
      await OpenFeature.setContext(context)
      const beta = client.getBooleanDetails('beta', false)
      const checkout = client.getStringDetails('checkout', 'x')
      const expected = [
        beta.value,
        beta.reason,
        checkout.value,
        checkout.variant,
        client.getNumberValue('limit', 0),
      ]
      // A disabled switch serves the caller's default, and the switches read that as off.
      const switchDetails = client.getBooleanDetails('python_execution', true)
      expect(switchDetails).toMatchObject({ value: true, reason: 'DISABLED' })
      const python = switchDetails.reason === 'DISABLED' ? false : switchDetails.value
      render(
        <FeatureFlagProvider flags={flags} context={context}>
          <Probe />
        </FeatureFlagProvider>,
      )
      expect(screen.getByTestId('probe')).toHaveTextContent(
        `${[...expected, checkout.variant].join(' ')} python:${python}`,
      )
      cleanup()
    }
  })

  it('the hooks run on any OpenFeature client and give the same values as the store', async () => {
    const store = createFlagStore({ flags })
    await OpenFeature.setContext({ targetingKey: 'user-2', groups: ['beta_testers'] })
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider(store))
    const viaOpenFeature = render(
      <FeatureFlagProvider openFeatureClient={OpenFeature.getClient()}>
        <Probe />
      </FeatureFlagProvider>,
    )
    const fromOpenFeature = screen.getByTestId('probe').textContent
    viaOpenFeature.unmount()
    render(
      <FeatureFlagProvider flags={flags} context={{ targetingKey: 'user-2', groups: ['beta_testers'] }}>
        <Probe />
      </FeatureFlagProvider>,
    )
    expect(fromOpenFeature).toBe(screen.getByTestId('probe').textContent)
    expect(fromOpenFeature).toContain('python:false')
  })

  it('hooks on an OpenFeature client re-render when the provider reports a configuration change', async () => {
    const store = createFlagStore({
      flags: [{ key: 'limit', enabled: true, variants: flags[2]!.variants, defaultValue: 1 }],
    })
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider(store))
    function Limit() {
      const { value, reason } = useFlagDetails('limit', 0)
      return <p data-testid="limit">{`${value} ${reason}`}</p>
    }
    render(
      <FeatureFlagProvider openFeatureClient={OpenFeature.getClient()}>
        <Limit />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('limit')).toHaveTextContent('5 STATIC')
    act(() => void store.updateFlag('limit', { enabled: false }))
    // Disabled: the caller's default (0), not the flag's defaultValue (1), as the provider answers.
    await waitFor(() => expect(screen.getByTestId('limit')).toHaveTextContent('0 DISABLED'))
  })

  it('hooks on an OpenFeature client follow the provider lifecycle: NOT_READY, then READY with its flags', async () => {
    let answer!: () => void
    const source = () => new Promise<unknown>((resolve) => (answer = () => resolve(flags)))
    const provider = new RuncellFlagProvider([], { source, refreshInterval: 0 })
    void OpenFeature.setProvider(provider)
    function Limit() {
      return <p data-testid="limit">{`${useFlagStatus()} ${useFlagDetails('limit', 0).value}`}</p>
    }
    render(
      <FeatureFlagProvider openFeatureClient={OpenFeature.getClient()}>
        <Limit />
      </FeatureFlagProvider>,
    )
    expect(screen.getByTestId('limit')).toHaveTextContent('NOT_READY 0')
    await waitFor(() => expect(answer).toBeTypeOf('function'))
    act(() => answer())
    await waitFor(() => expect(screen.getByTestId('limit')).toHaveTextContent('READY 5'))
  })
})
