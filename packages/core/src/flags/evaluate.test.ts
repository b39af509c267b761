import { afterEach, describe, expect, it, vi } from 'vitest'
import { evaluateFlag } from './evaluate.js'
import type { FlagDefinition } from './types.js'

const users = (count: number, prefix = 'user-') => Array.from({ length: count }, (_, i) => `${prefix}${i}`)

function share(definition: FlagDefinition, keys: string[], predicate: (value: unknown) => boolean): number {
  let hits = 0
  for (const targetingKey of keys)
    if (predicate(evaluateFlag(definition, { targetingKey }, false).value)) hits++
  return hits / keys.length
}

describe('rollout', () => {
  const keys = users(100_000)

  it.each([1, 10, 25, 50, 90])('a %i %% rollout reaches that share of 100k users within one point', (pct) => {
    const flag: FlagDefinition = { key: 'distribution', enabled: true, rolloutPercentage: pct }
    expect(Math.abs(share(flag, keys, (value) => value === true) - pct / 100)).toBeLessThan(0.01)
  })

  it('0 % reaches nobody and 100 % reaches everybody, exactly', () => {
    expect(share({ key: 'edges', enabled: true, rolloutPercentage: 0 }, keys, (v) => v === true)).toBe(0)
    expect(share({ key: 'edges', enabled: true, rolloutPercentage: 100 }, keys, (v) => v === true)).toBe(1)
  })

  it('raising the percentage from 1 % to 100 % never drops a user who was already in', () => {
    const sample = users(3000, 'm-')
    let previous = new Set<string>()
    for (let pct = 1; pct <= 100; pct++) {
      const flag: FlagDefinition = { key: 'monotonic', enabled: true, rolloutPercentage: pct }
      const current = new Set(
        sample.filter((targetingKey) => evaluateFlag(flag, { targetingKey }, false).value),
      )
      for (const user of previous) expect(current.has(user)).toBe(true)
      expect(current.size).toBeGreaterThanOrEqual(previous.size)
      previous = current
    }
    expect(previous.size).toBe(sample.length)
    // 300k evaluations: a correctness check, so it gets room on a loaded machine rather than a speed limit.
  }, 30_000)

  it('gives the same answer for the same user every time', () => {
    const flag: FlagDefinition = { key: 'sticky', enabled: true, rolloutPercentage: 37 }
    const first = users(500).map((targetingKey) => evaluateFlag(flag, { targetingKey }, false).value)
    const second = users(500).map((targetingKey) => evaluateFlag(flag, { targetingKey }, false).value)
    expect(second).toEqual(first)
  })

  it('never calls Math.random', () => {
    const random = vi.spyOn(Math, 'random')
    const flag: FlagDefinition = {
      key: 'no_random',
      enabled: true,
      rolloutPercentage: 50,
      variants: [
        { key: 'a', weight: 1, value: 'a' },
        { key: 'b', weight: 1, value: 'b' },
      ],
      defaultValue: 'none',
    }
    for (const targetingKey of users(200)) evaluateFlag(flag, { targetingKey }, 'x')
    expect(random).not.toHaveBeenCalled()
  })

  afterEach(() => vi.restoreAllMocks())
})

describe('variants', () => {
  const split = (rolloutPercentage: number, weights: [number, number]): FlagDefinition => ({
    key: 'checkout_layout',
    enabled: true,
    rolloutPercentage,
    variants: [
      { key: 'control', weight: weights[0], value: 'control' },
      { key: 'treatment', weight: weights[1], value: 'treatment' },
    ],
    defaultValue: 'off',
  })

  it('a 10 % rollout with a 50/50 split is still 50/50 inside the rollout', () => {
    const counts = { control: 0, treatment: 0, off: 0 }
    for (const targetingKey of users(100_000)) {
      counts[evaluateFlag(split(10, [50, 50]), { targetingKey }, 'off').value as keyof typeof counts]++
    }
    const inside = counts.control + counts.treatment
    expect(Math.abs(inside / 100_000 - 0.1)).toBeLessThan(0.01)
    expect(Math.abs(counts.control / inside - 0.5)).toBeLessThan(0.02)
  })

  it('follows uneven weights such as 70/30', () => {
    let control = 0
    const keys = users(50_000)
    for (const targetingKey of keys) {
      if (evaluateFlag(split(100, [70, 30]), { targetingKey }, 'off').value === 'control') control++
    }
    expect(Math.abs(control / keys.length - 0.7)).toBeLessThan(0.01)
  })

  it('keeps a user on the same variant when the rollout grows', () => {
    for (const targetingKey of users(2000)) {
      const small = evaluateFlag(split(20, [50, 50]), { targetingKey }, 'off')
      const large = evaluateFlag(split(80, [50, 50]), { targetingKey }, 'off')
      if (small.value !== 'off') expect(large.value).toBe(small.value)
    }
  })

  it('reports the variant key and SPLIT for a split, and serves defaultValue outside the rollout', () => {
    const results = users(200).map((targetingKey) => evaluateFlag(split(50, [1, 1]), { targetingKey }, 'off'))
    const inside = results.filter((result) => result.reason === 'SPLIT')
    const outside = results.filter((result) => result.reason === 'DEFAULT')
    expect(inside.length + outside.length).toBe(200)
    expect(inside.every((result) => result.variant === result.value)).toBe(true)
    expect(outside.every((result) => result.value === 'off' && result.variant === 'default')).toBe(true)
  })
})

