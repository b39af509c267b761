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
