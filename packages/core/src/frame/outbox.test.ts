import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunnerMessage, RunnerPost } from '../protocol/messages.js'
import { Outbox } from './outbox.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const event = (text: string): RunnerMessage => ({
  type: 'event',
  runId: 'r1',
  event: { type: 'stdout', text },
})
const result: RunnerMessage = {
  type: 'result',
  runId: 'r1',
  result: { status: 'ok', durationMs: 1 },
}

function outbox() {
  const posted: RunnerPost[] = []
  return { posted, box: new Outbox((message) => posted.push(message)) }
}

describe('Outbox', () => {
  it('sends an input request at once, and the first output after the answer at once too, then batches again', () => {
    const { posted, box } = outbox()
    box.send(event('Name? '))
    box.send({ type: 'event', runId: 'r1', event: { type: 'input-request', prompt: 'Name? ' } })
    expect(posted).toHaveLength(1)
    box.send(event('Ada\n'))
    expect(posted).toHaveLength(2)
    box.send(event('Hello'))
    expect(posted).toHaveLength(2)
    vi.advanceTimersByTime(4)
    expect(posted).toHaveLength(3)
  })

  it('sends the events of a short run together with its result, in order', () => {
    const { posted, box } = outbox()
    box.send({ type: 'event', runId: 'r1', event: { type: 'status', phase: 'running' } })
    box.send(event('a'))
    expect(posted).toEqual([])
    box.send(result)
    expect(posted).toEqual([
      {
        type: 'batch',
        messages: [
          { type: 'event', runId: 'r1', event: { type: 'status', phase: 'running' } },
          event('a'),
          result,
        ],
      },
    ])
  })

  it('streams the events of a long run a few milliseconds later', () => {
    const { posted, box } = outbox()
    box.send(event('first'))
    vi.advanceTimersByTime(4)
    expect(posted).toEqual([event('first')])
    box.send(event('second'))
    box.send({ type: 'event', runId: 'r1', event: { type: 'status', phase: 'running' } })
    vi.advanceTimersByTime(4)
    expect(posted.at(-1)).toEqual({
      type: 'batch',
      messages: [
        event('second'),
        { type: 'event', runId: 'r1', event: { type: 'status', phase: 'running' } },
      ],
    })
  })

  it('sends a result at once, after what was queued', () => {
    const { posted, box } = outbox()
    box.send(result)
    expect(posted).toEqual([result])
    box.send(event('x'))
    box.send({ type: 'need-files', paths: ['a.wasm'] })
    expect(posted.at(-1)).toEqual({
      type: 'batch',
      messages: [event('x'), { type: 'need-files', paths: ['a.wasm'] }],
    })
  })

  it('merges consecutive text of one run and stream into one event', () => {
    const { posted, box } = outbox()
    for (let i = 0; i < 1_000; i++) box.send(event('x'))
    box.send({ type: 'event', runId: 'r1', event: { type: 'stderr', text: 'e' } })
    box.send({ type: 'event', runId: 'r2', event: { type: 'stdout', text: 'y' } })
    vi.advanceTimersByTime(4)
    expect(posted).toEqual([
      {
        type: 'batch',
        messages: [
          event('x'.repeat(1_000)),
          { type: 'event', runId: 'r1', event: { type: 'stderr', text: 'e' } },
          { type: 'event', runId: 'r2', event: { type: 'stdout', text: 'y' } },
        ],
      },
    ])
  })

  it('coalesces a flood of stage messages into the latest stage per flush, and never repeats one', () => {
    const { posted, box } = outbox()
    for (let i = 0; i < 200_000; i++)
      box.send({ type: 'stage', language: 'python', stage: i % 2 ? 'compile' : 'download' })
    box.send({ type: 'stage', language: 'sql', stage: 'compile' })
    vi.advanceTimersByTime(4)
    expect(posted).toEqual([
      {
        type: 'batch',
        messages: [
          { type: 'stage', language: 'python', stage: 'compile' },
          { type: 'stage', language: 'sql', stage: 'compile' },
        ],
      },
    ])
    box.send({ type: 'stage', language: 'python', stage: 'compile' })
    vi.advanceTimersByTime(4)
    expect(posted).toHaveLength(1)
    box.send({ type: 'stage', language: 'python', stage: 'ready', version: '1' })
    vi.advanceTimersByTime(4)
    expect(posted.at(-1)).toEqual({ type: 'stage', language: 'python', stage: 'ready', version: '1' })
  })

  it('never lets a batch grow past 256 messages', () => {
    const { posted, box } = outbox()
    for (let i = 0; i < 300; i++)
      box.send({ type: 'event', runId: 'r1', event: { type: i % 2 ? 'stdout' : 'stderr', text: String(i) } })
    vi.advanceTimersByTime(4)
    expect(posted).toHaveLength(2)
    const [full, rest] = posted as unknown as [{ messages: RunnerMessage[] }, { messages: RunnerMessage[] }]
    expect(full.messages).toHaveLength(256)
    expect(rest.messages).toHaveLength(44)
  })
})
