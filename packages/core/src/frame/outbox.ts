// Runner → host messages cost a cross-process hop each, about 0.1 ms of each side's main thread (Chromium 156).
// A short run sends three within a millisecond (running, its output, its result), so events wait up to
// FLUSH_AFTER_MS and travel with whatever follows them; a result, or any other message, goes at once.
// Streamed output is at most that much later, well under a frame.
import { MAX_BATCH_MESSAGES } from '../protocol/limits.js'
import type { RunnerMessage, RunnerPost } from '../protocol/messages.js'

const FLUSH_AFTER_MS = 4

/** Sends runner messages to the host in order, batching run events with what follows them. */
export class Outbox {
  private queued: RunnerMessage[] = []
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly post: (message: RunnerPost) => void) {}

  send(message: RunnerMessage): void {
    this.queued.push(message)
    if (message.type === 'event' && this.queued.length < MAX_BATCH_MESSAGES) {
      this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS)
      return
    }
    this.flush()
  }

  /** Sends everything queued now. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const [first, ...rest] = this.queued
    this.queued = []
    if (first && rest.length === 0) this.post(first)
    else if (first) this.post({ type: 'batch', messages: [first, ...rest] })
  }
}
