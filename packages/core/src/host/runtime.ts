import { RuncellError } from '../errors.js'
import { hashCode } from '../monitor/hash.js'
import type { ExecutionObserver, ExecutionOutcome } from '../monitor/record.js'
import { MAX_ANSWER_CHARS, MAX_CODE_CHARS, MAX_SESSION_CHARS, MAX_STDIN_CHARS } from '../protocol/limits.js'
import type { RunnerMessage } from '../protocol/messages.js'
import { copiedWheels, type PackageAnswer, type WheelBytes } from '../protocol/packages.js'
import { emptyResult, isRunError, RunOutputs, type OutputEvent, type RunEnding } from '../protocol/results.js'
import {
  LANGUAGES,
  type EngineStage,
  type Language,
  type RunEvent,
  type RunRequest,
  type RunResult,
} from '../protocol/types.js'
import { parseLanguage } from '../protocol/validate.js'
import { checkProblem } from '../protocol/validate-check.js'
import { connectSandbox, type SandboxConnection } from './connect-sandbox.js'
import { watchRunner } from './runner-watch.js'
import { ENGINES } from '../engines/registry.js'
import { EngineFileSource, RUNNER_SCRIPT } from './engine-file-source.js'
import { checkPackages, PackageIndex, withoutHeld } from './python-packages.js'
import { EventChannel } from './event-channel.js'
import { ResultCache } from './result-cache.js'
import { checkFiles, resolveFiles } from './run-files.js'
import { RunQueue } from './run-queue.js'
import { resolveRuntimeConfig, type ResolvedRuntimeConfig, type RuntimeConfig } from './runtime-config.js'
import { createSnippetRunner, type RunnerOptions, type SnippetRunner } from './snippet-runner.js'

/** A run in progress: its events as they come, its result, and a way to stop it. */
export interface Execution {
  readonly id: string
  /** Every event of the run, from the first; each iteration starts at the beginning. */
  readonly events: AsyncIterable<RunEvent>
  /** Resolves when the run is over. It never rejects: failures are results too. */
  readonly result: Promise<RunResult>
  /** Stops the run: it leaves the queue, or its interpreter is terminated and rebuilt. */
  stop(): void
  /**
   * Answers the run's pending `input-request` event with one line of text (no newline needed). The answer is
   * echoed to stdout after the prompt, as a terminal shows it. Ignored when no request is pending.
   */
  sendInput(text: string): void
}

/** Where a language's interpreter is: not started, loading (with its stage) or ready. */
export interface EngineState {
  stage: EngineStage | 'idle'
  version?: string
}

/** One page's code runner: one sandboxed runner iframe, one interpreter per language, shared by every snippet. */
export interface Runtime {
  readonly config: ResolvedRuntimeConfig
  run(request: RunRequest): Execution
  /** A controller for one snippet on this runtime: setup once per session, one run at a time, batched output. */
  createRunner(options: RunnerOptions): SnippetRunner
  /** Loads a language's engine ahead of the first run. */
  warmUp(language: Language): void
  getEngineState(language: Language): EngineState
  /** Calls `listener` whenever an engine's state changes. Returns the unsubscribe function. */
  subscribe(listener: (language: Language, state: EngineState) => void): () => void
  /** Queue statistics, for monitors and dashboards. */
  stats(): { running: number; queued: number }
  /** Removes the runner iframe; runs still pending end as `stopped`. */
  dispose(): void
}

interface Pending {
  event(event: RunEvent): void
  done(ending: RunEnding): void
}

/** A cached run: its result, and its output events to replay in their order. */
interface CachedRun {
  result: RunResult
  events: readonly OutputEvent[]
}

