// One SQLite connection per namespace. Each is a ':memory:' database, so its pages live in SQLite's heap
// and count against the hard heap limit; files given with a run are attached to it (see attach-files.ts).
import { SQLITE_OK, type Sqlite } from './sqlite-module.js'

/** A namespace's open connection and the schema names of the files attached to it so far. */
export interface Connection {
  db: number
  attached: Set<string>
}

/** Runs internal SQL (pragmas, ATTACH) on a connection and throws with SQLite's message if it fails. */
export function execInternal(sqlite: Sqlite, db: number, sql: string): void {
  const text = sqlite.allocText(sql)
  try {
    const rc = sqlite.api._sqlite3_exec(db, text, 0, 0, 0)
    if (rc !== SQLITE_OK) throw Object.assign(new Error(sqlite.errorMessage(db)), { code: rc })
  } finally {
    sqlite.api._free(text)
  }
}

/** The connections of one engine worker, opened on first use and closed when the runner drops a namespace. */
export class NamespaceDatabases {
  private readonly connections = new Map<string, Connection>()

  constructor(
    private readonly sqlite: Sqlite,
    private readonly heapLimitBytes: number,
  ) {}

  /** Opens a fresh ':memory:' connection with Runcell's settings. Used for namespaces and for probing. */
  openConnection(): number {
    const { api } = this.sqlite
    const name = this.sqlite.allocText(':memory:')
    const out = this.sqlite.allocBytes(new Uint8Array(4))
    try {
      const rc = api._sqlite3_open(name, out)
      const db = this.sqlite.readPointer(out)
      if (rc !== SQLITE_OK) {
        const message = db ? this.sqlite.errorMessage(db) : 'out of memory'
        if (db) api._sqlite3_close_v2(db)
        throw new Error(`could not open a SQLite database: ${message}`)
      }
      api._RegisterExtensionFunctions(db)
      // The heap limit is process-wide and SQLite only lets SQL lower it, so user SQL can never raise it.
      // Setting it again for each connection is a no-op that keeps the limit in place by construction.
      // temp_store=MEMORY keeps temp tables and sort spills in that heap rather than in the JS-side file system.
      execInternal(this.sqlite, db, `PRAGMA hard_heap_limit=${this.heapLimitBytes}; PRAGMA temp_store=MEMORY`)
      return db
    } finally {
      api._free(out)
      api._free(name)
    }
  }

  /** The connection of a namespace, opened when the namespace is first used. */
  get(namespace: string): Connection {
    let connection = this.connections.get(namespace)
    if (!connection) {
      connection = { db: this.openConnection(), attached: new Set() }
      this.connections.set(namespace, connection)
    }
    return connection
  }

  /** Closes a namespace's connection; its database and attached files are gone afterwards. */
  drop(namespace: string): void {
    const connection = this.connections.get(namespace)
    if (!connection) return
    this.connections.delete(namespace)
    this.sqlite.api._sqlite3_close_v2(connection.db)
  }
}
