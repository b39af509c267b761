// Pins the public surface of the @runcell/react root entry: <CodeRunner>, its hook, its provider and messages.
import type { ReactNode } from 'react'
import { describe, expectTypeOf, it } from 'vitest'
import type { Language, RunResult } from '@runcell/core'
import type * as entry from './index.js'
import type { CodeRunnerHandle, CodeRunnerProps, RuncellConfig, UseCodeRunnerOptions } from './index.js'

describe('@runcell/react', () => {
  it('exports CodeRunner, its hook, its provider and its messages, and no flags or dashboard', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      'CodeRunner' | 'DEFAULT_MESSAGES' | 'RuncellProvider' | 'useCodeRunner'
    >()
  })

  it('takes props that read like HTML attributes, controlled or not', () => {
    expectTypeOf<CodeRunnerProps>().toExtend<Parameters<typeof entry.CodeRunner>[0]>()
    expectTypeOf<CodeRunnerProps['language']>().toEqualTypeOf<Language>()
    expectTypeOf<CodeRunnerProps['value']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<CodeRunnerProps['defaultValue']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<CodeRunnerProps['onChange']>().toEqualTypeOf<((code: string) => void) | undefined>()
    expectTypeOf<CodeRunnerProps['onResult']>().toEqualTypeOf<((result: RunResult) => void) | undefined>()
    expectTypeOf<CodeRunnerProps['className']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<CodeRunnerProps['config']>().toEqualTypeOf<RuncellConfig | undefined>()
  })

  it('gives a hook that runs and stops without any UI', () => {
    expectTypeOf<typeof entry.useCodeRunner>().toEqualTypeOf<
      (options: UseCodeRunnerOptions) => CodeRunnerHandle
    >()
    expectTypeOf<CodeRunnerHandle>().toHaveProperty('run')
    expectTypeOf<CodeRunnerHandle>().toHaveProperty('stop')
    expectTypeOf<CodeRunnerHandle>().toHaveProperty('status')
  })

  it('provides one runtime to the runners below it', () => {
    expectTypeOf<typeof entry.RuncellProvider>().returns.toExtend<ReactNode>()
    expectTypeOf<Parameters<typeof entry.RuncellProvider>[0]>().toHaveProperty('config')
  })
})