let sequence = 0
function newRunId(): string {
  sequence += 1
  return `${Date.now().toString(36)}-${sequence.toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

function checkRequest(request: RunRequest, maxRows: number): void {
  const fail = (message: string) => {
    throw new RuncellError('INVALID_REQUEST', `run: ${message}`)
  }
  if (typeof request !== 'object' || request === null) fail('expected a request object { language, code }.')
  if (!parseLanguage(request.language))
    fail(
      `"language" must be one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')}; got ${JSON.stringify(request.language)}.`,
    )
  if (typeof request.code !== 'string') fail('"code" must be a string.')
  if (request.code.length > MAX_CODE_CHARS) fail(`"code" is longer than ${MAX_CODE_CHARS} characters.`)
  if (
    request.session !== undefined &&
    (typeof request.session !== 'string' || request.session.length > MAX_SESSION_CHARS)
  ) {
    fail(`"session" must be a string of at most ${MAX_SESSION_CHARS} characters.`)
  }
  if (
    request.stdin !== undefined &&
    (typeof request.stdin !== 'string' || request.stdin.length > MAX_STDIN_CHARS)
  ) {
    fail(`"stdin" must be a string of at most ${MAX_STDIN_CHARS} characters.`)
  }
  if (request.timeoutMs !== undefined && !(Number.isFinite(request.timeoutMs) && request.timeoutMs > 0)) {
    fail('"timeoutMs" must be a positive number of milliseconds.')
  }
  checkFiles(request.files)
  checkPackages(request.packages)
  if (
    request.setup !== undefined &&
    (typeof request.setup !== 'string' || request.setup.length > MAX_CODE_CHARS)
  )
    fail(`"setup" must be a string of at most ${MAX_CODE_CHARS} characters.`)
  const problem = request.check === undefined ? null : checkProblem(request.check, request.language)
  if (problem) fail(problem)
  // The learner's result set is cut at maxRows before it is compared, so a longer expect could never pass.
  const expected = request.check && 'expect' in request.check ? request.check.expect.rows.length : 0
  if (expected > maxRows)
    fail(
      `"check.expect" has ${expected} rows, more than this runtime's maxRows (${maxRows}), so no answer could ` +
        'match it. Raise maxRows in createRuntime, or expect fewer rows.',
    )
}

/** runner.js as text, for the runner page the host writes; throws a sentence when it isn't the script. */
async function readRunnerScript(files: EngineFileSource, url: string): Promise<string> {
  const file = await files.file(RUNNER_SCRIPT)
  if (!file) throw new Error(`this page could not read ${url}`)
  const text = await file.text()
  // A base-path or clean-URL rule may answer with the site's home page instead of the script.
  if (text.trimStart().startsWith('<'))
    throw new Error(`${url} answers with an HTML page, not the runner script`)
  return text
}

function notifySafely(call: () => void): void {
  try {
    call()
  } catch {
    // An observer must never break a run.
  }
}

function outcomeOf(result: RunResult): ExecutionOutcome {
  return isRunError(result.error, 'EngineCrash') ? 'crash' : result.status
}

/**
 * Creates the page's runtime. Nothing touches the DOM until the first run or warm-up, so it is safe to call
 * during server rendering.
 * @example
 * const rt = createRuntime({ assetsBaseUrl: '/runcell/' })
 * const ex = rt.run({ language: 'python', code: 'print(1 + 1)' })
 * for await (const event of ex.events) console.log(event)
 * console.log((await ex.result).status)
 */
