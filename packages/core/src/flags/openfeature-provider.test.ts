import { OpenFeature } from '@openfeature/web-sdk'
import { afterEach, describe, expect, it } from 'vitest'
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
    expect(client.getBooleanDetails('beta', true)).toMatchObject({ value: false, reason: 'DISABLED' })
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
