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
  result: { status: 'ok', stdout: 'a', stderr: '', outputs: [], durationMs: 1 },
}

function outbox() {
  const posted: RunnerPost[] = []
  return { posted, box: new Outbox((message) => posted.push(message)) }
}

describe('Outbox', () => {
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
    box.send(event('third'))
    vi.advanceTimersByTime(4)
    expect(posted.at(-1)).toEqual({ type: 'batch', messages: [event('second'), event('third')] })
  })

  it('sends a result or a stage at once, after what was queued', () => {
    const { posted, box } = outbox()
    box.send(result)
    expect(posted).toEqual([result])
    box.send(event('x'))
    box.send({ type: 'stage', language: 'python', stage: 'ready' })
    expect(posted.at(-1)).toEqual({
      type: 'batch',
      messages: [event('x'), { type: 'stage', language: 'python', stage: 'ready' }],
    })
  })

  it('never lets a batch grow past 256 messages', () => {
    const { posted, box } = outbox()
    for (let i = 0; i < 300; i++) box.send(event(String(i)))
    vi.advanceTimersByTime(4)
    expect(posted).toHaveLength(2)
    const [full, rest] = posted as unknown as [{ messages: RunnerMessage[] }, { messages: RunnerMessage[] }]
    expect(full.messages).toHaveLength(256)
    expect(rest.messages).toHaveLength(44)
  })
})
