#!/usr/bin/env node
// Build step of @runcell/core, after tsup: makes Runcell's Python standard library (dist/python-stdlib/, start-up
// modules precompiled), the Pyodide memory snapshot made with it (dist/snapshot/), and writes the
// asset manifest with each engine file's sha-256 into dist/assets, so that served in place (tests, demo,
// Storybook) or copied by `runcell assets`, the assets always carry both.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assetFiles, snapshotDir } from './asset-files.mjs'
import { writeManifest } from './manifest.mjs'
import { buildPyodideSnapshot, SNAPSHOT_PATH } from './pyodide-snapshot.mjs'
import { buildRuncellStdlib } from './pyodide-stdlib.mjs'

const started = Date.now()
const compiled = await buildRuncellStdlib()
rmSync(snapshotDir, { recursive: true, force: true })
mkdirSync(snapshotDir, { recursive: true })
const name = 'runcell-snapshot.bin.gz'
const pyodide = await buildPyodideSnapshot(join(snapshotDir, name))
if (pyodide) writeFileSync(join(snapshotDir, 'snapshot.json'), JSON.stringify({ pyodide, file: name }) + '\n')
const files = assetFiles()
const dist = join(snapshotDir, '..', 'assets')
const manifest = writeManifest(dist, files, pyodide ? { path: SNAPSHOT_PATH, pyodide } : undefined)
console.log(
  `runcell: manifest of ${Object.keys(manifest.files).length} engine files, ${compiled} stdlib modules precompiled` +
    `${pyodide ? `, Pyodide ${pyodide} memory snapshot` : ', no snapshot'} (${Date.now() - started} ms)`,
)
