import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../config/load'
import { createRedisCoordination } from './redis'
import type { Coordination } from './types'

describe('the Redis coordination while Redis is unreachable', () => {
  let coordination: Coordination | undefined
  afterEach(() => coordination?.close())

  it('keeps limiting on this instance instead of letting every request through', async () => {
    // Nothing listens on port 1: every command fails at once (no offline queue).
    const config = parseConfig({ REDIS_TIMEOUT: '200', REDIS_MAX_RETRIES: '0' })
    coordination = await createRedisCoordination(config, 'redis://127.0.0.1:1')
    const hit = async () => (await coordination!.hit('feedback:203.0.113.9', 3, 60_000)).allowed
    const results = [await hit(), await hit(), await hit()]
    // A released hit (a correct admin token) is taken back off the same local count.
    await coordination.release('feedback:203.0.113.9')
    results.push(await hit(), await hit())
    expect(results).toEqual([true, true, true, true, false])
    expect((await coordination.hit('other:203.0.113.10', 3, 60_000)).allowed).toBe(true)
  })
})
