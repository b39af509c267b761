import type { FlagDefinition } from '@runcell/core/flags'
import type { Database, Queryable } from '../db/client'

/** A stored flag: its definition (with `version` set to the stored version) and who changed it last. */
export interface StoredFlag {
  definition: FlagDefinition
  version: number
  updatedAt: string
  updatedBy: string
}

/** One entry of a flag's history. `definition` is null for a delete. */
export interface FlagVersion {
  version: number
  action: 'create' | 'update' | 'delete' | 'rollback'
  actor: string
  createdAt: string
  definition: FlagDefinition | null
}

/** Why a flag change was refused, for a 404 or 409. */
export class FlagStoreError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'EXISTS' | 'NO_SUCH_VERSION',
    message: string,
  ) {
    super(message)
  }
}

type FlagRow = { definition: FlagDefinition; version: number; updated_at: Date; updated_by: string }

const toStored = (row: FlagRow): StoredFlag => ({
  definition: row.definition,
  version: row.version,
  updatedAt: new Date(row.updated_at).toISOString(),
  updatedBy: row.updated_by,
})

/** Every stored flag, by key. */
export async function listFlags(db: Queryable): Promise<StoredFlag[]> {
  const rows = await db.query<FlagRow>(
    'SELECT definition, version, updated_at, updated_by FROM flags ORDER BY key',
  )
  return rows.map(toStored)
}

/** One flag, or null. */
export async function getFlag(db: Queryable, key: string): Promise<StoredFlag | null> {
  const rows = await db.query<FlagRow>(
    'SELECT definition, version, updated_at, updated_by FROM flags WHERE key = $1',
    [key],
  )
  return rows[0] ? toStored(rows[0]) : null
}

/**
 * Writes a new version of a flag. `mode` says what must be true first: `create` needs no current flag, `update`
 * needs one. Returns the stored flag with its new version number.
 */
export async function saveFlag(
  db: Database,
  definition: FlagDefinition,
  actor: string,
  mode: 'create' | 'update' | 'rollback',
): Promise<StoredFlag> {
  return db.transaction(async (tx) => {
    // Serialises writers of one key on both PGlite and PostgreSQL without a row to lock for a new key.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flag:${definition.key}`])
    const current = await getFlag(tx, definition.key)
    if (mode === 'create' && current)
      throw new FlagStoreError('EXISTS', `Flag "${definition.key}" already exists.`)
    if (mode === 'update' && !current)
      throw new FlagStoreError('NOT_FOUND', `Flag "${definition.key}" not found.`)
    const version = (await latestVersion(tx, definition.key)) + 1
    const stored = { ...definition, version }
    await tx.query(
      `INSERT INTO flags (key, definition, version, updated_at, updated_by) VALUES ($1, $2::jsonb, $3, now(), $4)
       ON CONFLICT (key) DO UPDATE SET definition = EXCLUDED.definition, version = EXCLUDED.version,
         updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [definition.key, JSON.stringify(stored), version, actor],
    )
    await tx.query(
      'INSERT INTO flag_versions (key, version, definition, action, actor) VALUES ($1, $2, $3::jsonb, $4, $5)',
      [definition.key, version, JSON.stringify(stored), mode, actor],
    )
    const saved = await getFlag(tx, definition.key)
    if (!saved) throw new Error('The saved flag disappeared inside its own transaction.')
    return saved
  })
}

/** Deletes a flag, keeping its history so that a rollback can bring it back. */
export async function deleteFlag(db: Database, key: string, actor: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flag:${key}`])
    const gone = await tx.query('DELETE FROM flags WHERE key = $1 RETURNING key', [key])
    if (gone.length === 0) throw new FlagStoreError('NOT_FOUND', `Flag "${key}" not found.`)
    const version = (await latestVersion(tx, key)) + 1
    await tx.query(
      `INSERT INTO flag_versions (key, version, definition, action, actor) VALUES ($1, $2, NULL, 'delete', $3)`,
      [key, version, actor],
    )
    return version
  })
}

/** A flag's history, newest first. */
export async function listFlagVersions(db: Queryable, key: string): Promise<FlagVersion[]> {
  const rows = await db.query<{
    version: number
    action: FlagVersion['action']
    actor: string
    created_at: Date
    definition: FlagDefinition | null
  }>(
    `SELECT version, action, actor, created_at, definition FROM flag_versions WHERE key = $1
     ORDER BY version DESC LIMIT 500`,
    [key],
  )
  return rows.map((row) => ({
    version: row.version,
    action: row.action,
    actor: row.actor,
    createdAt: new Date(row.created_at).toISOString(),
    definition: row.definition,
  }))
}

/** Restores the definition of an earlier version as a new version. */
export async function rollbackFlag(
  db: Database,
  key: string,
  version: number,
  actor: string,
): Promise<StoredFlag> {
  const rows = await db.query<{ definition: FlagDefinition | null }>(
    'SELECT definition FROM flag_versions WHERE key = $1 AND version = $2',
    [key, version],
  )
  const definition = rows[0]?.definition
  if (!definition) {
    throw new FlagStoreError('NO_SUCH_VERSION', `Flag "${key}" has no version ${version} with a definition.`)
  }
  return saveFlag(db, definition, actor, 'rollback')
}

async function latestVersion(tx: Queryable, key: string): Promise<number> {
  const rows = await tx.query<{ v: number | null }>(
    'SELECT max(version) AS v FROM flag_versions WHERE key = $1',
    [key],
  )
  return rows[0]?.v ?? 0
}
