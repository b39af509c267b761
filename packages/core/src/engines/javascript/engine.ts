// The JavaScript engine behind the EngineApi contract: compile a snippet into a classic script, load it, run
// it against its namespace and report output, the last expression's value, and errors.
import type { CheckResult } from '../../protocol/types.js'
import type {
  EngineApi,
  EngineCheckRequest,
  EngineInitOptions,
  EngineRunOutcome,
  EngineRunRequest,
} from '../../protocol/engine.js'
import { DEFAULT_LIMITS } from '../../protocol/limits.js'
import { ReaderInput } from '../reader-input.js'
import { emitOutput, OutputStream, reportStage } from '../worker-support.js'
import { sourceUrlFor, toRunError } from './errors.js'
import {
  adoptGlobals,
  createNamespace,
  binder,
  enterRun,
  globalNames,
  leaveRun,
  type Namespace,
} from './namespace.js'
import { formatValue } from './serialize.js'
import { checkScript, runCheck, verdictOf, type CompiledCheck } from './check.js'
import { CompiledSnippets, type CompiledEntry } from './compiled-snippets.js'
import type { RunTimers } from './leftover-work.js'
import {
  countLines,
  mapGet,
  mapDelete,
  mapSet,
  NativePromise,
  promiseThen,
  reflectApply,
} from './primordials.js'
import { prepareCode } from './transform.js'

/** The version string the JavaScript engine reports. */
export const JAVASCRIPT_VERSION = 'JavaScript (V8 in a worker)'

/**
 * Runs a generated classic script in the worker's global scope. In the runner's worker this is the saved
 * `importScripts` on a blob: URL, since the inherited CSP blocks eval and `new Function`.
 */
export type ScriptLoader = (script: string) => void

type CompiledSnippet = (
  scope: object,
  bind: ReturnType<typeof binder>,
) => Promise<{ hasValue: boolean; value: unknown }>

/** The engine plus a hook for errors that escape a run (uncaught in timers, unhandled rejections). */
export interface JavaScriptEngine extends EngineApi {
  reportUncaught(reason: unknown, kind: 'error' | 'rejection'): void
  /** A hidden exercise check (check.ts); only ever called on a fresh engine. */
  check(request: EngineCheckRequest): Promise<CheckResult>
}

// Captured at start, so a snippet that patches MessagePort's prototype can't stall the end of its runs.
const turns = new MessageChannel()
const postTurn = turns.port2.postMessage.bind(turns.port2)
let wake: (() => void) | null = null
turns.port1.onmessage = () => {
  const resolve = wake
  wake = null
  resolve?.()
}

/** Calls `then` in a later task of this worker's event loop (a callback: see `run` for why not a promise). */
function nextTask(then: () => void): void {
  wake = then
  postTurn(null)
}

/**
 * Creates the JavaScript engine. A snippet runs like a classic script in one shared global, with these
 * differences:
 * - top-level `var`, `let`, `const`, `function` and `class` names persist in the namespace: each is a real
 *   local of its run, exposed to later runs through a getter/setter on the scope object, so closures from
 *   different runs share one live variable and `const` stays read-only;
 * - a later run may declare the same name again (as in browser consoles); from then on later runs see the
 *   new variable, while closures of the earlier run keep the old one;
 * - `var` declared inside a top-level block (`if`, `for`) stays private to its run;
 * - globals a run creates (sloppy `x = 1`, `globalThis.y = 2`) are moved onto its namespace when it ends;
 * - reading a name declared by an earlier run goes through the scope object, which is slower than a local
 *   in a hot loop;
 * - output from timers or promises that settle after the run ended is dropped.
 * - the same code run again reuses its compiled script (recent snippets up to 64 KB), so a traceback through a
 *   function an earlier run of that same code defined says `line N`, not `an earlier run, line N`.
 * Memory is not limited: a worker can't cap its own heap. A runaway allocation ends when the worker runs out
 * of memory or the runner's timeout terminates it; the runner then starts a fresh worker.
 * `timers` (in the worker: leftover-work.ts) cancels the timers a run leaves behind when it ends.
 */
