// OpenFeature's conformance scenarios (open-feature/spec, specification/assets/gherkin/: evaluation.feature,
// evaluation_v2.feature, metadata.feature, hooks.feature), expressed as vitest cases against RuncellFlagProvider
// through the web SDK. Each case names its suite and scenario; an outline's examples are one case each.
//
// Left out, because they test the SDK or a capability Runcell's provider does not have by design (9 cases):
// - evaluation_v2 › CACHED reason (boolean-flag, string-flag): the provider evaluates locally from definitions it
//   holds and has no per-evaluation cache to report; Runcell says CACHED only for server-evaluated bootstrap values.
// - evaluation_v2 › Provider status accessibility (fatal), and › Provider in fatal state error (5 examples): the
//   provider has no unrecoverable state. A failed source is retried, so it is ERROR (then READY or STALE), never
//   FATAL; PROVIDER_FATAL would be the SDK's short-circuit, not the provider's answer.
// - evaluation_v2 › Evaluation options with hooks: invocation hooks and their order are run by the SDK alone.
import { OpenFeature, type EvaluationDetails, type Hook, type JsonValue } from '@openfeature/web-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RuncellFlagProvider } from '../openfeature-provider.js'
import type { FlagDefinition } from '../types.js'
import { CONFORMANCE_FLAGS } from './test-flags.js'

type FlagType = 'Boolean' | 'String' | 'Integer' | 'Float' | 'Object'
type Value = boolean | string | number | JsonValue

function evaluate(type: FlagType, key: string, fallback: Value): EvaluationDetails<Value> {
  const client = OpenFeature.getClient()
  if (type === 'Boolean') return client.getBooleanDetails(key, fallback as boolean)
  if (type === 'String') return client.getStringDetails(key, fallback as string)
  if (type === 'Object') return client.getObjectDetails(key, fallback as JsonValue)
  return client.getNumberDetails(key, fallback as number)
}

const PICTURES = { showImages: true, title: 'Check out these pics!', imagesPerPage: 100 }
/** The `<type>-flag` rows most outlines share: key, type, fallback, resolved value, variant. */
const STANDARD: [string, FlagType, Value, Value, string][] = [
  ['boolean-flag', 'Boolean', false, true, 'on'],
  ['string-flag', 'String', 'bye', 'hi', 'greeting'],
  ['integer-flag', 'Integer', 1, 10, 'ten'],
  ['float-flag', 'Float', 0.1, 0.5, 'half'],
  ['object-flag', 'Object', {}, PICTURES, 'template'],
]
/** The zero-value rows: type prefix, type, fallback, zero value. */
const ZEROS: [string, FlagType, Value, Value][] = [
  ['boolean', 'Boolean', true, false],
  ['string', 'String', 'hi', ''],
  ['integer', 'Integer', 1, 0],
  ['float', 'Float', 0.1, 0.0],
  ['object', 'Object', { a: 1 }, {}],
]
/** Targeted zero flags evaluated without a match (empty or null context): the fallbacks differ from ZEROS'. */
const TARGETED_DEFAULTS: [string, FlagType, Value, Value][] = [
  ['boolean', 'Boolean', true, false],
  ['string', 'String', 'str', ''],
  ['integer', 'Integer', 1, 0],
  ['float', 'Float', 1.0, 0.0],
  ['object', 'Object', { a: 1 }, {}],
]
const ALL_TYPES: [FlagType, Value][] = [
  ['Boolean', false],
  ['String', 'bye'],
  ['Integer', 1],
  ['Float', 0.1],
  ['Object', { a: 1 }],
]

/** Evaluates `<prefix>-targeted-zero-flag` under `context`; every targeted outline expects the zero value. */
async function targetedZero(
  prefix: string,
  type: FlagType,
  fallback: Value,
  context: Record<string, unknown>,
) {
  await OpenFeature.setContext(context as never)
  return evaluate(type, `${prefix}-targeted-zero-flag`, fallback)
}

async function stableProvider(flags: FlagDefinition[] = CONFORMANCE_FLAGS) {
  await OpenFeature.setProviderAndWait(new RuncellFlagProvider(flags))
}

afterEach(async () => {
  await OpenFeature.clearProviders()
  await OpenFeature.clearContext()
  OpenFeature.clearHooks()
})