describe('conditions', () => {
  const base: FlagDefinition = { key: 'targeted', enabled: true }

  it('serves users in any listed group and nobody else', () => {
    const flag = { ...base, conditions: { userGroups: ['beta_testers', 'premium_users'] } }
    expect(evaluateFlag(flag, { groups: ['premium_users'] }, false)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    })
    expect(evaluateFlag(flag, { groups: ['staff'] }, false)).toMatchObject({
      value: false,
      reason: 'DEFAULT',
    })
    expect(evaluateFlag(flag, {}, false).value).toBe(false)
  })

  it('matches the environment, given as one name or a list', () => {
    expect(
      evaluateFlag({ ...base, conditions: { environment: 'staging' } }, { environment: 'staging' }, false)
        .value,
    ).toBe(true)
    const listed = { ...base, conditions: { environment: ['dev', 'staging'] } }
    expect(evaluateFlag(listed, { environment: 'production' }, false).value).toBe(false)
    expect(evaluateFlag(listed, { environment: 'dev' }, false).value).toBe(true)
  })

  it.each([
    ['equals', 'pro', 'pro', 'free'],
    ['notEquals', 'free', 'pro', 'free'],
    ['in', ['pro', 'team'], 'team', 'free'],
    ['notIn', ['free'], 'team', 'free'],
  ] as const)('the %s rule separates matching from other attribute values', (operator, value, yes, no) => {
    const flag = {
      ...base,
      conditions: { attributes: [{ attribute: 'plan', operator, value: value as never }] },
    }
    expect(evaluateFlag(flag, { attributes: { plan: yes } }, false).value).toBe(true)
    expect(evaluateFlag(flag, { attributes: { plan: no } }, false).value).toBe(false)
  })

  it.each([
    ['lt', 18, 17, 18],
    ['lte', 18, 18, 19],
    ['gt', 18, 19, 18],
    ['gte', 18, 18, 17],
  ] as const)('the number rule %s %i compares numbers', (operator, value, yes, no) => {
    const flag = { ...base, conditions: { attributes: [{ attribute: 'age', operator, value }] } }
    expect(evaluateFlag(flag, { attributes: { age: yes } }, false).value).toBe(true)
    expect(evaluateFlag(flag, { attributes: { age: no } }, false).value).toBe(false)
    expect(evaluateFlag(flag, { attributes: { age: String(yes) } }, false).value).toBe(false)
  })

  it.each([
    ['semverGte', '2.0.0', '2.0.0', '2.0.0-rc.1'],
    ['semverGt', '1.9.0', '1.10.0', '1.9.0'],
    ['semverLt', '2.0.0', '1.99.0', '2.0.0'],
    ['semverLte', '2.0.0', '2.0.0', '2.0.1'],
    ['semverEq', '1.2.3', 'v1.2.3', '1.2.4'],
  ] as const)('the version rule %s %s compares by SemVer precedence', (operator, value, yes, no) => {
    const flag = { ...base, conditions: { attributes: [{ attribute: 'appVersion', operator, value }] } }
    expect(evaluateFlag(flag, { attributes: { appVersion: yes } }, false).value).toBe(true)
    expect(evaluateFlag(flag, { attributes: { appVersion: no } }, false).value).toBe(false)
    expect(evaluateFlag(flag, { attributes: { appVersion: 'not-a-version' } }, false).value).toBe(false)
  })

  it('requires every part of the conditions, and a missing attribute never matches', () => {
    const flag: FlagDefinition = {
      ...base,
      conditions: {
        userGroups: ['beta_testers'],
        environment: 'production',
        attributes: [{ attribute: 'country', operator: 'notEquals', value: 'FR' }],
      },
    }
    const full = { groups: ['beta_testers'], environment: 'production', attributes: { country: 'DE' } }
    expect(evaluateFlag(flag, full, false).value).toBe(true)
    expect(evaluateFlag(flag, { ...full, environment: 'dev' }, false).value).toBe(false)
    expect(evaluateFlag(flag, { ...full, attributes: {} }, false).value).toBe(false)
  })

  it('applies the rollout only to users the conditions target', () => {
    const flag = { ...base, rolloutPercentage: 25, conditions: { userGroups: ['beta_testers'] } }
    const keys = users(20_000)
    const beta = keys.filter(
      (targetingKey) => evaluateFlag(flag, { targetingKey, groups: ['beta_testers'] }, false).value,
    )
    const others = keys.filter(
      (targetingKey) => evaluateFlag(flag, { targetingKey, groups: [] }, false).value,
    )
    expect(Math.abs(beta.length / keys.length - 0.25)).toBeLessThan(0.015)
    expect(others).toHaveLength(0)
  })
})