export function createJavaScriptEngine(load: ScriptLoader, timers?: RunTimers): JavaScriptEngine {
  const namespaces = new Map<string, Namespace>()
  // Each namespace's last expression value, for a check's `result` (check.ts).
  const lastValues = new Map<string, unknown>()
  let options: EngineInitOptions = {
    assetsBaseUrl: '',
    memoryLimitMb: DEFAULT_LIMITS.memoryLimitMb,
    outputLimitChars: DEFAULT_LIMITS.outputLimitChars,
    maxRows: DEFAULT_LIMITS.maxRows,
  }
  let runs = 0
  let current: OutputStream | null = null
  const compiled = new CompiledSnippets<CompiledSnippet>()
  // JavaScript can always await, so it needs no shared memory and no JSPI: answers come as messages.
  const input = new ReaderInput(null)

  /** Loads a generated script, which throws its compiled function: no global ever holds it (transform.ts). */
  function compile(script: string): CompiledSnippet {
    try {
      load(script)
    } catch (thrown) {
      if (typeof thrown === 'function') return thrown as CompiledSnippet
      throw thrown
    }
    throw new Error('the generated script did not load')
  }

  /** The compiled function of `code`: reused when the same code ran recently, else parsed and loaded. */
  function prepare(code: string): CompiledEntry<CompiledSnippet> {
    const known = compiled.get(code)
    if (known) return known
    const sourceUrl = sourceUrlFor(++runs)
    const entry = { snippet: compile(prepareCode(code, sourceUrl).script), sourceUrl }
    compiled.set(code, entry)
    return entry
  }

  /**
   * Runs one snippet. Everything after the snippet starts is callbacks on captured built-ins, not `await`: an
   * `await` consults Promise.prototype (its `constructor` and `then`), and resolving with an object consults
   * Object.prototype.then, both of which an earlier snippet may have replaced to rewrite this run's outcome.
   * The outcome has no prototype, so resolving with it consults nothing.
   */
  function run(request: EngineRunRequest): Promise<EngineRunOutcome> {
    return new NativePromise((resolve) => start(request, resolve))
  }

  function start(request: EngineRunRequest, resolve: (outcome: EngineRunOutcome) => void): void {
    // The script's sourceURL, once it is known: it tells the run's own stack frames from everything else.
    let sourceUrl = ''
    const userLines = countLines(request.code)
    const stream = new OutputStream(request.runId, options.outputLimitChars)
    let namespace = mapGet(namespaces, request.namespace)
    if (!namespace) {
      namespace = createNamespace()
      mapSet(namespaces, request.namespace, namespace)
    }
    const ns = namespace
    current = stream
    let before: readonly string[] | null = null
    const finish = (outcome: EngineRunOutcome) => {
      if (before) {
        try {
          adoptGlobals(ns, before)
        } catch (thrown) {
          outcome = failed(thrown)
        }
      }
      // Chromium reports an unhandled rejection in a task it queues at the end of the microtask checkpoint, after
      // a task posted during that checkpoint: two task turns let it land in this run. A message on a channel is
      // a task turn at a tenth of the cost of a zero-delay timer (measured ~0.02 ms vs ~0.2 ms in a worker).
      nextTask(() =>
        nextTask(() => {
          timers?.end()
          input.close()
          leaveRun(ns)
          stream.flush()
          if (current === stream) current = null
          resolve(outcome)
        }),
      )
    }
    const failed = (thrown: unknown): EngineRunOutcome =>
      ({
        __proto__: null,
        status: 'error',
        error: toRunError(thrown, sourceUrl, userLines),
      }) as EngineRunOutcome
    let pending: Promise<{ hasValue: boolean; value: unknown }>
    try {
      const prepared = prepare(request.code)
      sourceUrl = prepared.sourceUrl
      enterRun(ns, {
        stdin: request.stdin ?? '',
        files: request.files ?? {},
        sink: {
          write: (type, text) => stream.write(type, text),
          table: (event) => {
            stream.flush()
            emitOutput(request.runId, event)
          },
          maxRows: options.maxRows,
        },
        ask: request.interactive
          ? (prompt) => {
              stream.flush()
              return input.ask(request.runId, prompt)
            }
          : undefined,
      })
      timers?.begin()
      before = globalNames()
      pending = reflectApply(prepared.snippet, undefined, [ns.scope, binder(ns)])
    } catch (thrown) {
      return finish(failed(thrown))
    }
    try {
      promiseThen(
        pending,
        (value) => {
          const result = value as { hasValue: boolean; value: unknown }
          try {
            mapSet(lastValues, request.namespace, result.hasValue ? result.value : undefined)
            if (result.hasValue && result.value !== undefined) {
              stream.flush()
              emitOutput(request.runId, {
                type: 'display',
                mime: 'text/plain',
                data: formatValue(result.value),
              })
            }
            finish({ __proto__: null, status: 'ok' } as EngineRunOutcome)
          } catch (thrown) {
            finish(failed(thrown))
          }
        },
        (thrown) => finish(failed(thrown)),
      )
    } catch (thrown) {
      // A hostile Promise species constructor threw; the run's real ending is unknown, so it is an error.
      finish(failed(thrown))
    }
  }

  return {
    async init(next) {
      options = { ...next }
      reportStage('download')
      reportStage('compile')
      reportStage('ready')
      return { version: JAVASCRIPT_VERSION }
    },
    run,
    async answerInput(runId, text) {
      input.answer(runId, text)
    },
    async check(request) {
      const ns = mapGet(namespaces, request.namespace)
      let compiled: CompiledCheck
      try {
        load(checkScript(request.code))
        return { status: 'error', message: 'the check script did not load' }
      } catch (thrown) {
        if (typeof thrown !== 'function') return verdictOf(thrown)
        compiled = thrown as CompiledCheck
      }
      // Nothing the check logs is shown: its namespace's console has no sink once its run ended.
      return runCheck(compiled, {
        ns: ns?.scope ?? {},
        stdout: request.stdout,
        result: mapGet(lastValues, request.namespace),
      })
    },
    async dropNamespace(name) {
      mapDelete(namespaces, name)
      mapDelete(lastValues, name)
    },
    reportUncaught(reason, kind) {
      const prefix = kind === 'rejection' ? 'Uncaught (in promise)' : 'Uncaught'
      current?.write('stderr', `${prefix} ${formatValue(reason, false)}\n`)
    },
  }
}
