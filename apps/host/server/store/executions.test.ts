import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ExecutionRecord } from '@runcell/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HostConfig } from '../config/schema'
import { openDatabase, type Database, type Queryable } from '../db/client'
import { migrate } from '../db/migrate'
import { countExecutions, createExecutionWriter } from './executions'

const record = (executionId: string): ExecutionRecord => ({
  timestamp: Date.now(),
  executionId,
  language: 'python',
  duration: 12,
  success: true,
  codeSize: 40,
  codeHash: 'h1',
  outcome: 'ok',
  queueMs: 0,
})
const batch = (...ids: string[]) => ids.map(record)

describe('group-committed execution batches', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runcell-writer-'))
  let db: Database

  beforeAll(async () => {
    // Only the two settings openDatabase reads: embedded PGlite in a throwaway folder.
    db = await openDatabase({ RUNCELL_DATA_DIR: dir } as HostConfig)
    await migrate(db)
    // Starting PGlite (a wasm Postgres) took over the default 10 s while other unit files ran on 2 cores.
  }, 60_000)
  afterAll(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores concurrent batches in one insert, gives each caller its own new ids, and stores a repeated id once', async () => {
    await createExecutionWriter(db).insert(batch('old-1'))
    const groups: number[] = []
    const writer = createExecutionWriter(db, { onCommit: (batches) => groups.push(batches) })
    const [a, b, c] = await Promise.all([
      writer.insert(batch('a-1', 'a-2', 'shared')),
      writer.insert(batch('b-1', 'shared')),
      writer.insert(batch('old-1', 'c-1')),
    ])
    expect(groups).toEqual([3])
    expect([...(a ?? [])].sort()).toEqual(['a-1', 'a-2', 'shared'])
    expect([...(b ?? [])]).toEqual(['b-1'])
    expect([...(c ?? [])]).toEqual(['c-1'])
    expect(await countExecutions(db)).toBe(6)
    // A retried batch (the browser lost the response) stores nothing again.
    expect((await writer.insert(batch('a-1', 'b-1'))).size).toBe(0)
    expect(await countExecutions(db)).toBe(6)
  })

  it('retries a failed group batch by batch, so each caller gets its own result or its own error', async () => {
    // A database that refuses any statement carrying the poisoned id, as it would a value it cannot store.
    const picky: Queryable = {
      async query(text, params) {
        if (JSON.stringify(params ?? []).includes('poison')) throw new Error('invalid input value')
        return db.query(text, params)
      },
    }
    const writer = createExecutionWriter(picky)
    const [good, bad, other] = await Promise.allSettled([
      writer.insert(batch('g-1')),
      writer.insert(batch('poison')),
      writer.insert(batch('g-2')),
    ])
    expect(good).toEqual({ status: 'fulfilled', value: new Set(['g-1']) })
    expect(bad.status).toBe('rejected')
    expect(other).toEqual({ status: 'fulfilled', value: new Set(['g-2']) })
  })
})
