import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The Python packages the packages example needs; the build copies them when RUNCELL_PYODIDE_DIST is set. */
export const EXAMPLE_PACKAGES = ['numpy', 'pandas', 'matplotlib'] as const

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-')

/**
 * The names among `names` that the assets' package index can't serve: not in `pyodide/pyodide-lock.json`, or listed
 * without their wheel (the lock file Pyodide ships lists every package, but the assets hold none of the wheels
 * unless `runcell assets --packages` copied them).
 */
export function missingPythonPackages(assetsRoot: string, names: readonly string[]): string[] {
  const lockFile = join(assetsRoot, 'pyodide', 'pyodide-lock.json')
  if (!existsSync(lockFile)) return [...names]
  let packages: Record<string, { name?: string; file_name?: string }>
  try {
    packages = (JSON.parse(readFileSync(lockFile, 'utf8')) as { packages?: typeof packages }).packages ?? {}
  } catch {
    return [...names]
  }
  const byName = new Map(
    Object.entries(packages).map(([key, entry]) => [normalize(entry.name ?? key), entry]),
  )
  return names.filter((name) => {
    const file = byName.get(normalize(name))?.file_name
    return !file || !existsSync(join(assetsRoot, 'pyodide', file.split('/').pop() ?? file))
  })
}
