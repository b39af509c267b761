// Makes SQLite files given with a run usable from SQL.
import type { EngineRunOutcome } from '../../protocol/engine.js'
import type { Connection } from './databases.js'
import { execInternal } from './databases.js'
import { describeFailure } from './sqlite-errors.js'
import { SQLITE_DONE, type Sqlite } from './sqlite-module.js'

const DATABASE_FILE = /\.(sqlite3?|db3?)$/i
const RESERVED = new Set(['main', 'temp'])

/** The schema name a database file is attached under: its base name without extension, as an identifier. */
export function schemaName(path: string): string {
  const base = (path.split('/').pop() ?? path).replace(DATABASE_FILE, '')
  const name = base.replace(/[^A-Za-z0-9_]/g, '_') || 'file'
  const safe = /^[0-9]/.test(name) ? `_${name}` : name
  return RESERVED.has(safe.toLowerCase()) ? `file_${safe}` : safe
}

/** Whether a file given with a run is a SQLite database that gets attached. */
export function isDatabaseFile(path: string): boolean {
  return DATABASE_FILE.test(path)
}

function copyIntoAttached(sqlite: Sqlite, db: number, name: string, bytes: Uint8Array): number {
  const { api } = sqlite
  // sql.js's Database writes the bytes into its file system and opens them; the backup API then copies the
  // pages into an attached ':memory:' database, so later writes count against the heap limit like the rest.
  const source = sqlite.withFileCreation(() => new api.Database(bytes))
  const destName = sqlite.allocText(name)
  const sourceName = sqlite.allocText('main')
  try {
    const backup = api._sqlite3_backup_init(db, destName, source.db, sourceName)
    if (backup === 0) return 1
    const rc = api._sqlite3_backup_step(backup, -1)
    const finished = api._sqlite3_backup_finish(backup)
    return rc === SQLITE_DONE ? finished : rc
  } finally {
    api._free(sourceName)
    api._free(destName)
    source.close()
  }
}

/**
 * Attaches each `.sqlite`, `.sqlite3`, `.db` or `.db3` file to the namespace's database as
 * `ATTACH … AS <base name>`, so `northwind.sqlite` is queried as `northwind.orders`, or simply `orders` when
 * the main database has no table of that name. Files are attached rather than opened as the main database so
 * that a session's own tables and any number of files live side by side. A file is attached once per
 * namespace: later runs that pass it again keep the attached copy with the changes SQL made to it. Other
 * files are ignored (SQL has no file access). Returns the failure, or null when every file was attached.
 */
export function attachFiles(
  sqlite: Sqlite,
  connection: Connection,
  files: Record<string, string | Uint8Array>,
  memoryLimitMb: number,
): EngineRunOutcome | null {
  for (const [path, content] of Object.entries(files)) {
    if (!isDatabaseFile(path)) continue
    const name = schemaName(path)
    if (connection.attached.has(name)) continue
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
    execInternal(sqlite, connection.db, `ATTACH ':memory:' AS "${name}"`)
    const rc = copyIntoAttached(sqlite, connection.db, name, bytes)
    if (rc !== 0) {
      const failure = describeFailure(rc, sqlite.errorMessage(connection.db), memoryLimitMb)
      execInternal(sqlite, connection.db, `DETACH "${name}"`)
      return {
        status: failure.status,
        error: { ...failure.error, message: `${path}: ${failure.error.message}` },
      }
    }
    connection.attached.add(name)
  }
  return null
}
