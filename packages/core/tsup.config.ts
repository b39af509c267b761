import { defineConfig } from 'tsup'
import { libraryDefaults } from '../../tsup.config'
import { ENGINES } from './src/engines/registry'

// The library entries (one per audience, as package.json `exports` lists them), plus the runner page script and
// the engine workers. The assets are self-contained ESM (no bare imports), because they load inside an
// opaque-origin iframe with nothing but the assets origin.
export default defineConfig([
  {
    ...libraryDefaults,
    entry: {
      index: 'src/index.ts',
      flags: 'src/flags/index.ts',
      monitor: 'src/monitor/index.ts',
      feedback: 'src/feedback/index.ts',
      // Internal, for bin/ (which files `runcell assets` copies and the manifest lists): not in package.json exports.
      engines: 'src/engines/registry.ts',
    },
    // Shared modules go into chunks instead of into each entry, so RuncellError is one class whichever entry
    // threw it.
    splitting: true,
    // Not cleaning: the configs build at the same time into dist/, which the build script empties first.
    clean: false,
  },
  {
    ...libraryDefaults,
    entry: {
      runner: 'src/frame/main.ts',
      // One worker bundle per registered engine, from engines/<language>/worker.ts, under the name its
      // descriptor gives: a new engine needs no line here.
      ...Object.fromEntries(
        Object.values(ENGINES).map((engine) => [
          engine.workerFile.replace(/\.js$/, ''),
          `src/engines/${engine.language}/worker.ts`,
        ]),
      ),
    },
    outDir: 'dist/assets',
    dts: false,
    clean: false,
    noExternal: [/.*/],
    minify: true,
    outExtension: () => ({ js: '.js' }),
    publicDir: 'src/frame/public',
  },
  // For the build in Node: the snapshot builder (bin/pyodide-snapshot.mjs), which defines the driver before the
  // snapshot is taken, and the standard library's split (bin/pyodide-stdlib.mjs).
  {
    ...libraryDefaults,
    entry: {
      'python-driver': 'src/engines/python/driver-module.ts',
      'python-stdlib-split': 'src/engines/python/stdlib-split.ts',
    },
    dts: false,
    clean: false,
    sourcemap: false,
    platform: 'neutral',
  },
])
