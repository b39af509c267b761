import type { Database } from './client'

/** Rows kept only for a while: visitors' executions and learners' checks, each with its arrival time. */
const AGED_TABLES = ['executions', 'exercise_checks'] as const

/** Deletes execution and exercise-check rows that arrived more than `days` ago; returns how many went. */
export async function deleteOldRows(db: Database, days: number): Promise<number> {
  let deleted = 0
  for (const table of AGED_TABLES) {
    const rows = await db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM ${table} WHERE received_at < now() - make_interval(days => $1::int) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [days],
    )
    deleted += rows[0]?.n ?? 0
  }
  return deleted
}

const TABLES = [
  'executions',
  'feedback',
  'flags',
  'flag_versions',
  'audit_log',
  'system_state',
  'exercise_checks',
] as const

/** Reclaims space and refreshes planner statistics on every table (VACUUM cannot run inside a transaction). */
export async function optimizeTables(db: Database): Promise<string[]> {
  for (const table of TABLES) await db.exec(`VACUUM (ANALYZE) ${table}`)
  return [...TABLES]
}
