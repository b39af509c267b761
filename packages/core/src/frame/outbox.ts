// Runner → host messages cost a cross-process hop each, about 0.1 ms of each side's main thread (Chromium 156).
// A short run sends three within a millisecond (running, its output, its result), so events wait up to
// FLUSH_AFTER_MS and travel with whatever follows them; a result, or any other message, goes at once.
// Streamed output is at most that much later, well under a frame. Input is the exception: an input request goes
// at once, and so does the first output after it, which answers the reader who is waiting for it.
//
// What a worker can repeat is coalesced while it waits: consecutive text of one run and stream becomes one
// event, and an engine's loading stage keeps only its latest value, sent only when it changed. A worker that
// posts 200k stage messages or a million one-character writes so costs the host one message per flush.
import { MAX_TEXT_CHARS } from '../protocol/checks.js'
import { MAX_BATCH_MESSAGES } from '../protocol/limits.js'
import type { RunnerMessage, RunnerPost } from '../protocol/messages.js'
import type { Language } from '../protocol/types.js'
import { LazyTimer } from './lazy-timer.js'

const FLUSH_AFTER_MS = 4

type StageMessage = Extract<RunnerMessage, { type: 'stage' }>

/** Sends runner messages to the host in order, batching run events with what follows them. */
export class Outbox {
  private queued: RunnerMessage[] = []
  private readonly timer = new LazyTimer()
  /** The stage (and version) each language's last sent stage message carried. */
  private readonly sentStage = new Map<Language, string>()
  /** Runs that asked the reader: their next output follows the answer, and goes at once. */
  private readonly answering = new Set<string>()

  constructor(private readonly post: (message: RunnerPost) => void) {}

  send(message: RunnerMessage): void {
    if (message.type === 'stage') return this.sendStage(message)
    if (
      message.type === 'event' &&
      (message.event.type === 'input-request' || this.answering.has(message.runId))
    ) {
      if (message.event.type === 'input-request') this.answering.add(message.runId)
      else this.answering.delete(message.runId)
      this.queued.push(message)
      return this.flush()
    }
    if (message.type === 'event' && this.merge(message)) return
    this.queued.push(message)
    if (message.type === 'event' && this.queued.length < MAX_BATCH_MESSAGES) return this.later()
    this.flush()
  }

  /** Sends everything queued now. */
  flush(): void {
    this.timer.disarm()
    const queued = this.queued.filter((message) => message.type !== 'stage' || this.isNewStage(message))
    this.queued = []
    for (const message of queued)
      if (message.type === 'stage') this.sentStage.set(message.language, stageKey(message))
    const [first, ...rest] = queued
    if (first && rest.length === 0) this.post(first)
    else if (first) this.post({ type: 'batch', messages: [first, ...rest] })
  }

  private later(): void {
    if (!this.timer.armed) this.timer.arm(FLUSH_AFTER_MS, () => this.flush())
  }

  /** Replaces the language's queued stage message, if there is one, so only the latest goes. */
  private sendStage(message: StageMessage): void {
    const index = this.queued.findIndex((m) => m.type === 'stage' && m.language === message.language)
    if (index >= 0) this.queued[index] = message
    else this.queued.push(message)
    this.later()
  }

  private isNewStage(message: StageMessage): boolean {
    return this.sentStage.get(message.language) !== stageKey(message)
  }

  /** Appends text to the queued event just before, when it is the same run's same stream. */
  private merge(message: Extract<RunnerMessage, { type: 'event' }>): boolean {
    const last = this.queued.at(-1)
    const { event } = message
    if (last?.type !== 'event' || last.runId !== message.runId) return false
    if (event.type !== 'stdout' && event.type !== 'stderr') return false
    if (last.event.type !== event.type || last.event.text.length + event.text.length > MAX_TEXT_CHARS)
      return false
    this.queued[this.queued.length - 1] = {
      ...last,
      event: { type: event.type, text: last.event.text + event.text },
    }
    return true
  }
}

function stageKey(message: StageMessage): string {
  return `${message.stage} ${message.version ?? ''}`
}
