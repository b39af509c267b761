import type { Database } from './client'

/** Deletes execution rows that arrived more than `days` ago; returns how many went. */
export async function deleteOldExecutions(db: Database, days: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM executions WHERE received_at < now() - make_interval(days => $1::int) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [days],
  )
  return rows[0]?.n ?? 0
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
