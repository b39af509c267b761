import { describe, expect, it, vi } from 'vitest'
import { RuncellError } from '../errors.js'
import { createFlagStore } from './store.js'

describe('createFlagStore', () => {
  it('evaluates by key with the context it is given', () => {
    const store = createFlagStore({
      flags: [{ key: 'beta', enabled: true, conditions: { userGroups: ['beta_testers'] } }],
    })
    expect(store.evaluate('beta', false, { groups: ['beta_testers'] }).value).toBe(true)
    expect(store.evaluate('beta', false, { groups: [] }).value).toBe(false)
    expect(store.evaluate('unknown', true)).toMatchObject({ value: true, errorCode: 'FLAG_NOT_FOUND' })
  })

  it('updateFlag creates and patches a flag, and notifies subscribers', () => {
    const store = createFlagStore()
    const listener = vi.fn()
    store.subscribe(listener)
    store.updateFlag('collaborative_editing', { enabled: true, rolloutPercentage: 25 })
    store.updateFlag('collaborative_editing', { rolloutPercentage: 100 })
    expect(store.getState().definitions.get('collaborative_editing')).toEqual({
      key: 'collaborative_editing',
      enabled: true,
      rolloutPercentage: 100,
    })
    expect(listener).toHaveBeenCalledTimes(2)
  })

  it('rejects an invalid update and keeps the previous definition', () => {
    const store = createFlagStore({ flags: [{ key: 'safe', enabled: true }] })
    expect(() => store.updateFlag('safe', { rolloutPercentage: -5 })).toThrow(RuncellError)
    expect(store.evaluate('safe', false).value).toBe(true)
  })

  it('serves bootstrap values as CACHED until a definition arrives', () => {
    const store = createFlagStore({ bootstrap: { layout: { value: 'grid', variant: 'grid' }, beta: true } })
    expect(store.evaluate('layout', 'list')).toMatchObject({
      value: 'grid',
      variant: 'grid',
      reason: 'CACHED',
    })
    expect(store.evaluate('beta', false)).toMatchObject({ value: true, reason: 'CACHED' })
    store.setFlags([{ key: 'beta', enabled: false }])
    expect(store.evaluate('beta', true)).toEqual({ value: true, reason: 'DISABLED', flagMetadata: {} })
  })

  it('lets overrides win over definitions, selecting variants by name', () => {
    const store = createFlagStore({
      flags: [
        {
          key: 'layout',
          enabled: true,
          variants: [
            { key: 'a', weight: 1, value: 'grid' },
            { key: 'b', weight: 0, value: 'list' },
          ],
          defaultValue: 'none',
        },
        { key: 'killed', enabled: false },
      ],
      overrides: { layout: 'b', killed: 'on' },
    })
    expect(store.evaluate('layout', 'x')).toMatchObject({ value: 'list', variant: 'b', reason: 'STATIC' })
    expect(store.evaluate('killed', false)).toMatchObject({ value: true, flagMetadata: { override: true } })
  })

  it('gives a new state object on every change and none without one', () => {
    const store = createFlagStore()
    const before = store.getState()
    expect(store.getState()).toBe(before)
    store.removeFlag('absent')
    expect(store.getState()).toBe(before)
    store.setOverrides({ a: true })
    expect(store.getState()).not.toBe(before)
  })

  it('serves frozen override and bootstrap values', () => {
    const store = createFlagStore({
      overrides: { config: { rows: 5 } },
      bootstrap: { cached: { list: [1] } },
    })
    expect(Object.isFrozen(store.evaluate('config').value)).toBe(true)
    expect(Object.isFrozen((store.evaluate('cached').value as { list: number[] }).list)).toBe(true)
  })

  it('follows a source: NOT_READY, READY on a load, STALE on a failed reload, READY again', () => {
    const store = createFlagStore()
    expect(store.getState().status).toBe('READY')
    store.expectSource()
    expect(store.getState().status).toBe('NOT_READY')
    expect(store.evaluate('beta', false)).toMatchObject({ value: false, errorCode: 'PROVIDER_NOT_READY' })
    const flags = [{ key: 'beta', enabled: true }]
    store.sourceLoaded(flags)
    expect(store.getState().status).toBe('READY')
    store.sourceFailed(new Error('timeout'))
    expect(store.getState()).toMatchObject({ status: 'STALE', error: 'timeout' })
    expect(store.evaluate('beta', false).value).toBe(true)
    const stale = store.getState()
    store.sourceLoaded(flags)
    expect(store.getState()).toMatchObject({ status: 'READY', error: undefined })
    expect(store.getState().definitions).toBe(stale.definitions) // the same list again changes no definition
  })

  it('is ERROR when the first load fails, and says why for a missing flag', () => {
    const store = createFlagStore()
    store.expectSource()
    store.sourceFailed(new Error('HTTP 503'))
    expect(store.getState().status).toBe('ERROR')
    expect(store.evaluate('beta', true)).toMatchObject({ value: true, errorCode: 'GENERAL' })
    expect(store.evaluate('beta', true).errorMessage).toContain('HTTP 503')
  })
})
