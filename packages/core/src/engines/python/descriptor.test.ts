import { expect, test } from 'vitest'
import type { AssetManifest } from '../../protocol/manifest.js'
import { pythonEngine } from './descriptor.js'

const manifest = (snapshot?: AssetManifest['snapshot']): AssetManifest => ({
  engines: { pyodide: '314.0.7', sqljs: '1.16.0' },
  files: {},
  ...(snapshot ? { snapshot } : {}),
})

test('a snapshot made with the Pyodide the assets ship is handed to the engine', () => {
  const choice = pythonEngine.snapshot?.(manifest({ path: 'pyodide/snapshot.bin.gz', pyodide: '314.0.7' }))
  expect(choice).toEqual({ use: { path: 'pyodide/snapshot.bin.gz', pyodideVersion: '314.0.7' } })
})

test('a snapshot made with another Pyodide is skipped, with a warning naming both versions', () => {
  const choice = pythonEngine.snapshot?.(manifest({ path: 'pyodide/snapshot.bin.gz', pyodide: '0.0.1' }))
  expect(choice).toMatchObject({ skip: 'pyodide/snapshot.bin.gz' })
  expect(choice && 'warning' in choice ? choice.warning : '').toMatch(/for Pyodide 0\.0\.1, not 314\.0\.7/)
})

test('assets without a snapshot start Python the plain way, with a warning that says how to build one', () => {
  const choice = pythonEngine.snapshot?.(manifest())
  expect(choice && 'warning' in choice ? choice.warning : '').toContain('npx runcell assets')
  expect(choice).not.toHaveProperty('use')
})
