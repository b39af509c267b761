// Copies Runcell's runner assets (the runner page, engine workers, Pyodide and sql.js files) into a folder that
// Storybook serves at /runcell/, so runner stories run real code. The folder sits under node_modules/.cache,
// which git, ESLint and Prettier already ignore. Files are copied only when their size or mtime changed.
import { copyFileSync, existsSync, mkdirSync, statSync, utimesSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assetFiles } from '../packages/core/bin/asset-files.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Where Storybook's copy of the runner assets lives. */
export const storybookAssetsDir = join(root, 'node_modules', '.cache', 'runcell-storybook', 'runcell')

/** Brings the copy up to date with `@runcell/core`'s built assets; throws if core is not built yet. */
export function syncRuncellAssets(target = storybookAssetsDir): string {
  for (const { path, file } of assetFiles()) {
    const destination = join(target, path)
    const source = statSync(file)
    if (existsSync(destination)) {
      const copy = statSync(destination)
      if (copy.size === source.size && copy.mtimeMs === source.mtimeMs) continue
    }
    mkdirSync(dirname(destination), { recursive: true })
    copyFileSync(file, destination)
    utimesSync(destination, source.atime, source.mtime)
  }
  return target
}