export function createRuntime(input: RuntimeConfig): Runtime {
  const config = resolveRuntimeConfig(input)
  const queue = new RunQueue(config.maxConcurrent)
  const cache = config.cache === false ? null : new ResultCache<CachedRun>(config.cache ?? {})
  const observer: ExecutionObserver = config.observer ?? {}
  const pending = new Map<string, Pending>()
  const engines = new Map<Language, EngineState>()
  const listeners = new Set<(language: Language, state: EngineState) => void>()
  const preparedSetups = new Set<string>()
  let connection: SandboxConnection | null = null
  let disposed = false
  const packageIndex = new PackageIndex(config.pythonPackages, config.engineFileCache)
  // The one owner of the runner's files: the runner page fetches nothing itself.
  const engineFiles = new EngineFileSource(config.assetsBaseUrl, config.engineFileCache)

  const setEngine = (language: Language, state: EngineState) => {
    engines.set(language, state)
    listeners.forEach((listener) => notifySafely(() => listener(language, state)))
  }

  // `from` is the runner that said it: after a rebuild, a late answer must not reach the new runner, whose
  // request numbers start again from 1.
  const onRunnerMessage = (message: RunnerMessage, from: Pick<SandboxConnection, 'send'>) => {
    if (message.type === 'stage') {
      return setEngine(message.language, { stage: message.stage, version: message.version })
    }
    if (message.type === 'need-packages') {
      const { requestId } = message
      // Each wheel goes to the runner as it arrives, so the runner verifies and unpacks it while the rest download
      // (3 MB of wheels took it about 30 ms); the answer then leaves out the bytes it already has.
      const held = [...message.held]
      const arrived = (wheel: WheelBytes) => {
        if (held.includes(wheel.sha256)) return
        const bytes = wheel.bytes.slice(0)
        try {
          from.send({ type: 'package-wheel', wheel: { ...wheel, bytes } }, [bytes])
          held.push(wheel.sha256)
        } catch {
          // The runner that asked is gone.
        }
      }
      void packageIndex
        .answer(message.query, arrived)
        .catch((error: unknown) => lookupFailed(error))
        .then((answer) => {
          // Moved, not cloned (much faster into the sandboxed frame); the page keeps its copies for later requests.
          const moved = copiedWheels(withoutHeld(answer, held))
          from.send({ type: 'packages', requestId, answer: moved.answer }, moved.buffers)
        })
        // The runner that asked is gone; its runs already ended.
        .catch(() => {})
      return
    }
    if (message.type === 'need-files') {
      for (const path of message.paths) void sendEngineFile(path, from)
      return
    }
    if (message.type === 'pong') return
    const target = pending.get(message.runId)
    if (!target) return
    if (message.type === 'event') target.event(message.event)
    else target.done(message.result)
  }

  const sendEngineFile = async (path: string, to: Pick<SandboxConnection, 'send'>) => {
    const file = await engineFiles.requested(path)
    try {
      const declined = file === null && engineFiles.declined(path)
      to.send({ type: 'engine-file', path, file, ...(declined ? { declined: true as const } : {}) })
    } catch {
      // The runner that asked is gone.
    }
  }

  // Once per runner, as an engine with packages (Python) starts: the wheels this page imported on an earlier
  // visit, from Cache Storage.
  const preloaded = new WeakSet<SandboxConnection>()
  const preloadPackages = (open: SandboxConnection) => {
    if (preloaded.has(open)) return
    preloaded.add(open)
    void Promise.all([packageIndex.preload(), open.ready])
      .then(([wheels]) => {
        if (wheels.length === 0) return
        const moved = copiedWheels({ wheels })
        open.send({ type: 'package-preload', wheels: moved.answer.wheels }, moved.buffers)
      })
      // A preload is only ever a head start: the request that needs the wheels gets them anyway.
      .catch(() => {})
  }

  const connect = (): SandboxConnection => {
    if (disposed) throw new RuncellError('DISPOSED', 'This Runcell runtime was disposed; create a new one.')
    if (connection) return connection
    const scriptUrl = engineFiles.url(RUNNER_SCRIPT)
    const opened = connectSandbox({
      runnerUrl: config.runnerUrl,
      runnerScript: () => readRunnerScript(engineFiles, scriptUrl),
      runnerScriptUrl: scriptUrl,
      allow: config.allow,
      handshakeTimeoutMs: config.handshakeTimeoutMs,
    })
    opened.onMessage((message) => onRunnerMessage(message, opened))
    // A runner whose process died (out of memory, say) answers nothing: end its runs and build a new one.
    const unwatch = watchRunner(
      opened,
      () => pending.size > 0,
      () => {
        if (connection?.destroy !== destroy) return
        destroy()
        connection = null
        // The new runner starts with no sessions, so every session's setup has to run again on it.
        preparedSetups.clear()
        for (const language of engines.keys()) setEngine(language, { stage: 'idle' })
        for (const target of [...pending.values()]) target.done(runnerLost())
      },
    )
    const destroy = () => {
      unwatch()
      opened.destroy()
    }
    // The first message on the port: the settings and the assets (the manifest the host read). Runs and
    // warm-ups wait for it, so the runner knows its files before anything asks for them.
    const configured = opened.ready.then(async () => {
      const manifest = await engineFiles.manifest()
      opened.send({
        type: 'configure',
        config: {
          memoryLimitMb: config.memoryLimitMb,
          outputLimitChars: config.outputLimitChars,
          maxRows: config.maxRows,
          engineLoadTimeoutMs: config.engineLoadTimeoutMs,
          inputMechanism: config.inputMechanism,
        },
        assets: { baseUrl: engineFiles.baseUrl(), manifest },
      })
    })
    configured.catch(() => {})
    connection = { ...opened, ready: configured, destroy }
    return connection
  }

  const run = (request: RunRequest): Execution => {
    checkRequest(request, config.maxRows)
    if (disposed) throw new RuncellError('DISPOSED', 'This Runcell runtime was disposed; create a new one.')
    const id = newRunId()
    const language = request.language
    const channel = new EventChannel<RunEvent>()
    let settle: (result: RunResult) => void = () => {}
    const result = new Promise<RunResult>((resolve) => (settle = resolve))
    const queuedAt = performance.now()
    let grantedAt = queuedAt
    // When the engine started the run: its runner's `running` status. Until then the run waits, wherever it waits.
    let runningAt: number | null = null
    let finished = false
    let sent = false
    const version = engines.get(language)?.version
    const cacheKey =
      cache && request.cache && request.session === undefined && !request.check && !request.setup && version
        ? ResultCache.key({ language, engineVersion: version, code: request.code, stdin: request.stdin })
        : null

    engineFiles.prefetch(language)
    const ticket = queue.enter()
    const outputs = new RunOutputs()
    // A run that asked the reader holds that reader's answers: never replay it to anyone else.
    let asked = false
    // The whole wait before the engine started the run: this runtime's queue (maxConcurrent), the runner page's
    // start, and the engine slot's own queue and load. A run that never started waited all its life but its
    // durationMs (which the host fills in for a runner it could not reach).
    const queueMs = (outcome: RunResult) =>
      Math.max(0, Math.round((runningAt ?? performance.now() - outcome.durationMs) - queuedAt))
    const finish = (outcome: RunResult) => {
      if (finished) return
      finished = true
      pending.delete(id)
      ticket.release()
      if (cacheKey && !asked && outcome.status === 'ok')
        cache?.set(cacheKey, { result: outcome, events: outputs.events })
      notifySafely(() =>
        observer.runFinished?.({
          timestamp: Date.now(),
          executionId: id,
          language,
          duration: outcome.durationMs,
          success: outcome.status === 'ok',
          codeSize: request.code.length,
          codeHash: hashCode(request.code),
          sessionId: request.session,
          outcome: outcomeOf(outcome),
          errorName: outcome.error?.name,
          queueMs: queueMs(outcome),
          engineVersion: engines.get(language)?.version,
        }),
      )
      channel.close()
      settle(outcome)
    }

    const cached = cacheKey ? cache?.get(cacheKey) : undefined
    if (cached) {
      ticket.release()
      finished = true
      for (const event of cached.events) channel.push(event)
      channel.close()
      settle({ ...cached.result, cached: true })
      return { id, events: channel, result, stop: () => {}, sendInput: () => {} }
    }

    notifySafely(() => observer.runQueued?.({ executionId: id, language }))
    // The output crosses once, as events; the result is assembled here from them and the runner's ending.
    pending.set(id, {
      event: (event) => {
        if (event.type === 'status' && event.phase === 'running') runningAt ??= performance.now()
        if (event.type === 'input-request') asked = true
        outputs.add(event)
        channel.push(event)
      },
      done: (ending) => finish(outputs.result(ending)),
    })
    if (queue.running >= config.maxConcurrent) channel.push({ type: 'status', phase: 'queued' })

    void ticket.granted.then(async () => {
      if (finished) return
      grantedAt = performance.now()
      notifySafely(() =>
        observer.runStarted?.({ executionId: id, language, queueMs: Math.round(grantedAt - queuedAt) }),
      )
      try {
        const open = connect()
        if (ENGINES[language].packages) preloadPackages(open)
        const [files] = await Promise.all([resolveFiles(request.files), open.ready])
        if (finished) return
        open.send({
          type: 'run',
          runId: id,
          language,
          code: request.code,
          session: request.session,
          stdin: request.stdin,
          files,
          ...(request.packages ? { packages: [...request.packages] } : {}),
          timeoutMs: request.timeoutMs ?? config.timeoutMs,
          // Authored stdin keeps a run deterministic: reading past it is the end of input, not a question.
          interactive: config.interactiveInput && request.stdin === undefined,
          ...(request.setup !== undefined ? { setup: request.setup } : {}),
          ...(request.check !== undefined ? { check: request.check } : {}),
        })
        sent = true
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        // The real wait, so the status line says how long the reader waited instead of "0 ms".
        const durationMs = Math.round(performance.now() - grantedAt)
        finish({ ...emptyResult('error', { name: 'RunnerUnavailable', message }), durationMs })
      }
    })

    const stop = () => {
      if (finished) return
      if (sent && connection) connection.send({ type: 'stop', runId: id })
      else finish(emptyResult('stopped'))
    }
    const sendInput = (text: string) => {
      if (typeof text !== 'string')
        throw new RuncellError('INVALID_REQUEST', 'sendInput: the answer must be a string.')
      if (text.length > MAX_ANSWER_CHARS)
        throw new RuncellError(
          'INVALID_REQUEST',
          `sendInput: the answer is ${text.length} characters; the limit is ${MAX_ANSWER_CHARS}.`,
        )
      // One line per answer: what follows a line break would be lost to the code anyway.
      const line = text.split(/\r?\n/, 1)[0] ?? ''
      if (!finished && sent && connection) connection.send({ type: 'input', runId: id, text: line })
    }
    return { id, events: channel, result, stop, sendInput }
  }

  return {
    config,
    run,
    createRunner: (options) => createSnippetRunner({ run, preparedSetups }, options),
    warmUp(language) {
      if (!parseLanguage(language))
        throw new RuncellError('INVALID_REQUEST', `warmUp: unknown language ${JSON.stringify(language)}.`)
      if (disposed) return
      const open = connect()
      engineFiles.prefetch(language)
      if (ENGINES[language].packages) preloadPackages(open)
      if (!engines.has(language)) setEngine(language, { stage: 'download' })
      void open.ready.then(
        () => open.send({ type: 'warm-up', language }),
        () => {},
      )
    },
    getEngineState(language) {
      return engines.get(language) ?? { stage: 'idle' }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stats() {
      return { running: queue.running, queued: queue.depth }
    },
    dispose() {
      if (disposed) return
      disposed = true
      for (const target of [...pending.values()]) {
        target.done({ status: 'stopped', durationMs: 0 })
      }
      connection?.destroy()
      connection = null
    },
  }
}

/** The answer when looking packages up threw instead of answering: the run ends with a PackageError, not a hang. */
function lookupFailed(error: unknown): PackageAnswer {
  const why = error instanceof Error ? error.message : String(error)
  return {
    failure: {
      package: '',
      reason: 'index-unavailable',
      message: `the package index could not be used (${why})`,
    },
  }
}

/** How a run ends when its runner stopped answering: the runner page is rebuilt for the next run. */
function runnerLost(): RunEnding {
  return {
    status: 'error',
    error: {
      name: 'EngineCrash',
      message:
        'Runcell: the runner stopped answering (its process ran out of memory or crashed). It was restarted; run again.',
    },
    durationMs: 0,
    restarted: true,
  }
}
