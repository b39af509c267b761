// Pins the public surface of the @runcell/core root entry: exactly these values, these types, and the shapes a
// page relies on. A change here is a change to the published API; make it on purpose.
import { describe, expectTypeOf, it } from 'vitest'
import type * as entry from './index.js'
import type {
  CheckResult,
  CheckStatus,
  Execution,
  ExecutionObserver,
  ExecutionRecord,
  ExpectedResult,
  Language,
  RunCheck,
  RunnerOptions,
  RunnerRequest,
  RunRequest,
  RunResult,
  RunStatus,
  Runtime,
  RuntimeConfig,
  SnippetRunner,
} from './index.js'

describe('@runcell/core', () => {
  it('exports the runtime and nothing of the flags, monitor or feedback audiences', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'CHECK_STATUSES'
      | 'DEFAULT_LIMITS'
      | 'EXECUTION_OUTCOMES'
      | 'LANGUAGES'
      | 'RuncellError'
      | 'createRuntime'
      | 'hashCode'
      | 'runnerCsp'
    >()
  })

  it('creates a runtime from a config and runs a request into an execution with a result', () => {
    expectTypeOf<typeof entry.createRuntime>().parameters.toEqualTypeOf<[RuntimeConfig]>()
    expectTypeOf<typeof entry.createRuntime>().returns.toEqualTypeOf<Runtime>()
    expectTypeOf<Runtime['run']>().parameters.toEqualTypeOf<[RunRequest]>()
    expectTypeOf<Runtime['run']>().returns.toEqualTypeOf<Execution>()
    expectTypeOf<Execution['result']>().toEqualTypeOf<Promise<RunResult>>()
    expectTypeOf<Runtime['createRunner']>().toEqualTypeOf<(options: RunnerOptions) => SnippetRunner>()
  })

  it('names the three languages and the run statuses as string unions', () => {
    expectTypeOf<Language>().toEqualTypeOf<'python' | 'sql' | 'javascript'>()
    expectTypeOf<RunStatus>().toEqualTypeOf<'ok' | 'error' | 'timeout' | 'stopped' | 'limit'>()
    expectTypeOf<RunRequest['language']>().toEqualTypeOf<Language>()
    expectTypeOf<RunResult['status']>().toEqualTypeOf<RunStatus>()
  })

  it('runs a hidden check with a request and reads its verdict on the result', () => {
    expectTypeOf<RunRequest['check']>().toEqualTypeOf<RunCheck | undefined>()
    expectTypeOf<RunRequest['setup']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<RunCheck>().toEqualTypeOf<{ code: string } | { expect: ExpectedResult }>()
    expectTypeOf<ExpectedResult>().toEqualTypeOf<{
      columns?: string[]
      rows: (string | number | null)[][]
      ordered?: boolean
    }>()
    expectTypeOf<RunResult['check']>().toEqualTypeOf<CheckResult | undefined>()
    expectTypeOf<CheckResult>().toEqualTypeOf<{ status: CheckStatus; message?: string }>()
    expectTypeOf<CheckStatus>().toEqualTypeOf<'pass' | 'fail' | 'error'>()
    expectTypeOf<RunnerRequest['check']>().toEqualTypeOf<RunCheck | undefined>()
    expectTypeOf<RunnerOptions['check']>().toEqualTypeOf<RunCheck | undefined>()
    expectTypeOf<Parameters<SnippetRunner['run']>[0]>().toEqualTypeOf<RunnerRequest | undefined>()
  })

  it('lets an observer see runs without a dependency on the monitor entry', () => {
    expectTypeOf<RuntimeConfig['observer']>().toEqualTypeOf<ExecutionObserver | undefined>()
    expectTypeOf<NonNullable<ExecutionObserver['runFinished']>>().parameters.toEqualTypeOf<
      [ExecutionRecord]
    >()
  })

  it('throws one error class with a stable code', () => {
    expectTypeOf<InstanceType<typeof entry.RuncellError>>().toExtend<Error>()
    expectTypeOf<InstanceType<typeof entry.RuncellError>['code']>().toEqualTypeOf<entry.RuncellErrorCode>()
    expectTypeOf<typeof entry.runnerCsp>().returns.toEqualTypeOf<string>()
    expectTypeOf<typeof entry.hashCode>().toEqualTypeOf<(code: string) => string>()
  })
})
