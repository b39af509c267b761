// The SQLite C API as sql.js exports it from its wasm, plus reads and writes of the wasm memory. Runcell
// drives SQLite through these calls instead of sql.js's Database class, so that a namespace's database can
// be ':memory:' (its pages then count against the hard heap limit; sql.js's own databases are files in
// Emscripten's JS-side file system, which no SQLite limit bounds) and so that a blob or huge text result is
// measured where it lies instead of being copied out whole.
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js'

/** The raw SQLite functions Runcell calls. Pointers are numbers into the wasm memory. */
export interface SqliteExports {
  _malloc(bytes: number): number
  _free(pointer: number): void
  _sqlite3_open(filename: number, dbOut: number): number
  _sqlite3_close_v2(db: number): number
  _sqlite3_exec(db: number, sql: number, callback: number, arg: number, errorOut: number): number
  _sqlite3_errmsg(db: number): number
  _sqlite3_prepare_v2(db: number, sql: number, bytes: number, stmtOut: number, tailOut: number): number
  _sqlite3_step(stmt: number): number
  _sqlite3_finalize(stmt: number): number
  _sqlite3_column_count(stmt: number): number
  _sqlite3_column_name(stmt: number, column: number): number
  _sqlite3_column_type(stmt: number, column: number): number
  _sqlite3_column_double(stmt: number, column: number): number
  _sqlite3_column_text(stmt: number, column: number): number
  _sqlite3_column_bytes(stmt: number, column: number): number
  _sqlite3_backup_init(dest: number, destName: number, source: number, sourceName: number): number
  _sqlite3_backup_step(backup: number, pages: number): number
  _sqlite3_backup_finish(backup: number): number
  _RegisterExtensionFunctions(db: number): number
  /** sql.js's own class; used only to place a file's bytes in the file system and open them. */
  Database: new (data: Uint8Array) => { db: number; close(): void }
}

/** SQLite result codes Runcell looks at. */
export const SQLITE_OK = 0
export const SQLITE_ROW = 100
export const SQLITE_DONE = 101

const O_CREAT = 64
const EACCES = 2
// Text that occurs only in the minified openat syscall of sql.js 1.16.0 (its O_CREAT umask step). The
// version is pinned; if a new build lacks it, loading fails loudly instead of running unguarded.
const OPENAT_MARK = '&64&&'

/** Whether the engine itself is placing a file (a run's database file) in the file system right now. */
interface FileGate {
  open: boolean
}

/**
 * Wraps Emscripten's openat so that SQL cannot create files. Files live in JS memory, outside the wasm
 * memory cap and the heap limit, so `ATTACH '/x.db'`, `PRAGMA temp_store=FILE` or `VACUUM INTO` could
 * otherwise fill the tab's memory without bound. SQLite reports the refusal as "unable to open database file".
 */
function guardFileCreation(imports: WebAssembly.Imports, gate: FileGate): WebAssembly.Imports {
  const guarded: WebAssembly.Imports = {}
  let found = 0
  for (const [name, module] of Object.entries(imports)) {
    const copy: WebAssembly.ModuleImports = { ...module }
    for (const [field, value] of Object.entries(module)) {
      if (typeof value !== 'function' || !String(value).includes(OPENAT_MARK)) continue
      const openat = value as (dirfd: number, path: number, flags: number, varargs: number) => number
      copy[field] = (dirfd: number, path: number, flags: number, varargs: number) =>
        (flags & O_CREAT) !== 0 && !gate.open ? -EACCES : openat(dirfd, path, flags, varargs)
      found++
    }
    guarded[name] = copy
  }
  if (found !== 1) throw new Error('this sql.js build is not the one Runcell knows (openat not found)')
  return guarded
}

/** A loaded SQLite: its exported functions and its memory. */
export class Sqlite {
  private view = new Uint8Array(0)
  private words = new Int32Array(0)
  private readonly decoder = new TextDecoder()
  private readonly encoder = new TextEncoder()

  constructor(
    readonly api: SqliteExports,
    private readonly memory: WebAssembly.Memory,
    private readonly gate: FileGate,
  ) {}

