import { describe, expect, it } from 'vitest'
import { EventChannel } from './event-channel.js'

async function drain<T>(channel: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of channel) items.push(item)
  return items
}

describe('EventChannel', () => {
  it('gives every consumer every event from the first, including one that starts late', async () => {
    const channel = new EventChannel<number>()
    const early = drain(channel)
    channel.push(1)
    channel.push(2)
    const late = drain(channel)
    channel.push(3)
    channel.close()
    expect(await early).toEqual([1, 2, 3])
    expect(await late).toEqual([1, 2, 3])
  })

  it('ignores events pushed after it closed', async () => {
    const channel = new EventChannel<string>()
    channel.push('a')
    channel.close()
    channel.push('b')
    expect(await drain(channel)).toEqual(['a'])
  })
})
