// Caps the wasm memory that sql.js may grow to, by rewriting the maximum in the module's memory section.
// sql.js declares a 2 GiB maximum and offers no option for it; a patched maximum makes malloc fail cleanly
// at the cap, so SQLite reports SQLITE_NOMEM instead of the tab running out of memory.

const PAGE_BYTES = 65_536
const MEMORY_SECTION = 5
// Share of the memory above the initial size that SQLite's own allocations may use. The rest covers malloc
// overhead, fragmentation and sql.js's JS-side allocations (the SQL text of a run).
const HEAP_SHARE = 0.8
// Room to grow even when the configured limit is below sql.js's initial memory (about 21 MB).
const MIN_GROWTH_PAGES = 256

/** The memory sizes an engine worker runs with, derived from the configured limit. */
export interface MemoryBudget {
  /** The wasm memory maximum, in 64 KiB pages. */
  maxPages: number
  /** The value for `PRAGMA hard_heap_limit`, in bytes. */
  heapLimitBytes: number
}

/** Splits a memory limit into the wasm maximum and SQLite's hard heap limit. */
export function memoryBudget(limitMb: number, initialPages: number): MemoryBudget {
  const limitPages = Math.floor((limitMb * 1024 * 1024) / PAGE_BYTES)
  const maxPages = Math.max(initialPages + MIN_GROWTH_PAGES, limitPages)
  return { maxPages, heapLimitBytes: Math.floor((maxPages - initialPages) * PAGE_BYTES * HEAP_SHARE) }
}

/** The result of patching: the new module bytes and the memory's initial size. */
export interface PatchedModule {
  bytes: Uint8Array<ArrayBuffer>
  initialPages: number
}

function readLeb(bytes: Uint8Array, start: number): { value: number; end: number } {
  let value = 0
  let shift = 0
  let offset = start
  for (;;) {
    const byte = bytes[offset++]
    if (byte === undefined) throw new Error('wasm module ends inside a number')
    value += (byte & 0x7f) * 2 ** shift
    shift += 7
    if ((byte & 0x80) === 0) return { value, end: offset }
  }
}

/**
 * Returns a copy of a wasm module whose own memory may grow to at most `maxPages` pages. The maximum is
 * rewritten in place with the same number of bytes, so no section length changes. `maxPages` is raised to
 * the memory's initial size if it is below it. Throws when the module has no memory of its own with a maximum.
 */
export function withMemoryMaximum(
  module: Uint8Array,
  maxPages: (initialPages: number) => number,
): PatchedModule {
  let offset = 8
  while (offset < module.length) {
    const id = module[offset]
    const size = readLeb(module, offset + 1)
    if (id === MEMORY_SECTION) {
      const count = readLeb(module, size.end)
      const flags = module[count.end]
      if (count.value !== 1 || flags === undefined || (flags & 1) === 0) break
      const initial = readLeb(module, count.end + 1)
      const maximum = readLeb(module, initial.end)
      const pages = Math.max(initial.value, maxPages(initial.value))
      const width = maximum.end - initial.end
      if (pages >= 2 ** (7 * width)) throw new Error(`memory maximum ${pages} does not fit in ${width} bytes`)
      const bytes = module.slice()
      for (let i = 0; i < width; i++) {
        const group = Math.floor(pages / 2 ** (7 * i)) & 0x7f
        bytes[initial.end + i] = i < width - 1 ? group | 0x80 : group
      }
      return { bytes, initialPages: initial.value }
    }
    offset = size.end + size.value
  }
  throw new Error('the wasm module has no memory section with a maximum to patch')
}
