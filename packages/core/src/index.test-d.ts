// Pins the public surface of the @runcell/core root entry: exactly these values, these types, and the shapes a
// page relies on. A change here is a change to the published API; make it on purpose.
import { describe, expectTypeOf, it } from 'vitest'
import type * as entry from './index.js'
import type {
  Execution,
  ExecutionObserver,
  ExecutionRecord,
  Language,
  RunnerOptions,
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
