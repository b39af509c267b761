// The Python engine behind the EngineApi contract: one Pyodide interpreter, many namespaces, one run at a time.
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import type {
  EngineApi,
  EngineInitOptions,
  EngineRunOutcome,
  EngineRunRequest,
} from '../../protocol/engine.js'
import type { CheckResult, DisplayMime, RunError } from '../../protocol/types.js'
import { ReaderInput, type InputMode } from '../reader-input.js'
import { OutputStream, emitOutput } from '../worker-support.js'
import { defineDriver, hideDriver } from './driver-module.js'
import { installEvalTick, type InterruptSeen } from './eval-tick.js'
import { namespaceFolder, placeFiles } from './files.js'
import { LaterStdlib } from './later-stdlib.js'
import { loadPython } from './loader.js'
import { PythonPackages } from './packages.js'
import { enableRunSync } from './run-sync.js'

type Kind = 'stdout' | 'stderr'

type RunArgs = [
  namespace: string,
  code: string,
  stdin: string,
  cwd: string,
  limit: number,
  answers: string[] | null,
  inputMode: InputMode,
]

interface Driver {
  run: ((...args: RunArgs) => string | PyProxy) & {
    /** Calls run so that Python may suspend on a promise (JSPI's run_sync). */
    callPromising(...args: RunArgs): Promise<string | PyProxy>
  }
  drop(namespace: string): void
  /** Runs a hidden check after the last run of `namespace`; returns its JSON verdict (check-source.ts). */
  check(namespace: string, code: string, stdout: string): string
}

interface Ready {
  pyodide: PyodideAPI
  driver: Driver
  options: EngineInitOptions
  later: LaterStdlib
  interrupt: InterruptSeen
}

/** How often output batched during a running Python run is sent on, in ms. */
const STREAM_EVERY_MS = 30

