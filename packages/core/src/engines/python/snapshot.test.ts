import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import type { WorkerMessage } from '../../protocol/engine.js'
import { connectRunnerForTests } from '../runner-channel.js'
import { gunzip, shareInflatedSnapshot } from './snapshot.js'

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

test('a worker hands back the inflated snapshot it was lent, as well as one it inflated itself', async () => {
  const posted: WorkerMessage[] = []
  connectRunnerForTests((message) => posted.push(message))
  const source = { path: 'pyodide/snapshot.bin.gz', pyodideVersion: '1' }
  const lent = { bytes: new Uint8Array(new ArrayBuffer(8)) }
  shareInflatedSnapshot(source, lent)
  const inflated = { bytes: await gunzip(gzipped(new Uint8Array(16))) }
  shareInflatedSnapshot(source, inflated)
  expect(posted).toEqual([
    { kind: 'runcell:inflated', path: source.path, bytes: lent.bytes.buffer },
    { kind: 'runcell:inflated', path: source.path, bytes: inflated.bytes.buffer },
  ])
})
