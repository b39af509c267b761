// EngineFiles' inflated snapshot: kept from the worker that loaded from it, lent to the next one, kept again.
import { expect, test } from 'vitest'
import type { AssetManifest } from '../protocol/manifest.js'
import { EngineFiles } from './engine-files.js'

const manifest: AssetManifest = {
  engines: { pyodide: '1', sqljs: '1' },
  files: {},
  snapshot: { path: 'pyodide/snapshot.bin.gz', pyodide: '1' },
}

function files(): EngineFiles {
  const found = new EngineFiles(() => {})
  found.configure({ baseUrl: 'https://assets.test/', manifest })
  return found
}

test('the inflated snapshot is lent to one worker at a time, and held again once a worker hands it back', () => {
  const runner = files()
  expect(runner.lendInflated(manifest.snapshot?.path ?? '')).toBeNull()
  const bytes = new ArrayBuffer(8)
  runner.keepInflated('pyodide/snapshot.bin.gz', bytes)
  expect(runner.lendInflated('pyodide/snapshot.bin.gz')).toBe(bytes)
  // Lent out: a worker starting meanwhile gets the compressed file instead.
  expect(runner.lendInflated('pyodide/snapshot.bin.gz')).toBeNull()
  const back = new ArrayBuffer(8)
  runner.keepInflated('pyodide/snapshot.bin.gz', back)
  expect(runner.lendInflated('pyodide/snapshot.bin.gz')).toBe(back)
})

test('only the manifest snapshot is kept, and a second worker handing it back does not replace the first', () => {
  const runner = files()
  runner.keepInflated('pyodide/other.gz', new ArrayBuffer(4))
  expect(runner.lendInflated('pyodide/other.gz')).toBeNull()
  const first = new ArrayBuffer(8)
  runner.keepInflated('pyodide/snapshot.bin.gz', first)
  runner.keepInflated('pyodide/snapshot.bin.gz', new ArrayBuffer(16))
  expect(runner.lendInflated('pyodide/snapshot.bin.gz')).toBe(first)
})
