import { describe, expect, it } from 'vitest'
import { RunQueue } from './run-queue.js'

const settled = async (promise: Promise<void>) => {
  let done = false
  void promise.then(() => (done = true))
  await new Promise((resolve) => setTimeout(resolve, 0))
  return done
}

describe('RunQueue', () => {
  it('grants slots up to the limit and queues the rest in order', async () => {
    const queue = new RunQueue(2)
    const tickets = [queue.enter(), queue.enter(), queue.enter(), queue.enter()]
    expect(await Promise.all(tickets.map((t) => settled(t.granted)))).toEqual([true, true, false, false])
    expect(queue.running).toBe(2)
    expect(queue.depth).toBe(2)
    tickets[0]?.release()
    expect(await settled(tickets[2]!.granted)).toBe(true)
    expect(await settled(tickets[3]!.granted)).toBe(false)
  })

  it('lets a waiter leave without ever taking a slot', async () => {
    const queue = new RunQueue(1)
    const first = queue.enter()
    const second = queue.enter()
    const third = queue.enter()
    second.release()
    expect(queue.depth).toBe(1)
    first.release()
    expect(await settled(third.granted)).toBe(true)
    expect(await settled(second.granted)).toBe(false)
    expect(queue.running).toBe(1)
  })

  it('ignores a second release of the same ticket', () => {
    const queue = new RunQueue(1)
    const ticket = queue.enter()
    ticket.release()
    ticket.release()
    expect(queue.running).toBe(0)
  })
})
