// Pins the public surface of @runcell/core/flags: definitions, evaluation, the store, the execution switches and
// the OpenFeature provider. Hashing, semver and condition matching stay internal.
import { describe, expectTypeOf, it } from 'vitest'
import type { Language } from '../index.js'
import type * as entry from './index.js'
import type {
  EvaluationContext,
  ExecutionSwitch,
  FlagDefinition,
  FlagEvaluation,
  FlagStore,
  FlagStoreOptions,
} from './index.js'

describe('@runcell/core/flags', () => {
  it('exports evaluation, the store, the switches and the provider, and no hashing or semver helpers', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'CODE_EXECUTION_FLAG'
      | 'DEFAULT_FLAG_REFRESH_INTERVAL'
      | 'JAVASCRIPT_EXECUTION_FLAG'
      | 'PYTHON_EXECUTION_FLAG'
      | 'RuncellFlagProvider'
      | 'SQL_EXECUTION_FLAG'
      | 'checkType'
      | 'createFlagStore'
      | 'errorEvaluation'
      | 'evaluateFlag'
      | 'evaluateOverride'
      | 'fromOpenFeatureContext'
      | 'isExecutionAllowed'
      | 'loadFlagSource'
      | 'parseFlagOverrides'
      | 'switchState'
      | 'validateFlagDefinition'
      | 'validateFlagSource'
    >()
  })

  it('evaluates a definition purely, widening the default to its primitive type', () => {
    expectTypeOf<ReturnType<typeof entry.evaluateFlag<true>>>().toEqualTypeOf<FlagEvaluation<boolean>>()
    expectTypeOf<Parameters<typeof entry.evaluateFlag<'a'>>>().toEqualTypeOf<
      [FlagDefinition | undefined, EvaluationContext, 'a']
    >()
  })

  it('holds definitions in a store that answers the execution switch of a language', () => {
    expectTypeOf<typeof entry.createFlagStore>().toEqualTypeOf<(options?: FlagStoreOptions) => FlagStore>()
    expectTypeOf<typeof entry.isExecutionAllowed>().parameters.toEqualTypeOf<
      [FlagStore | ((flagKey: string, defaultValue: boolean) => boolean), Language, EvaluationContext?]
    >()
    expectTypeOf<typeof entry.isExecutionAllowed>().returns.toEqualTypeOf<ExecutionSwitch>()
    expectTypeOf<ExecutionSwitch['allowed']>().toEqualTypeOf<boolean>()
  })

  it('names the switch flags as literal keys', () => {
    expectTypeOf<typeof entry.CODE_EXECUTION_FLAG>().toEqualTypeOf<'code_execution'>()
    expectTypeOf<typeof entry.PYTHON_EXECUTION_FLAG>().toEqualTypeOf<'python_execution'>()
  })
})