/** Builds the Python engine. Nothing loads until the runner calls `init`. */
export function createPythonEngine(): EngineApi {
  let ready: Promise<Ready> | null = null
  let queue: Promise<unknown> = Promise.resolve()
  let current: { runId: string; stream: OutputStream } | null = null
  let broken: Error | null = null
  let input = new ReaderInput(null)
  let packages: PythonPackages | null = null
  const asking = new AskingNamespaces()
  /** How the current run asks the reader; Python holds one function for the engine's life (see setup). */
  let currentAsk: ((prompt: string) => unknown) | null = null

  const write = (kind: Kind, text: string) => current?.stream.write(kind, text)
  const show = (mime: DisplayMime, data: string) => {
    if (!current) return
    current.stream.flush()
    emitOutput(current.runId, { type: 'display', mime, data })
  }

  async function load(options: EngineInitOptions): Promise<Ready> {
    const { pyodide, fromSnapshot } = await loadPython({ ...options, write })
    const { namespace, reused } = defineDriver(pyodide)
    if (fromSnapshot && !reused) {
      console.warn(
        'Runcell: the Pyodide memory snapshot was made by another version of @runcell/core, so Python starts ' +
          'about 100 ms slower. Run "npx runcell assets <dir>" again to rebuild it.',
      )
    }
    const interrupt = installEvalTick(pyodide, STREAM_EVERY_MS, () => current?.stream.flush())
    const setup = namespace.get('setup') as (...args: unknown[]) => void
    const ask = (prompt: string) => currentAsk?.(prompt) ?? null
    setup(write, show, options.memoryLimitMb, ask, interrupt.seen)
    input = new ReaderInput(options.interruptBuffer ?? null, () => enableRunSync(pyodide))
    const driver = {
      run: namespace.get('run'),
      drop: namespace.get('drop'),
      check: namespace.get('check'),
    } as Driver
    packages = new PythonPackages(pyodide, hideDriver(pyodide), () => current?.runId ?? null)
    const later = new LaterStdlib(pyodide, options.assetsBaseUrl)
    return { pyodide, driver, options, later, interrupt }
  }

  /** Runs jobs one after another, so that concurrent calls never share the interpreter's streams. */
  function serial<T>(job: () => Promise<T>): Promise<T> {
    const next = queue.then(job, job)
    queue = next.catch(() => undefined)
    return next
  }

  async function execute(request: EngineRunRequest): Promise<EngineRunOutcome> {
    if (broken) throw broken
    if (!ready) throw new Error('the Python engine was not initialised; call init() first')
    const { pyodide, driver, options, later, interrupt } = await ready
    const cwd = namespaceFolder(request.namespace)
    const fileError = placeFiles(pyodide.FS, cwd, request.files)
    if (fileError) return { status: 'error', error: fileError }
    const stream = new OutputStream(request.runId, options.outputLimitChars)
    current = { runId: request.runId, stream }
    try {
      // The second zip of the standard library and the run's packages arrive side by side.
      const stdlib = later.before(request.code, request.packages)
      const packageError = await installPackages(packages, request)
      await stdlib
      if (packageError) return { status: 'error', error: packageError }
      const { namespace, code, stdin = '', answers = [] } = request
      const mode = input.pythonMode(request.interactive === true, request.replayInput === true)
      const { runId } = request
      currentAsk =
        mode === 'off' || mode === 'replay'
          ? null
          : (prompt: string) => {
              // The prompt must reach the host before the request that shows the input field after it.
              stream.flush()
              return mode === 'sab' ? input.askBlocking(runId, prompt) : input.ask(runId, prompt)
            }
      // No answers is null, not []: each JS array costs the call a conversion into Python.
      const given = answers.length > 0 ? answers : null
      const args: RunArgs = [namespace, code, stdin, cwd, options.outputLimitChars, given, mode]
      // Only a run that may wait on a promise pays for the promising call (a task hop: print(1) took 0.8 ms in
      // the engine with it, 0.6 ms without). A run called plainly that asks after all ends at the question, and
      // the runner replays it with the answer; the replay is promising.
      const promising = mode === 'jspi' && (answers.length > 0 || asking.mayAsk(request))
      interrupt.reset()
      let answer = promising ? await driver.run.callPromising(...args) : driver.run(...args)
      if (typeof answer !== 'string') answer = await settle(answer)
      // Figures still open when the run ends are shown, the way Jupyter's inline backend does.
      const figureError = packages?.flushFigures()
      if (figureError) write('stderr', figureError)
      return JSON.parse(answer) as EngineRunOutcome
    } catch (error) {
      // The driver turns every Python exception into an outcome, so this is the interpreter itself failing
      // (a fatal wasm error). Rejecting makes the runner replace the worker.
      broken = error instanceof Error ? error : new Error(String(error))
      throw broken
    } finally {
      input.close()
      stream.flush()
      current = null
      currentAsk = null
    }
  }

  return {
    async init(options) {
      ready ??= load(options)
      const { pyodide } = await ready
      return { version: pyodide.version }
    },
    run: (request) => serial(() => execute(request)),
    check: (request) =>
      serial(async () => {
        if (broken) throw broken
        if (!ready) throw new Error('the Python engine was not initialised; call init() first')
        const { driver, options, later } = await ready
        await later.before(request.code)
        // Output of the check goes out under its own run id, which the runner never routes (and it prints to
        // nowhere anyway): a check is never shown.
        const stream = new OutputStream(request.runId, options.outputLimitChars)
        current = { runId: request.runId, stream }
        try {
          return JSON.parse(driver.check(request.namespace, request.code, request.stdout)) as CheckResult
        } finally {
          current = null
        }
      }),
    // Not serial: it answers the run that is waiting.
    answerInput: async (runId, text) => input.answer(runId, text),
    // Not serial: it answers the run that is waiting for its packages.
    providePackages: async (requestId, delivery) => packages?.provide(requestId, delivery),
    // Not serial either: a run waiting for these very packages takes them as they come (see adopt).
    preinstallPackages: async (wheels) => {
      if (ready && !broken) await ready.then(() => packages?.adopt(wheels))
    },
    dropNamespace: (namespace) =>
      serial(async () => {
        if (!ready || broken) return
        const { driver } = await ready
        asking.forget(namespace)
        driver.drop(namespace)
      }),
  }
}

/** Words without which code can't read input, short of spelling them at run time. */
const READS_INPUT = /input|stdin/

/**
 * The namespaces whose code may read input: a run's code, or its files, mention it, or an earlier run's in the
 * same namespace did (it may have defined the function that asks).
 */
class AskingNamespaces {
  private readonly names = new Set<string>()

  mayAsk({ namespace, code, files }: EngineRunRequest): boolean {
    if (this.names.has(namespace)) return true
    const mentions =
      READS_INPUT.test(code) ||
      Object.values(files ?? {}).some((file) => typeof file === 'string' && READS_INPUT.test(file))
    if (mentions) this.names.add(namespace)
    return mentions
  }

  forget(namespace: string): void {
    this.names.delete(namespace)
  }
}

/** Installs what the run's imports and `packages` need; a failure is a PackageError that ends the run unrun. */
async function installPackages(
  packages: PythonPackages | null,
  request: EngineRunRequest,
): Promise<RunError | null> {
  if (!packages) return null
  try {
    return await packages.prepare(request.runId, request.code, request.packages)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { name: 'PackageError', message: `a package could not be installed: ${message.slice(0, 2_000)}` }
  }
}

/** Waits for a run with top-level `await`; the worker's event loop turns meanwhile, so output streams. */
async function settle(coroutine: PyProxy): Promise<string> {
  try {
    return await (coroutine as unknown as Promise<string>)
  } finally {
    coroutine.destroy()
  }
}
