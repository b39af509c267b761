import { existsSync } from 'node:fs'
import { defineConfig } from 'tsup'
import { libraryDefaults } from '../../tsup.config'

// The library entry, plus the runner page script and the engine workers. The assets are self-contained ESM
// (no bare imports), because they load inside an opaque-origin iframe with nothing but the assets origin.
export default defineConfig([
  // Not cleaning: the configs build at the same time into dist/, which the build script empties first.
  { ...libraryDefaults, entry: { index: 'src/index.ts' }, clean: false },
  {
    ...libraryDefaults,
    entry: Object.fromEntries(
      Object.entries({
        runner: 'src/frame/main.ts',
        'python-worker': 'src/engines/python/worker.ts',
        'sql-worker': 'src/engines/sql/worker.ts',
        'javascript-worker': 'src/engines/javascript/worker.ts',
      }).filter(([, file]) => existsSync(file)), // TEMPORARY while engines land in parallel
    ),
    outDir: 'dist/assets',
    dts: false,
    clean: false,
    noExternal: [/.*/],
    minify: true,
    outExtension: () => ({ js: '.js' }),
    publicDir: 'src/frame/public',
  },
  // For the snapshot builder (bin/pyodide-snapshot.mjs), which defines the driver before the snapshot is taken.
  {
    ...libraryDefaults,
    entry: { 'python-driver': 'src/engines/python/driver-module.ts' },
    dts: false,
    clean: false,
    sourcemap: false,
    platform: 'neutral',
  },
])
