import { OpenFeature } from '@openfeature/web-sdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fromOpenFeatureContext } from './openfeature-context.js'
import { RuncellFlagProvider } from './openfeature-provider.js'
import { createFlagStore } from './store.js'
import type { FlagDefinition } from './types.js'

const flags: FlagDefinition[] = [
  { key: 'beta', enabled: true, conditions: { userGroups: ['beta_testers'] }, version: 3 },
  {
    key: 'layout',
    enabled: true,
    variants: [
      { key: 'grid', weight: 1, value: 'grid' },
      { key: 'list', weight: 1, value: 'list' },
    ],
    defaultValue: 'plain',
  },
  { key: 'limit', enabled: true, variants: [{ key: 'five', weight: 1, value: 5 }], defaultValue: 1 },
]

afterEach(async () => {
  await OpenFeature.clearProviders()
  await OpenFeature.clearContext()
})

describe('RuncellFlagProvider', () => {
  it('resolves through an OpenFeature client to the same details as the store', async () => {
    const store = createFlagStore({ flags })
    const context = { targetingKey: 'user-1', groups: ['beta_testers'] }
    await OpenFeature.setContext(context)
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider(store))
    const client = OpenFeature.getClient()
    const beta = client.getBooleanDetails('beta', false)
    expect(beta).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      variant: 'on',
      flagMetadata: { version: 3 },
    })
    expect(client.getStringDetails('layout', 'x')).toMatchObject(store.evaluate('layout', 'x', context))
    expect(client.getNumberValue('limit', 0)).toBe(5)
  })

  it('returns the default with an OpenFeature error code for a missing or mistyped flag', async () => {
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider(flags))
    const client = OpenFeature.getClient()
    expect(client.getBooleanDetails('missing', true)).toMatchObject({
      value: true,
      errorCode: 'FLAG_NOT_FOUND',
    })
    expect(client.getStringDetails('limit', 'x')).toMatchObject({ value: 'x', errorCode: 'TYPE_MISMATCH' })
  })

  it('tells clients when the store changes, so they can re-render', async () => {
    const store = createFlagStore({ flags })
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider(store))
    const client = OpenFeature.getClient()
    const changed = new Promise<void>((resolve) =>
      client.addHandler('PROVIDER_CONFIGURATION_CHANGED' as never, () => resolve()),
    )
    store.updateFlag('beta', { enabled: false })
    await changed
    const details = client.getBooleanDetails('beta', true)
    expect(details).toMatchObject({ value: true, reason: 'DISABLED' })
    expect(details.variant).toBeUndefined()
  })
})

describe('RuncellFlagProvider lifecycle', () => {
  const grid: FlagDefinition[] = [
    {
      key: 'layout',
      enabled: true,
      variants: [{ key: 'grid', weight: 1, value: 'grid' }],
      defaultValue: 'x',
    },
  ]
  function events(provider: RuncellFlagProvider) {
    const seen: string[] = []
    for (const name of [
      'PROVIDER_READY',
      'PROVIDER_ERROR',
      'PROVIDER_STALE',
      'PROVIDER_CONFIGURATION_CHANGED',
    ])
      provider.events.addHandler(name as never, () => void seen.push(name))
    return seen
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

  it('is NOT_READY until the source first loads, and answers PROVIDER_NOT_READY meanwhile', async () => {
    let answer!: (flags: unknown) => void
    const provider = new RuncellFlagProvider([], {
      source: () => new Promise((resolve) => (answer = resolve)),
      refreshInterval: 0,
    })
    expect(provider.store.getState().status).toBe('NOT_READY')
    expect(provider.resolveStringEvaluation('layout', 'd', {})).toMatchObject({
      value: 'd',
      errorCode: 'PROVIDER_NOT_READY',
    })
    const ready = provider.initialize()
    await settle()
    answer(grid)
    await ready
    expect(provider.store.getState().status).toBe('READY')
    expect(provider.resolveStringEvaluation('layout', 'd', {}).value).toBe('grid')
  })

  it('rejects initialize when the first load fails (ERROR), then emits PROVIDER_READY when a reload succeeds', async () => {
    let loads = 0
    const source = async () => {
      if (++loads === 1) throw new Error('flag service down')
      return grid
    }
    const provider = new RuncellFlagProvider([], { source, refreshInterval: 5 })
    const seen = events(provider)
    await expect(provider.initialize()).rejects.toThrow('flag service down')
    expect(provider.store.getState()).toMatchObject({ status: 'ERROR', error: 'flag service down' })
    expect(provider.resolveStringEvaluation('layout', 'd', {})).toMatchObject({
      value: 'd',
      errorCode: 'GENERAL',
    })
    await vi.waitFor(() => expect(seen).toContain('PROVIDER_READY'))
    expect(provider.store.getState().status).toBe('READY')
    await provider.onClose()
  })

  it('goes STALE with PROVIDER_STALE when a refresh fails after a good load, and keeps serving', async () => {
    let loads = 0
    const source = async () => {
      if (++loads > 1) throw new Error('timeout')
      return grid
    }
    const provider = new RuncellFlagProvider([], { source, refreshInterval: 5 })
    const seen = events(provider)
    await provider.initialize()
    expect(seen).toEqual([]) // the SDK announces the outcome of initialize itself
    await vi.waitFor(() => expect(seen).toEqual(['PROVIDER_STALE']))
    expect(provider.store.getState()).toMatchObject({ status: 'STALE', error: 'timeout' })
    expect(provider.resolveStringEvaluation('layout', 'd', {})).toMatchObject({
      value: 'grid',
      reason: 'STATIC',
    })
    await provider.onClose()
    const after = loads
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(loads).toBe(after) // closing stops the polling
  })

  it('waits for a store that someone else loads, and follows its status with events', async () => {
    const store = createFlagStore()
    store.expectSource()
    const provider = new RuncellFlagProvider(store)
    const seen = events(provider)
    const ready = provider.initialize()
    store.sourceLoaded(grid)
    await ready
    store.sourceFailed(new Error('offline'))
    store.sourceLoaded(grid)
    await settle()
    expect(seen).toEqual(['PROVIDER_STALE', 'PROVIDER_READY'])
  })
})

describe('fromOpenFeatureContext', () => {
  it('keeps the Runcell fields and turns other primitives into attributes', () => {
    expect(
      fromOpenFeatureContext({
        targetingKey: 'u',
        groups: ['a', 3 as never],
        environment: 'prod',
        plan: 'pro',
        attributes: { appVersion: '1.2.3' },
        nested: { ignored: true },
      }),
    ).toEqual({
      targetingKey: 'u',
      groups: ['a'],
      environment: 'prod',
      attributes: { plan: 'pro', appVersion: '1.2.3' },
    })
  })
})