describe('reasons', () => {
  it('STATIC when everyone gets the same value', () => {
    expect(evaluateFlag({ key: 'on', enabled: true }, {}, false)).toEqual({
      value: true,
      variant: 'on',
      reason: 'STATIC',
      flagMetadata: {},
    })
  })

  it('DISABLED with the caller default and no variant when the kill switch is off, even for targeted users', () => {
    const flag: FlagDefinition = {
      key: 'killed',
      enabled: false,
      rolloutPercentage: 100,
      conditions: { userGroups: ['beta_testers'] },
      variants: [{ key: 'new', weight: 1, value: 'new' }],
      defaultValue: 'old',
      version: 7,
    }
    expect(evaluateFlag(flag, { targetingKey: 'u', groups: ['beta_testers'] }, 'x')).toEqual({
      value: 'x',
      reason: 'DISABLED',
      flagMetadata: { version: 7 },
    })
    expect(evaluateFlag({ key: 'killed', enabled: false }, {}, true)).toEqual({
      value: true,
      reason: 'DISABLED',
      flagMetadata: {},
    })
    expect(evaluateFlag(flag, {})).toMatchObject({ value: undefined, reason: 'DISABLED' })
  })

  it('carries the version in flagMetadata so a rollback is visible', () => {
    expect(
      evaluateFlag({ key: 'v', enabled: true, version: '2026-11-26.3' }, {}, false).flagMetadata,
    ).toEqual({
      version: '2026-11-26.3',
    })
  })

  it('returns metadata beside the version', () => {
    const flag: FlagDefinition = {
      key: 'owned',
      enabled: true,
      version: 4,
      metadata: { owner: 'growth', ticket: 1234, reviewed: true },
    }
    expect(evaluateFlag(flag, {}, false).flagMetadata).toEqual({
      owner: 'growth',
      ticket: 1234,
      reviewed: true,
      version: 4,
    })
  })

  it('serves frozen object values, so a caller mutating one cannot change the next evaluation', () => {
    const config = { limits: { rows: 5 }, tags: ['a'] }
    const flag: FlagDefinition = {
      key: 'config',
      enabled: true,
      variants: [{ key: 'v1', weight: 1, value: config }],
      defaultValue: {},
    }
    const first = evaluateFlag(flag, {}, {}).value as typeof config
    expect(() => {
      first.limits.rows = 99
    }).toThrow(TypeError)
    expect(() => first.tags.push('b')).toThrow(TypeError)
    config.limits.rows = 42 // the caller's own object is not what the flag serves
    expect(evaluateFlag(flag, {}, {}).value).toEqual({ limits: { rows: 5 }, tags: ['a'] })
  })

  it('ERROR with FLAG_NOT_FOUND and the caller default for an unknown flag', () => {
    expect(evaluateFlag(undefined, {}, 'fallback')).toMatchObject({
      value: 'fallback',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    })
  })

  it('ERROR with TYPE_MISMATCH and the caller default when the flag has another type', () => {
    expect(evaluateFlag({ key: 'bool', enabled: true }, {}, 'text')).toMatchObject({
      value: 'text',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    })
  })

  it('ERROR with TARGETING_KEY_MISSING when a partial rollout has nobody to bucket', () => {
    expect(evaluateFlag({ key: 'half', enabled: true, rolloutPercentage: 50 }, {}, true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'TARGETING_KEY_MISSING',
    })
  })

  it('ERROR with PARSE_ERROR, not an exception, for a hand-built malformed definition', () => {
    const broken = {
      key: 'broken',
      enabled: true,
      conditions: { userGroups: 5 },
    } as unknown as FlagDefinition
    expect(() => evaluateFlag(broken, { groups: ['a'] }, false)).not.toThrow()
    expect(evaluateFlag(broken, { groups: ['a'] }, false)).toMatchObject({
      value: false,
      errorCode: 'PARSE_ERROR',
    })
  })

  it('accepts any type when no default is given', () => {
    const flag: FlagDefinition = {
      key: 'json',
      enabled: true,
      variants: [{ key: 'config', weight: 1, value: { limit: 5 } }],
      defaultValue: { limit: 1 },
    }
    expect(evaluateFlag(flag, {})).toMatchObject({ value: { limit: 5 }, variant: 'config', reason: 'STATIC' })
  })
})
