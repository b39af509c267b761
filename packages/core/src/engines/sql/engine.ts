// The SQL engine behind the EngineApi contract: sql.js on a memory-capped wasm module, one database per namespace.
import type {
  EngineApi,
  EngineInitOptions,
  EngineRunOutcome,
  EngineRunRequest,
} from '../../protocol/engine.js'
import { emitOutput, fetchEngineFile, reportStage } from '../worker-support.js'
import { attachFiles } from './attach-files.js'
import { runSqlCheck } from './check.js'
import { NamespaceDatabases } from './databases.js'
import { loadSqlite, SQLITE_ROW, type Sqlite } from './sqlite-module.js'
import { runStatements } from './statements.js'
import { capWasmMemory, findMemoryLimits } from '../wasm-memory.js'
import { memoryBudget } from './memory-budget.js'

// Must match the sql.js version the assets ship (packages/core/bin/asset-files.mjs pins it via package.json).
const SQLJS_VERSION = '1.16.0'
const WASM_PATH = 'sql/sql-wasm-browser.wasm'

interface Loaded {
  sqlite: Sqlite
  databases: NamespaceDatabases
  options: EngineInitOptions
  version: string
}

function sqliteVersion(sqlite: Sqlite, databases: NamespaceDatabases): string {
  const { api } = sqlite
  const db = databases.openConnection()
  const sql = sqlite.allocText('SELECT sqlite_version()')
  const out = sqlite.allocBytes(new Uint8Array(4))
  try {
    api._sqlite3_prepare_v2(db, sql, -1, out, 0)
    const stmt = sqlite.readPointer(out)
    const version =
      api._sqlite3_step(stmt) === SQLITE_ROW ? sqlite.readText(api._sqlite3_column_text(stmt, 0)) : '?'
    api._sqlite3_finalize(stmt)
    return version
  } finally {
    api._free(out)
    api._free(sql)
    api._sqlite3_close_v2(db)
  }
}

async function load(options: EngineInitOptions): Promise<Loaded> {
  reportStage('download')
  const response = await fetchEngineFile(options.assetsBaseUrl, WASM_PATH)
  const bytes = new Uint8Array(await response.arrayBuffer())
  reportStage('compile')
  const { maxPages, heapLimitBytes } = memoryBudget(
    options.memoryLimitMb,
    findMemoryLimits(bytes).minimumPages,
  )
  capWasmMemory(bytes, maxPages)
  const sqlite = await loadSqlite(await WebAssembly.compile(bytes))
  const databases = new NamespaceDatabases(sqlite, heapLimitBytes)
  const version = `sql.js ${SQLJS_VERSION} (SQLite ${sqliteVersion(sqlite, databases)})`
  reportStage('ready')
  return { sqlite, databases, options, version }
}

function execute(engine: Loaded, request: EngineRunRequest): EngineRunOutcome {
  const { sqlite, databases, options } = engine
  const connection = databases.get(request.namespace)
  if (request.files) {
    const failure = attachFiles(sqlite, connection, request.files, options.memoryLimitMb)
    if (failure) return failure
  }
  return runStatements(sqlite, connection.db, request.code, {
    maxRows: options.maxRows,
    outputChars: options.outputLimitChars,
    memoryLimitMb: options.memoryLimitMb,
    emit: (table) => emitOutput(request.runId, table),
  })
}

/**
 * Creates the SQL engine. `stdin` is ignored: SQL has nothing that reads it. A wasm trap or any other
 * unexpected exception is thrown out of `run`, which the runner treats as a crash and answers by replacing
 * the worker; a JS-side allocation failure is reported as the memory `limit`.
 */
export function createSqlEngine(): EngineApi {
  let loading: Promise<Loaded> | null = null
  return {
    async init(options) {
      loading ??= load(options)
      return { version: (await loading).version }
    },
    async run(request) {
      if (!loading) throw new Error('the SQL engine was not initialised')
      const engine = await loading
      try {
        return execute(engine, request)
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
        const message = `out of memory: the run needs more than the ${engine.options.memoryLimitMb} MB memory limit.`
        return { status: 'limit', error: { name: 'SQLITE_NOMEM', message } }
      }
    },
    async check(request) {
      if (!loading) throw new Error('the SQL engine was not initialised')
      const engine = await loading
      const { db } = engine.databases.get(request.namespace)
      try {
        return runSqlCheck(engine.sqlite, db, request.code, engine.options.memoryLimitMb)
      } catch (error) {
        return { status: 'error', message: `the check could not run: ${String(error)}` }
      }
    },
    // SQL never reads input.
    async answerInput() {},
    async dropNamespace(namespace) {
      if (loading) (await loading).databases.drop(namespace)
    },
  }
}
