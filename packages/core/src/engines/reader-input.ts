// Worker side of interactive input: a run asks, the runner forwards the request to the host page, and the
// reader's answer comes back one of three ways, chosen per worker: through shared memory (the worker blocks in
// Atomics.wait), through a promise that JSPI lets Python wait on, or not at all (the run ends and the runner
// runs it again with the answers so far: "replay").
import { prepareRead, readAnswer } from '../protocol/shared-buffer.js'
import { emitInputRequest } from './worker-support.js'

/** How a run reads the reader's answers: see the file comment. `off` ends the input instead of asking. */
export type InputMode = 'off' | 'sab' | 'jspi' | 'replay'

/** The longest prompt sent to the host; a longer one is cut (the whole prompt is still in stdout). */
const MAX_PROMPT_CHARS = 1_000

/** The reader's side of one worker: at most one request is open at a time, since a worker runs one run. */
export class ReaderInput {
  private pending: { runId: string; resolve(answer: string | null): void } | null = null

  private canSuspend: boolean | null = null

  /**
   * `shared` is the buffer shared with the runner, where there is one. `enableSuspend` readies the engine to wait
   * on a promise (JSPI) and says whether it can; it is asked once, when a run first needs it.
   */
  constructor(
    private readonly shared: SharedArrayBuffer | null,
    private readonly enableSuspend: () => boolean = () => false,
  ) {}

  /**
   * The mode Python uses: shared memory where there is some, else JSPI where the browser has it, else replay.
   * `replay` forces the replay (RuntimeConfig.inputMechanism).
   */
  pythonMode(interactive: boolean, replay = false): InputMode {
    if (!interactive) return 'off'
    if (replay) return 'replay'
    if (this.shared) return 'sab'
    this.canSuspend ??=
      typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function' && this.enableSuspend()
    return this.canSuspend ? 'jspi' : 'replay'
  }

  /** Announces a request and resolves with the answer, or null when the input ended. */
  ask(runId: string, prompt: string): Promise<string | null> {
    this.pending?.resolve(null)
    return new Promise((resolve) => {
      this.pending = { runId, resolve }
      emitInputRequest(runId, prompt.slice(0, MAX_PROMPT_CHARS))
    })
  }

  /** Announces a request and blocks the worker until the runner answers through shared memory. */
  askBlocking(runId: string, prompt: string): string | null {
    if (!this.shared) return null
    prepareRead(this.shared)
    emitInputRequest(runId, prompt.slice(0, MAX_PROMPT_CHARS))
    return readAnswer(this.shared)
  }

  /** Hands the reader's answer to the open request of `runId`; anything else is ignored. */
  answer(runId: string, text: string | null): void {
    if (this.pending?.runId !== runId) return
    const { resolve } = this.pending
    this.pending = null
    resolve(text)
  }

  /** Ends an open request (the run is over). */
  close(): void {
    this.pending?.resolve(null)
    this.pending = null
  }
}