describe('evaluation.feature', () => {
  beforeEach(() => stableProvider())

  it.each(STANDARD)(
    'Resolves %s value: %s with fallback %j resolves to its value',
    (key, type, fallback, value) => {
      expect(evaluate(type, key, type === 'Object' ? null : fallback).value).toEqual(value)
    },
  )

  it.each(STANDARD)(
    'Resolves %s details: %s gives its value, variant and reason STATIC',
    (key, type, fallback, value, variant) => {
      const details = evaluate(type, key, type === 'Object' ? null : fallback)
      expect(details).toMatchObject({ value, variant, reason: 'STATIC' })
    },
  )

  it('Resolves based on context: context-aware serves INTERNAL to the matching context, EXTERNAL to an empty one', async () => {
    await OpenFeature.setContext({ fn: 'Sulisław', ln: 'Świętopełk', age: 29, customer: false })
    expect(evaluate('String', 'context-aware', 'EXTERNAL').value).toBe('INTERNAL')
    await OpenFeature.setContext({})
    expect(evaluate('String', 'context-aware', 'EXTERNAL').value).toBe('EXTERNAL')
  })

  it('Flag not found: missing-flag gives the fallback, reason ERROR and FLAG_NOT_FOUND', () => {
    expect(evaluate('String', 'missing-flag', 'uh-oh')).toMatchObject({
      value: 'uh-oh',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    })
  })

  it('Type error: wrong-flag read as an integer gives the fallback, reason ERROR and TYPE_MISMATCH', () => {
    expect(evaluate('Integer', 'wrong-flag', 13)).toMatchObject({
      value: 13,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    })
  })
})

