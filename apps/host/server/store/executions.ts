import type { ExecutionRecord } from '@runcell/core'
import type { Queryable } from '../db/client'

/**
 * Stores a batch of execution records and returns the ids that were new. A batch the browser retries after a
 * lost response is stored once, because `execution_id` is the key.
 */
export async function insertExecutions(
  db: Queryable,
  records: readonly ExecutionRecord[],
): Promise<Set<string>> {
  if (records.length === 0) return new Set()
  const rows = records.map((r) => ({
    execution_id: r.executionId,
    ts: r.timestamp,
    language: r.language,
    outcome: r.outcome,
    success: r.success,
    duration_ms: r.duration,
    queue_ms: r.queueMs,
    memory_bytes: r.memoryUsage ?? null,
    code_size: r.codeSize,
    code_hash: r.codeHash,
    session_id: r.sessionId ?? null,
    error_name: r.errorName ?? null,
    engine_version: r.engineVersion ?? null,
  }))
  const inserted = await db.query<{ execution_id: string }>(
    `INSERT INTO executions (execution_id, ts, language, outcome, success, duration_ms, queue_ms, memory_bytes,
       code_size, code_hash, session_id, error_name, engine_version)
     SELECT r.execution_id, to_timestamp(r.ts / 1000.0), r.language, r.outcome, r.success, r.duration_ms,
       r.queue_ms, r.memory_bytes, r.code_size, r.code_hash, r.session_id, r.error_name, r.engine_version
     FROM jsonb_to_recordset($1::jsonb) AS r(execution_id text, ts double precision, language text, outcome text,
       success boolean, duration_ms double precision, queue_ms double precision, memory_bytes bigint,
       code_size integer, code_hash text, session_id text, error_name text, engine_version text)
     ON CONFLICT (execution_id) DO NOTHING
     RETURNING execution_id`,
    [JSON.stringify(rows)],
  )
  return new Set(inserted.map((row) => row.execution_id))
}

/** How many execution rows are stored; for db:verify and tests. */
export async function countExecutions(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM executions')
  return rows[0]?.n ?? 0
}

const GROUP_MAX_RECORDS = 500

/** How {@link createExecutionWriter} groups. */
export interface ExecutionWriterOptions {
  /** Inserts in flight at once: 1 for PGlite (one query at a time anyway), a few for a PostgreSQL pool. */
  concurrency?: number
  /** Called with the number of batches each insert carried. */
  onCommit?: (batches: number) => void
}

/** Stores execution batches for ingest; see {@link createExecutionWriter}. */
export interface ExecutionWriter {
  /** Stores `records` and returns the ids this call stored (not those already there or stored by another call). */
  insert(records: readonly ExecutionRecord[]): Promise<Set<string>>
}

/**
 * Group commit for telemetry ingest. While `concurrency` inserts are in flight, batches that arrive wait and then
 * go in together as one INSERT: one statement and one commit instead of one per batch (a 500-row insert into
 * PGlite costs about 55% of ten 50-row ones, and PGlite runs one query at a time on the event loop anyway). Each
 * caller still gets its own ids; an id sent by two callers of one group belongs to the first. When a group
 * fails, its batches are retried one by one, so each caller gets its own result or its own error.
 */
export function createExecutionWriter(
  db: Queryable,
  { concurrency = 1, onCommit }: ExecutionWriterOptions = {},
): ExecutionWriter {
  type Waiting = {
    records: readonly ExecutionRecord[]
    resolve: (ids: Set<string>) => void
    reject: (error: unknown) => void
  }
  const queue: Waiting[] = []
  let inFlight = 0

  const alone = (waiting: Waiting) =>
    insertExecutions(db, waiting.records).then(waiting.resolve, waiting.reject)

  async function commit(group: Waiting[]): Promise<void> {
    onCommit?.(group.length)
    if (group.length === 1) return alone(group[0] as Waiting)
    let stored: Set<string>
    try {
      stored = await insertExecutions(
        db,
        group.flatMap((waiting) => waiting.records),
      )
    } catch {
      for (const waiting of group) await alone(waiting)
      return
    }
    for (const waiting of group) {
      const mine = new Set<string>()
      for (const record of waiting.records)
        if (stored.delete(record.executionId)) mine.add(record.executionId)
      waiting.resolve(mine)
    }
  }

  // PGlite blocks the event loop for a whole statement (about 2 ms + 56 µs a row here): cap a group so that
  // other requests are not held long. Most of the saving is the per-statement part, already gone at 500 rows.
  function take(): Waiting[] {
    let rows = 0
    let count = 0
    while (count < queue.length && (count === 0 || rows < GROUP_MAX_RECORDS)) {
      rows += (queue[count] as Waiting).records.length
      count++
    }
    return queue.splice(0, count)
  }

  // A group starts on the next turn of the event loop, so that batches whose requests are being read in this
  // turn join it instead of queueing behind it. Started at once, every group held one batch: PGlite's statement
  // runs synchronously, so nothing can queue while it runs (measured: ~6 batches a group with the deferral,
  // 1 without, and ~40 % more batches a second with it).
  let scheduled = false
  function schedule(): void {
    if (scheduled || inFlight >= concurrency || queue.length === 0) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      pump()
    })
  }

  function pump(): void {
    while (inFlight < concurrency && queue.length > 0) {
      const group = take()
      inFlight++
      void commit(group).finally(() => {
        inFlight--
        schedule()
      })
    }
  }

  return {
    insert(records) {
      if (records.length === 0) return Promise.resolve(new Set())
      return new Promise((resolve, reject) => {
        queue.push({ records, resolve, reject })
        schedule()
      })
    },
  }
}
