import { WASM_PAGE_BYTES, memoryCeilingPages } from '../wasm-memory.js'

// Share of the room above the initial memory that SQLite's own allocations may use. The rest covers malloc
// overhead, fragmentation and sql.js's JS-side allocations (the SQL text of a run).
const HEAP_SHARE = 0.8

/** The memory sizes the SQL engine runs with, derived from the configured limit. */
export interface MemoryBudget {
  /** The wasm memory maximum, in 64 KiB pages. */
  maxPages: number
  /** The value for `PRAGMA hard_heap_limit`, in bytes. */
  heapLimitBytes: number
}

/** Splits a memory limit into the wasm maximum and SQLite's hard heap limit. */
export function memoryBudget(limitMb: number, initialPages: number): MemoryBudget {
  const maxPages = memoryCeilingPages(limitMb, initialPages)
  return { maxPages, heapLimitBytes: Math.floor((maxPages - initialPages) * WASM_PAGE_BYTES * HEAP_SHARE) }
}