  /** Runs `place` while files may be created: for sql.js's Database, which writes a run's file before opening it. */
  withFileCreation<T>(place: () => T): T {
    this.gate.open = true
    try {
      return place()
    } finally {
      this.gate.open = false
    }
  }

  /**
   * The memory as bytes. Growing the memory detaches the old buffer, which empties every view of it, so an
   * empty view means "make a new one": cheaper than reading `memory.buffer`, a getter implemented in C++.
   */
  heap(): Uint8Array {
    if (this.view.length === 0) this.view = new Uint8Array(this.memory.buffer)
    return this.view
  }

  /**
   * Reads a 32-bit pointer or int, such as an out-parameter SQLite wrote. Called twice per statement, so it
   * reuses one view: a new DataView per call cost ~3 ms per 25k INSERTs.
   */
  readPointer(address: number): number {
    if (address % 4 !== 0) return new DataView(this.memory.buffer).getInt32(address, true)
    if (this.words.length === 0) this.words = new Int32Array(this.memory.buffer)
    const value = this.words[address / 4]
    if (value === undefined) throw new RangeError(`pointer ${address} is outside the wasm memory`)
    return value
  }

  /** Reads `length` bytes of UTF-8 at `address`, or up to the first NUL when no length is given. */
  readText(address: number, length?: number): string {
    if (address === 0) return ''
    const heap = this.heap()
    let end = address + (length ?? 0)
    if (length === undefined) while (end < heap.length && heap[end] !== 0) end++
    return this.decoder.decode(heap.subarray(address, end))
  }

  /** Copies bytes into newly allocated memory, NUL-terminated. The caller frees it. Throws when memory is out. */
  allocBytes(bytes: Uint8Array): number {
    const pointer = this.api._malloc(bytes.length + 1)
    if (pointer === 0) throw new RangeError('out of memory')
    const heap = this.heap()
    heap.set(bytes, pointer)
    heap[pointer + bytes.length] = 0
    return pointer
  }

  /**
   * Writes text into newly allocated memory as NUL-terminated UTF-8 and returns the pointer and the byte length;
   * the caller frees the pointer. ASCII text (most SQL) is encoded straight into wasm memory of its exact size;
   * other text is encoded first, then copied. Throws when memory is out.
   */
  allocUtf8(text: string): { pointer: number; length: number } {
    const pointer = this.api._malloc(text.length + 1)
    if (pointer === 0) throw new RangeError('out of memory')
    const heap = this.heap()
    const { read, written } = this.encoder.encodeInto(text, heap.subarray(pointer, pointer + text.length))
    if (read === text.length) {
      heap[pointer + written] = 0
      return { pointer, length: written }
    }
    this.api._free(pointer)
    const bytes = this.encoder.encode(text)
    return { pointer: this.allocBytes(bytes), length: bytes.length }
  }

  /** Copies text into newly allocated memory as NUL-terminated UTF-8. The caller frees it. */
  allocText(text: string): number {
    return this.allocUtf8(text).pointer
  }

  /** The message of the latest error on a connection. */
  errorMessage(db: number): string {
    return this.readText(this.api._sqlite3_errmsg(db))
  }
}

/**
 * Starts sql.js on an already compiled (and memory-capped) module. sql.js caches its first instance per
 * worker, so call this once.
 */
export async function loadSqlite(module: WebAssembly.Module): Promise<Sqlite> {
  let memory: WebAssembly.Memory | undefined
  const gate: FileGate = { open: false }
  let failed: (error: unknown) => void = () => {}
  const failure = new Promise<never>((_, reject) => (failed = reject))
  const started = initSqlJs({
    instantiateWasm(imports, receive) {
      let guarded: WebAssembly.Imports
      try {
        guarded = guardFileCreation(imports, gate)
      } catch (error) {
        failed(error)
        return {}
      }
      WebAssembly.instantiate(module, guarded).then((instance) => {
        memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory)
        receive(instance)
      }, failed)
      return {}
    },
    // Emscripten's own console output is noise for a reader; errors surface through result codes.
    print: () => {},
    printErr: () => {},
  })
  const api = (await Promise.race([started, failure])) as SqliteExports
  if (!memory) throw new Error('the sql.js module exports no memory')
  return new Sqlite(api, memory, gate)
}
