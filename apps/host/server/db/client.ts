import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { HostConfig } from '../config/schema'

/** Something that runs parameterised SQL: the database itself, or a transaction on it. */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
}

/**
 * The host's database: embedded PGlite in the data directory when no `DATABASE_URL` is set, otherwise a
 * PostgreSQL pool. Both speak the same SQL, so one schema and one set of migrations serve both.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}

/** Opens the database that the configuration names. PGlite creates its directory on first use. */
export async function openDatabase(config: HostConfig): Promise<Database> {
  return config.DATABASE_URL ? openPostgres(config, config.DATABASE_URL) : openPglite(config)
}

async function openPglite(config: HostConfig): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const dir = resolve(process.cwd(), config.RUNCELL_DATA_DIR, 'pglite')
  mkdirSync(dir, { recursive: true })
  const db = await PGlite.create(dir)
  const query = async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows
  return {
    kind: 'pglite',
    query,
    async transaction(fn) {
      return db.transaction((tx) =>
        fn({ query: async (text, params) => (await tx.query(text, params)).rows as never }),
      )
    },
    async exec(sql) {
      await db.exec(sql)
    },
    close: () => db.close(),
  }
}

async function openPostgres(config: HostConfig, connectionString: string): Promise<Database> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({
    connectionString,
    max: config.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: config.DATABASE_TIMEOUT,
    idleTimeoutMillis: 30_000,
    // Both: statement_timeout stops the server working on a stuck query, query_timeout frees the client.
    statement_timeout: config.DATABASE_TIMEOUT,
    query_timeout: config.DATABASE_TIMEOUT + 1_000,
    application_name: 'runcell-host',
  })
  // An idle client losing its connection (PostgreSQL restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  return {
    kind: 'postgres',
    async query(text, params) {
      return (await pool.query(text, params)).rows
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({ query: async (text, params) => (await client.query(text, params)).rows })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    async exec(sql) {
      await pool.query(sql)
    },
    close: () => pool.end(),
  }
}