describe('evaluation_v2.feature', () => {
  beforeEach(() => stableProvider())

  it.each(STANDARD)(
    'Resolve values: %s (%s, fallback %j) resolves to its value',
    (key, type, fallback, value) => {
      expect(evaluate(type, key, fallback).value).toEqual(value)
    },
  )

  it.each(ZEROS)(
    'Resolves zero value: %s-zero-flag (%s, fallback %j) resolves to %j with reason STATIC',
    (prefix, type, fallback, zero) => {
      expect(evaluate(type, `${prefix}-zero-flag`, fallback)).toMatchObject({ value: zero, reason: 'STATIC' })
    },
  )

  it.each(ZEROS)(
    'Resolves zero value with targeting: %s-targeted-zero-flag (%s, fallback %j) gives %j with TARGETING_MATCH',
    async (prefix, type, fallback, zero) => {
      const details = await targetedZero(prefix, type, fallback, { email: 'ballmer@macrosoft.com' })
      expect(details).toMatchObject({ value: zero, reason: 'TARGETING_MATCH' })
    },
  )

  it.each(ZEROS)(
    'Resolves zero value with targeting using default: %s-targeted-zero-flag (%s, fallback %j) gives %j with DEFAULT',
    async (prefix, type, fallback, zero) => {
      const details = await targetedZero(prefix, type, fallback, { email: 'ballmer@none.com' })
      expect(details).toMatchObject({ value: zero, reason: 'DEFAULT' })
    },
  )

  it.each(ALL_TYPES)(
    'Flag not found error: non-existent-flag as %s gives the fallback %j, ERROR and FLAG_NOT_FOUND',
    (type, fallback) => {
      const details = evaluate(type, 'non-existent-flag', fallback)
      expect(details).toMatchObject({ value: fallback, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' })
    },
  )

  it.each([
    ['string-flag', 'Boolean', false],
    ['boolean-flag', 'String', 'bye'],
    ['boolean-flag', 'Integer', 1],
    ['boolean-flag', 'Float', 0.1],
    ['boolean-flag', 'Object', { a: 1 }],
  ] as [string, FlagType, Value][])(
    'Type mismatch error: %s read as %s gives the fallback %j, ERROR and TYPE_MISMATCH',
    (key, type, fallback) => {
      const details = evaluate(type, key, fallback)
      expect(details).toMatchObject({ value: fallback, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' })
    },
  )

  it.each(STANDARD)(
    'Complete evaluation details structure: %s (%s) gives value, flag key, variant and STATIC',
    (key, type, fallback, value, variant) => {
      const details = evaluate(type, key, fallback)
      expect(details).toMatchObject({ value, flagKey: key, variant, reason: 'STATIC' })
    },
  )

  it('Flag metadata in evaluation details: metadata-flag carries string, integer, float and boolean entries', () => {
    expect(evaluate('Boolean', 'metadata-flag', true).flagMetadata).toEqual({
      string: '1.0.2',
      integer: 2,
      float: 0.1,
      boolean: true,
    })
  })

  it.each(TARGETED_DEFAULTS)(
    'Empty evaluation context: %s-targeted-zero-flag (%s, fallback %j) gives %j with DEFAULT',
    async (prefix, type, fallback, zero) => {
      const details = await targetedZero(prefix, type, fallback, {})
      expect(details).toMatchObject({ value: zero, reason: 'DEFAULT' })
    },
  )

  it.each(TARGETED_DEFAULTS)(
    'Null context values: %s-targeted-zero-flag (%s, fallback %j) with a null email gives %j with DEFAULT',
    async (prefix, type, fallback, zero) => {
      const details = await targetedZero(prefix, type, fallback, { email: null })
      expect(details).toMatchObject({ value: zero, reason: 'DEFAULT' })
    },
  )

  it('Multiple context attributes targeting: complex-targeted serves INTERNAL with TARGETING_MATCH', async () => {
    await OpenFeature.setContext({ email: 'ballmer@macrosoft.com', role: 'admin', age: 65, customer: false })
    const details = evaluate('String', 'complex-targeted', 'default')
    expect(details).toMatchObject({ value: 'INTERNAL', reason: 'TARGETING_MATCH' })
  })

  it('Structure flag evaluation: object-flag resolves to its object with STATIC', () => {
    expect(evaluate('Object', 'object-flag', {})).toMatchObject({ value: PICTURES, reason: 'STATIC' })
  })

  it.each(STANDARD)(
    'Variant field population: %s (%s) reports its variant',
    (key, type, fallback, _value, variant) => {
      expect(evaluate(type, key, fallback).variant).toBe(variant)
    },
  )

  it.each([
    ['boolean-disabled-flag', 'Boolean', false],
    ['string-disabled-flag', 'String', 'bye'],
    ['integer-disabled-flag', 'Integer', 1],
    ['float-disabled-flag', 'Float', 0.1],
    ['object-disabled-flag', 'Object', { a: 1 }],
  ] as [string, FlagType, Value][])(
    'DISABLED reason: %s (%s) gives the fallback %j with DISABLED and no variant',
    (key, type, fallback) => {
      const details = evaluate(type, key, fallback)
      expect(details).toMatchObject({ value: fallback, reason: 'DISABLED' })
      expect(details.variant).toBeUndefined()
    },
  )

  it('Evaluation context immutability: evaluating leaves the context as it was, and the served value and metadata frozen', async () => {
    const context = { targetingKey: 'user-1', email: 'a@b.c', nested: { plan: 'pro' } }
    const before = structuredClone(context)
    await OpenFeature.setContext(context)
    evaluate('Boolean', 'boolean-flag', false)
    const details = evaluate('Object', 'object-flag', {})
    expect(OpenFeature.getContext()).toEqual(before)
    expect(context).toEqual(before)
    // The details object itself is built by the web SDK (1.10 does not freeze it); what the provider serves is.
    expect(Object.isFrozen(details.value)).toBe(true)
    expect(Object.isFrozen(details.flagMetadata)).toBe(true)
  })

  it.each(STANDARD)(
    'Asynchronous flag evaluation: %s (%s) answers without blocking, with its value',
    (key, type, fallback, value) => {
      // The web SDK's evaluation is synchronous by design: the answer is there at once, never a pending promise.
      const details = evaluate(type, key, fallback)
      expect(details).not.toBeInstanceOf(Promise)
      expect(details.value).toEqual(value)
    },
  )
})

describe('evaluation_v2.feature › provider states', () => {
  const never = () => new Promise<unknown>(() => undefined)

  it.each(ALL_TYPES.map(([type, fallback], i) => [STANDARD[i]![0], type, fallback] as const))(
    'Provider not ready error: %s (%s) gives the fallback %j, ERROR and PROVIDER_NOT_READY',
    (key, type, fallback) => {
      void OpenFeature.setProvider(new RuncellFlagProvider([], { source: never }))
      const details = evaluate(type, key, fallback)
      expect(details).toMatchObject({ value: fallback, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' })
    },
  )

  it('Provider status accessibility: a stable provider is READY', async () => {
    await stableProvider()
    expect(OpenFeature.getClient().providerStatus).toBe('READY')
  })

  it('Provider status accessibility: a provider whose source has not answered is NOT_READY', () => {
    void OpenFeature.setProvider(new RuncellFlagProvider([], { source: never }))
    expect(OpenFeature.getClient().providerStatus).toBe('NOT_READY')
  })

  it('Provider status accessibility: a provider whose first load failed is ERROR', async () => {
    const failing = () => Promise.reject(new Error('flag service down'))
    await expect(
      OpenFeature.setProviderAndWait(new RuncellFlagProvider([], { source: failing })),
    ).rejects.toThrow('flag service down')
    expect(OpenFeature.getClient().providerStatus).toBe('ERROR')
  })

  it('Provider status accessibility: a provider whose refresh failed after a good load is STALE', async () => {
    let loads = 0
    const flaky = () =>
      loads++ === 0 ? Promise.resolve(CONFORMANCE_FLAGS) : Promise.reject(new Error('timeout'))
    await OpenFeature.setProviderAndWait(new RuncellFlagProvider([], { source: flaky, refreshInterval: 5 }))
    const client = OpenFeature.getClient()
    expect(client.providerStatus).toBe('READY')
    await new Promise<void>((resolve) => client.addHandler('PROVIDER_STALE' as never, () => resolve()))
    expect(client.providerStatus).toBe('STALE')
    expect(evaluate('String', 'string-flag', 'bye').value).toBe('hi')
  })
})

describe('metadata.feature', () => {
  beforeEach(() => stableProvider())

  it('Returns metadata: metadata-flag carries its string, integer, float and boolean entries', () => {
    expect(evaluate('Boolean', 'metadata-flag', true).flagMetadata).toEqual({
      string: '1.0.2',
      integer: 2,
      float: 0.1,
      boolean: true,
    })
  })

  it.each([
    ['boolean-flag', 'Boolean', true],
    ['integer-flag', 'Integer', 23],
    ['float-flag', 'Float', 2.3],
    ['string-flag', 'String', 'value'],
  ] as [string, FlagType, Value][])(
    'Returns no metadata: %s (%s) has empty metadata',
    (key, type, fallback) => {
      expect(evaluate(type, key, fallback).flagMetadata).toEqual({})
    },
  )
})

describe('hooks.feature', () => {
  beforeEach(() => stableProvider())

  function recordingHook() {
    const calls: string[] = []
    const seen: Record<string, EvaluationDetails<Value>> = {}
    const hook: Hook = {
      before: () => void calls.push('before'),
      after: (_context, details) => {
        calls.push('after')
        seen.after = details as EvaluationDetails<Value>
      },
      error: () => void calls.push('error'),
      finally: (_context, details) => {
        calls.push('finally')
        seen.finally = details as EvaluationDetails<Value>
      },
    }
    return { calls, seen, hook }
  }

  function evaluateWithHook(type: FlagType, key: string, fallback: Value) {
    const recorder = recordingHook()
    const client = OpenFeature.getClient()
    client.addHooks(recorder.hook)
    if (type === 'Boolean') client.getBooleanDetails(key, fallback as boolean)
    else client.getStringDetails(key, fallback as string)
    return recorder
  }

  it('Passes evaluation details to after and finally hooks: boolean-flag, true, variant on, STATIC, no error', () => {
    const { calls, seen } = evaluateWithHook('Boolean', 'boolean-flag', false)
    expect(calls).toEqual(['before', 'after', 'finally'])
    for (const details of [seen.after!, seen.finally!]) {
      expect(details).toMatchObject({ flagKey: 'boolean-flag', value: true, variant: 'on', reason: 'STATIC' })
      expect(details.errorCode).toBeUndefined()
    }
  })

  it('Flag not found: before and error hooks run, and finally sees the fallback with FLAG_NOT_FOUND', () => {
    const { calls, seen } = evaluateWithHook('String', 'missing-flag', 'uh-oh')
    expect(calls).toEqual(['before', 'error', 'finally'])
    expect(seen.finally).toMatchObject({
      flagKey: 'missing-flag',
      value: 'uh-oh',
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    })
    expect(seen.finally!.variant).toBeUndefined()
  })

  it('Type error: before and error hooks run, and finally sees the fallback with TYPE_MISMATCH', () => {
    const { calls, seen } = evaluateWithHook('Boolean', 'wrong-flag', false)
    expect(calls).toEqual(['before', 'error', 'finally'])
    expect(seen.finally).toMatchObject({
      flagKey: 'wrong-flag',
      value: false,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    })
    expect(seen.finally!.variant).toBeUndefined()
  })
})
