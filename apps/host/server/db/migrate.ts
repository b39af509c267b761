import { createHash } from 'node:crypto'
import type { Database } from './client'
import { MIGRATIONS, type Migration } from './migrations'

// Any fixed number works; every instance must use the same one so that only one migrates at a time.
const MIGRATION_LOCK = 724_173_009

const checksum = (migration: Migration) => createHash('sha256').update(migration.sql).digest('hex')

/** What {@link migrate} did. */
export interface MigrationReport {
  applied: string[]
  alreadyApplied: number
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so instances starting together migrate
 * once and a failed migration leaves nothing half-applied.
 */
export async function migrate(db: Database): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    )
    const rows = await tx.query<{ id: string }>('SELECT id FROM schema_migrations')
    const done = new Set(rows.map((row) => row.id))
    const applied: string[] = []
    for (const migration of MIGRATIONS) {
      if (done.has(migration.id)) continue
      // Statements run one by one: the extended protocol that parameterised queries use takes one at a time.
      for (const statement of splitStatements(migration.sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [
        migration.id,
        checksum(migration),
      ])
      applied.push(migration.id)
    }
    return { applied, alreadyApplied: done.size }
  })
}

/** What {@link verifyMigrations} found; `ok` is true only when nothing is missing, changed or unknown. */
export interface VerifyReport {
  ok: boolean
  missing: string[]
  changed: string[]
  unknown: string[]
}

/** Compares the applied migrations with the code: missing ones, edited ones (checksum) and unknown ones. */
export async function verifyMigrations(db: Database): Promise<VerifyReport> {
  const exists = await db.query<{ name: string | null }>(
    `SELECT to_regclass('schema_migrations')::text AS name`,
  )
  const rows = exists[0]?.name
    ? await db.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migrations')
    : []
  const applied = new Map(rows.map((row) => [row.id, row.checksum]))
  const known = new Set(MIGRATIONS.map((m) => m.id))
  const missing = MIGRATIONS.filter((m) => !applied.has(m.id)).map((m) => m.id)
  const changed = MIGRATIONS.filter((m) => applied.has(m.id) && applied.get(m.id) !== checksum(m)).map(
    (m) => m.id,
  )
  const unknown = [...applied.keys()].filter((id) => !known.has(id))
  return { ok: missing.length + changed.length + unknown.length === 0, missing, changed, unknown }
}

/** Splits a migration script at semicolons that end a line; the migrations keep to that convention. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((part) =>
      part
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter(Boolean)
}
