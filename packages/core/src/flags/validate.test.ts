import { describe, expect, it } from 'vitest'
import { RuncellError } from '../errors.js'
import { validateFlagDefinition, validateFlagSource } from './validate.js'

function errorOf(run: () => unknown): RuncellError {
  try {
    run()
  } catch (error) {
    if (error instanceof RuncellError) return error
    throw error
  }
  throw new Error('expected a RuncellError')
}

describe('validateFlagDefinition', () => {
  it('accepts a complete flag document and returns a clean copy', () => {
    const input = {
      key: 'collaborative_editing',
      enabled: true,
      rolloutPercentage: 25,
      conditions: { userGroups: ['beta_testers', 'premium_users'] },
    }
    const definition = validateFlagDefinition(input)
    expect(definition).toEqual(input)
    expect(definition).not.toBe(input)
  })

  it.each([
    [{ key: 'x', enabled: true, rolloutPercentage: 150 }, 'rolloutPercentage'],
    [{ key: 'x', enabled: true, rolloutPercentage: 12.345 }, 'rolloutPercentage'],
    [{ key: 'x', enabled: 'yes' }, 'enabled'],
    [{ key: 'has space', enabled: true }, 'key'],
    [{ key: 'x', enabled: true, rollout: 10 }, 'rollout'],
    [{ key: 'x', enabled: true, conditions: { userGroups: 'beta' } }, 'conditions.userGroups'],
    [{ key: 'x', enabled: true, conditions: { country: 'FR' } }, 'conditions.country'],
    [
      {
        key: 'x',
        enabled: true,
        conditions: { attributes: [{ attribute: 'v', operator: 'semverGt', value: '1.x' }] },
      },
      'conditions.attributes[0].value',
    ],
    [
      {
        key: 'x',
        enabled: true,
        conditions: { attributes: [{ attribute: 'v', operator: 'like', value: 'a' }] },
      },
      'conditions.attributes[0].operator',
    ],
    [{ key: 'x', enabled: true, variants: [], defaultValue: 'a' }, 'variants'],
    [{ key: 'x', enabled: true, variants: [{ key: 'a', weight: 1, value: 'a' }] }, 'defaultValue'],
    [
      { key: 'x', enabled: true, variants: [{ key: 'a', weight: 0, value: 'a' }], defaultValue: 'b' },
      'variants',
    ],
    [
      {
        key: 'x',
        enabled: true,
        variants: [
          { key: 'a', weight: 1, value: 'a' },
          { key: 'a', weight: 1, value: 'b' },
        ],
        defaultValue: 'c',
      },
      'variants[1].key',
    ],
    [
      {
        key: 'x',
        enabled: true,
        variants: [
          { key: 'a', weight: 1, value: 'a' },
          { key: 'b', weight: 1, value: 2 },
        ],
        defaultValue: 'c',
      },
      'variants[1].value',
    ],
    [
      { key: 'x', enabled: true, variants: [{ key: 'a', weight: 1, value: 1 }], defaultValue: '0' },
      'defaultValue',
    ],
    [{ key: 'x', enabled: true, defaultValue: true }, 'defaultValue'],
    [{ key: 'x', enabled: true, version: {} }, 'version'],
    [{ key: 'x', enabled: true, metadata: ['owner'] }, 'metadata'],
    [{ key: 'x', enabled: true, metadata: { owner: { team: 'a' } } }, 'metadata.owner'],
    [{ key: 'x', enabled: true, metadata: { ratio: Number.NaN } }, 'metadata.ratio'],
    [{ key: 'x', enabled: true, metadata: { version: 2 } }, 'metadata.version'],
    [{ key: 'x', enabled: true, metadata: { '': 'a' } }, 'metadata'],
    [{ key: 'x', enabled: true, metadata: { note: 'n'.repeat(1025) } }, 'metadata.note'],
    [
      {
        key: 'x',
        enabled: true,
        metadata: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])),
      },
      'metadata',
    ],
  ])('rejects %j with INVALID_FLAG naming the flag and %s', (input, field) => {
    const error = errorOf(() => validateFlagDefinition(input))
    expect(error.code).toBe('INVALID_FLAG')
    expect(error.message).toContain(`Flag "${input.key}"`)
    expect(error.message).toContain(`${field} `)
  })

  it('keeps string, number and boolean metadata, frozen', () => {
    const metadata = { owner: 'growth', ticket: 1234, reviewed: true }
    const definition = validateFlagDefinition({ key: 'owned', enabled: true, metadata })
    expect(definition.metadata).toEqual(metadata)
    expect(definition.metadata).not.toBe(metadata)
    expect(Object.isFrozen(definition.metadata)).toBe(true)
  })

  it('rejects something that is not an object', () => {
    expect(errorOf(() => validateFlagDefinition('flag')).message).toContain('Flag (unnamed): definition')
  })
})

describe('validateFlagSource', () => {
  it('accepts an array or {flags: [...]}', () => {
    const flags = [{ key: 'a', enabled: true }]
    expect(validateFlagSource(flags)).toEqual(flags)
    expect(validateFlagSource({ flags })).toEqual(flags)
  })

  it.each([
    ['a string', 'not json'],
    ['null', null],
    ['an object without flags', { a: 1 }],
  ])('rejects %s with INVALID_FLAG_SOURCE', (_name, input) => {
    expect(errorOf(() => validateFlagSource(input)).code).toBe('INVALID_FLAG_SOURCE')
  })

  it('rejects the whole source when one definition is bad, naming its index and field', () => {
    const error = errorOf(() =>
      validateFlagSource([
        { key: 'ok', enabled: true },
        { key: 'bad', enabled: 1 },
      ]),
    )
    expect(error.code).toBe('INVALID_FLAG_SOURCE')
    expect(error.message).toContain('index 1')
    expect(error.message).toContain('Flag "bad": enabled')
  })

  it('rejects a key defined twice', () => {
    const error = errorOf(() =>
      validateFlagSource([
        { key: 'twice', enabled: true },
        { key: 'twice', enabled: false },
      ]),
    )
    expect(error.message).toContain('"twice" twice')
  })
})
