import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { memoryBudget, withMemoryMaximum } from './wasm-memory.js'

const require = createRequire(import.meta.url)
const sqlWasm = () => new Uint8Array(readFileSync(require.resolve('sql.js/dist/sql-wasm-browser.wasm')))

// (module (memory 2 100)) with the maximum padded to three bytes, as Emscripten writes it.
const tiny = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 6, 1, 1, 2, 0xe4, 0x80, 0x00])

describe('withMemoryMaximum', () => {
  it('rewrites the maximum and keeps the module valid', () => {
    const { bytes, initialPages } = withMemoryMaximum(tiny, () => 1600)
    expect(initialPages).toBe(2)
    expect(WebAssembly.validate(bytes)).toBe(true)
    expect(Array.from(bytes.slice(13))).toEqual([0xc0, 0x8c, 0x00])
  })

  it('never sets the maximum below the initial size', () => {
    const { bytes } = withMemoryMaximum(tiny, () => 1)
    expect(Array.from(bytes.slice(13))).toEqual([0x82, 0x80, 0x00])
  })

  it('patches the real sql.js module into one that still compiles', async () => {
    const { bytes, initialPages } = withMemoryMaximum(sqlWasm(), (initial) => initial + 10)
    const module = await WebAssembly.compile(bytes)
    expect(WebAssembly.Module.exports(module).some((entry) => entry.kind === 'memory')).toBe(true)
    expect(initialPages).toBeGreaterThan(100)
    expect(withMemoryMaximum(bytes, () => 0).initialPages).toBe(initialPages)
  })

  it('refuses a module without its own memory', () => {
    expect(() => withMemoryMaximum(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), () => 10)).toThrow(
      /no memory/,
    )
  })
})

describe('memoryBudget', () => {
  it('gives SQLite most of the memory above the initial size', () => {
    const budget = memoryBudget(100, 338)
    expect(budget.maxPages).toBe(1600)
    expect(budget.heapLimitBytes).toBe(Math.floor((1600 - 338) * 65536 * 0.8))
  })

  it('still leaves room to grow when the limit is below the initial memory', () => {
    expect(memoryBudget(10, 338).maxPages).toBe(338 + 256)
  })
})
