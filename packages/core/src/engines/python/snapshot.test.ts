import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { gunzip } from './snapshot.js'

const gzipped = (bytes: Uint8Array) => new Blob([new Uint8Array(gzipSync(bytes))])

test('gunzip gives back the original bytes, in a buffer of exactly their size', async () => {
  // Mostly zeros with some data, like a memory snapshot: many chunks come out of the stream.
  const original = new Uint8Array(3_000_000)
  for (let i = 0; i < original.length; i += 997) original[i] = i % 251
  const inflated = await gunzip(gzipped(original))
  expect(inflated.byteLength).toBe(original.byteLength)
  expect(inflated.buffer.byteLength).toBe(original.byteLength)
  expect(Buffer.from(inflated).equals(Buffer.from(original))).toBe(true)
})

test('gunzip rejects bytes that are not gzip', async () => {
  await expect(gunzip(new Blob([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]))).rejects.toThrow()
})

test('gunzip of an empty file gives no bytes', async () => {
  expect((await gunzip(gzipped(new Uint8Array(0)))).byteLength).toBe(0)
})
