// A stand-in for `createRuntime` in unit tests of React's pure UI logic; real execution is tested in Chromium.
import type {
  EngineState,
  Execution,
  Language,
  RunEvent,
  RunRequest,
  RunResult,
  Runtime,
} from '@runcell/core'
// Internal to core: a real per-snippet controller over the fake's run(), so the React tests exercise its semantics.
import { createSnippetRunner } from '../../packages/core/src/host/snippet-runner.js'

/** What the fake answers to one request: events to emit, then a result; `hold` waits for stop(). */
export interface FakeReply {
  events?: RunEvent[]
  result?: Partial<RunResult>
  hold?: boolean
}

/** A fake runtime that records requests and replies with `reply(request)`. */
export interface FakeRuntime extends Runtime {
  requests: RunRequest[]
  warmed: Language[]
  /** Answers sent to input requests, in order. */
  inputs: string[]
}

export function createFakeRuntime(reply: (request: RunRequest) => FakeReply = defaultReply): FakeRuntime {
  const requests: RunRequest[] = []
  const warmed: Language[] = []
  const inputs: string[] = []
  const preparedSetups = new Set<string>()
  let n = 0
  const run = (request: RunRequest): Execution => {
    requests.push(request)
    const { events = [], result = {}, hold = false } = reply(request)
    let release: () => void = () => {}
    const stopped = new Promise<void>((resolve) => (release = resolve))
    let wasStopped = false
    const final = (async (): Promise<RunResult> => {
      if (hold) await stopped
      return {
        status: wasStopped ? 'stopped' : 'ok',
        stdout: events.flatMap((e) => (e.type === 'stdout' ? [e.text] : [])).join(''),
        stderr: '',
        outputs: [],
        durationMs: 12,
        ...(wasStopped ? {} : result),
      }
    })()
    return {
      id: `fake-${++n}`,
      events: {
        async *[Symbol.asyncIterator]() {
          yield* events
          await final
        },
      },
      result: final,
      stop() {
        wasStopped = true
        release()
      },
      sendInput(text: string) {
        inputs.push(text)
      },
    }
  }
  return {
    requests,
    warmed,
    inputs,
    config: {} as Runtime['config'],
    run,
    createRunner: (options) => createSnippetRunner({ run, preparedSetups }, options),
    warmUp: (language) => void warmed.push(language),
    getEngineState: (): EngineState => ({ stage: 'idle' }),
    subscribe: () => () => {},
    stats: () => ({ running: 0, queued: 0 }),
    dispose: () => {},
  }
}

function defaultReply(request: RunRequest): FakeReply {
  return {
    events: [
      { type: 'status', phase: 'running' },
      { type: 'stdout', text: `ran: ${request.code}\n` },
    ],
  }
}
