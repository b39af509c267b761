// Pins the public surface of @runcell/react/flags: the provider, <Feature> and the flag hooks.
import { describe, expectTypeOf, it } from 'vitest'
import type { Language } from '@runcell/core'
import type { ExecutionSwitch, FlagDefinition, FlagStatus } from '@runcell/core/flags'
import type * as entry from './index.js'
import type { FeatureFlagProviderProps } from './index.js'

describe('@runcell/react/flags', () => {
  it('exports the provider, <Feature>, the hooks and the OpenFeature client, and no store internals', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'Feature'
      | 'FeatureFlagProvider'
      | 'createOpenFeatureFlagClient'
      | 'useExecutionSwitch'
      | 'useFlag'
      | 'useFlagDetails'
      | 'useFlagStatus'
      | 'useVariant'
    >()
  })

  it('takes static definitions or a source', () => {
    expectTypeOf<FeatureFlagProviderProps['flags']>().toEqualTypeOf<readonly FlagDefinition[] | undefined>()
    expectTypeOf<FeatureFlagProviderProps>().toHaveProperty('source')
    expectTypeOf<FeatureFlagProviderProps>().toHaveProperty('onExposure')
  })

  it('reads a flag with the type of its default, and the switch of a language', () => {
    expectTypeOf<typeof entry.useFlag<true>>().toEqualTypeOf<(key: string, defaultValue: true) => boolean>()
    expectTypeOf<typeof entry.useFlag<'a'>>().returns.toEqualTypeOf<string>()
    expectTypeOf<typeof entry.useExecutionSwitch>().toEqualTypeOf<(language: Language) => ExecutionSwitch>()
    expectTypeOf<typeof entry.useFlagStatus>().toEqualTypeOf<() => FlagStatus>()
    expectTypeOf<typeof entry.useVariant>().toEqualTypeOf<(key: string) => string | undefined>()
  })
})
