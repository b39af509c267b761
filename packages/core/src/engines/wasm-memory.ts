// Pyodide's wasm declares a 4 GiB memory maximum and loadPyodide has no memory option. Rewriting the maximum
// in the binary is the one limit user code cannot raise: at the cap, malloc fails and Python raises MemoryError.

/** Size of one wasm memory page, in bytes. */
export const WASM_PAGE_BYTES = 65_536

const MEMORY_SECTION = 5
const IMPORT_SECTION = 2
const HAS_MAXIMUM = 0x01
const MEMORY_64 = 0x04
const IMPORT_KIND_MEMORY = 2

/** Where a memory's limits sit in a wasm binary, as found by {@link findMemoryLimits}. */
export interface MemoryLimits {
  minimumPages: number
  maximumPages: number | undefined
  /** Byte offset and length of the maximum's LEB128 encoding, when there is a maximum. */
  maximumAt: { offset: number; length: number } | undefined
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  byte(): number {
    const value = this.bytes[this.at++]
    if (value === undefined) throw new Error('unexpected end of the wasm binary')
    return value
  }

  u32(): number {
    let result = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte()
      result += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return result
    }
    throw new Error('malformed LEB128 number in the wasm binary')
  }

  skipName(): void {
    const length = this.u32()
    this.at += length
  }

  limits(flags: number): MemoryLimits {
    if (flags & MEMORY_64) throw new Error('64-bit wasm memories are not supported')
    const minimumPages = this.u32()
    if (!(flags & HAS_MAXIMUM)) return { minimumPages, maximumPages: undefined, maximumAt: undefined }
    const offset = this.at
    const maximumPages = this.u32()
    return { minimumPages, maximumPages, maximumAt: { offset, length: this.at - offset } }
  }
}

/** Finds the limits of the module's single memory, whether it is defined or imported. */
export function findMemoryLimits(bytes: Uint8Array): MemoryLimits {
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a wasm binary')
  }
  const reader = new Reader(bytes, 8)
  while (reader.at < bytes.length) {
    const id = reader.byte()
    const size = reader.u32()
    const end = reader.at + size
    if (id === MEMORY_SECTION && reader.u32() > 0) return reader.limits(reader.byte())
    if (id === IMPORT_SECTION) {
      const count = reader.u32()
      for (let i = 0; i < count; i++) {
        reader.skipName()
        reader.skipName()
        const kind = reader.byte()
        if (kind === IMPORT_KIND_MEMORY) return reader.limits(reader.byte())
        skipImportDescription(reader, kind)
      }
    }
    reader.at = end
  }
  throw new Error('the wasm binary has no memory')
}

function skipImportDescription(reader: Reader, kind: number): void {
  if (kind === 0)
    reader.u32() // function: type index
  else if (kind === 1) {
    reader.byte() // table: element type, then limits
    const flags = reader.byte()
    reader.u32()
    if (flags & HAS_MAXIMUM) reader.u32()
  } else if (kind === 3)
    reader.at += 2 // global: value type and mutability
  else if (kind === 4) {
    reader.byte() // tag: attribute, then type index
    reader.u32()
  } else throw new Error(`unknown wasm import kind ${kind}`)
}

/** Writes `value` as LEB128 padded to exactly `length` bytes, which wasm decoders accept. */
function writePaddedLeb(bytes: Uint8Array, offset: number, length: number, value: number): void {
  if (value >= 2 ** (7 * length)) throw new Error(`${value} does not fit in ${length} LEB128 bytes`)
  let rest = value
  for (let i = 0; i < length; i++) {
    const low = rest & 0x7f
    rest = Math.floor(rest / 128)
    bytes[offset + i] = i < length - 1 ? low | 0x80 : low
  }
}

/**
 * Lowers the memory maximum of a wasm binary to `maximumPages`, in place, without changing its length.
 * Never raises the maximum and never goes below the declared minimum. Returns the maximum now in force.
 */
export function capWasmMemory(bytes: Uint8Array, maximumPages: number): number {
  const limits = findMemoryLimits(bytes)
  if (!limits.maximumAt || limits.maximumPages === undefined) {
    // Without a declared maximum there are no bytes to rewrite in place; growing would stop at 4 GiB.
    throw new Error('the wasm memory has no maximum to lower')
  }
  const wanted = Math.max(limits.minimumPages, Math.min(Math.floor(maximumPages), limits.maximumPages))
  writePaddedLeb(bytes, limits.maximumAt.offset, limits.maximumAt.length, wanted)
  return wanted
}

/**
 * The memory maximum, in pages, for an engine whose memory starts at `initialPages`. The configured limit is
 * the room user code gets on top of what the engine itself starts with (Pyodide starts at about 30 MB,
 * sql.js at about 21 MB), so the same limit means the same thing in every engine.
 */
export function memoryCeilingPages(limitMb: number, initialPages: number): number {
  return initialPages + Math.floor((limitMb * 1024 * 1024) / WASM_PAGE_BYTES)
}
