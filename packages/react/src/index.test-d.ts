// Pins the public surface of the @runcell/react root entry: <CodeRunner>, its hook, its provider and messages.
import type { ReactNode } from 'react'
import { describe, expectTypeOf, it } from 'vitest'
import type { CheckResult, Language, RunCheck, RunResult } from '@runcell/core'
import type * as entry from './index.js'
import type {
  CodeRunnerHandle,
  CodeRunnerProps,
  CourseProgress,
  ExerciseCheckInfo,
  ExerciseProgress,
  ExerciseProps,
  RuncellConfig,
  UseCodeRunnerOptions,
} from './index.js'

describe('@runcell/react', () => {
  it('exports CodeRunner, its hook, its provider, its messages and exercises, and no flags or dashboard', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'CodeRunner'
      | 'DEFAULT_MESSAGES'
      | 'RuncellProvider'
      | 'useCodeRunner'
      | 'Exercise'
      | 'useExerciseProgress'
    >()
  })

  it('takes an exercise with a check, hints, a solution and an onCheck that gets the verdict and the effort', () => {
    expectTypeOf<ExerciseProps>().toExtend<Parameters<typeof entry.Exercise>[0]>()
    expectTypeOf<ExerciseProps['id']>().toEqualTypeOf<string>()
    expectTypeOf<ExerciseProps['check']>().toEqualTypeOf<RunCheck>()
    expectTypeOf<ExerciseProps['hints']>().toEqualTypeOf<readonly ReactNode[] | undefined>()
    expectTypeOf<ExerciseProps['solution']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ExerciseProps['solutionAfterAttempts']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<ExerciseProps['onCheck']>().toEqualTypeOf<
      ((result: CheckResult, info: ExerciseCheckInfo) => void) | undefined
    >()
    expectTypeOf<ExerciseCheckInfo>().toEqualTypeOf<{
      attempts: number
      hintsUsed: number
      solutionShown: boolean
    }>()
  })

  it("reads a course's progress per exercise id for a table of contents", () => {
    expectTypeOf<typeof entry.useExerciseProgress>().toEqualTypeOf<
      (ids: readonly string[]) => CourseProgress
    >()
    expectTypeOf<CourseProgress['exercises']>().toEqualTypeOf<Readonly<Record<string, ExerciseProgress>>>()
    expectTypeOf<ExerciseProgress>().toHaveProperty('passed').toEqualTypeOf<boolean>()
    expectTypeOf<ExerciseProgress>().toHaveProperty('attempts').toEqualTypeOf<number>()
    expectTypeOf<ExerciseProgress>().toHaveProperty('hintsUsed').toEqualTypeOf<number>()
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
