import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { capWasmMemory, findMemoryLimits } from './wasm-memory.js'

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]

function section(id: number, body: number[]): number[] {
  return [id, body.length, ...body]
}

/** (module (memory (export "m") 1 65536)), with the maximum in three LEB128 bytes as Emscripten writes it. */
function moduleWithMemory(): Uint8Array {
  const memory = section(5, [0x01, 0x01, 0x01, 0x80, 0x80, 0x04])
  const exports = section(7, [0x01, 0x01, 0x6d, 0x02, 0x00])
  return new Uint8Array([...HEADER, ...memory, ...exports])
}

/** (module (import "f" "g" (func)) (import "e" "m" (memory 2 300))) */
function moduleImportingMemory(): Uint8Array {
  const types = section(1, [0x01, 0x60, 0x00, 0x00])
  const funcImport = [0x01, 0x66, 0x01, 0x67, 0x00, 0x00]
  const memoryImport = [0x01, 0x65, 0x01, 0x6d, 0x02, 0x01, 0x02, 0xac, 0x02]
  const imports = section(2, [0x02, ...funcImport, ...memoryImport])
  return new Uint8Array([...HEADER, ...types, ...imports])
}

describe('capWasmMemory', () => {
  it('makes memory.grow fail past the new maximum', () => {
    const bytes = moduleWithMemory()
    expect(capWasmMemory(bytes, 3)).toBe(3)
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>))
    const memory = instance.exports.m as WebAssembly.Memory
    expect(memory.grow(2)).toBe(1)
    expect(() => memory.grow(1)).toThrow(RangeError)
  })

  it('keeps the binary the same length', () => {
    const bytes = moduleWithMemory()
    const length = bytes.length
    capWasmMemory(bytes, 1600)
    expect(bytes.length).toBe(length)
    expect(findMemoryLimits(bytes).maximumPages).toBe(1600)
  })

  it('never goes below the minimum or above the declared maximum', () => {
    expect(capWasmMemory(moduleWithMemory(), 0)).toBe(1)
    expect(capWasmMemory(moduleWithMemory(), 10 ** 6)).toBe(65_536)
  })

  it('finds the limits of an imported memory after other imports', () => {
    const limits = findMemoryLimits(moduleImportingMemory())
    expect(limits).toMatchObject({ minimumPages: 2, maximumPages: 300 })
    const bytes = moduleImportingMemory()
    capWasmMemory(bytes, 100)
    expect(findMemoryLimits(bytes).maximumPages).toBe(100)
  })

  it('rejects bytes that are not wasm', () => {
    expect(() => findMemoryLimits(new Uint8Array([1, 2, 3, 4]))).toThrow(/not a wasm binary/)
  })

  it('caps the memory of the pinned Pyodide build', () => {
    const require = createRequire(import.meta.url)
    const file = join(dirname(require.resolve('pyodide/package.json')), 'pyodide.asm.wasm')
    const bytes = new Uint8Array(readFileSync(file))
    expect(findMemoryLimits(bytes).maximumPages).toBe(65_536)
    capWasmMemory(bytes, 1600)
    expect(findMemoryLimits(bytes).maximumPages).toBe(1600)
    expect(WebAssembly.validate(bytes)).toBe(true)
  })
})
