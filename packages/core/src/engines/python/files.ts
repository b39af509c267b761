// Where a namespace's working folder lives in Pyodide's file system, and how a run's files get there.
import type { PyodideAPI } from 'pyodide'
import type { RunError } from '../../protocol/types.js'

const HOME = '/home/pyodide'

/**
 * The working folder of a namespace. It is derived from the name, not from a counter, so that a session
 * replayed into a fresh worker sees the same `os.getcwd()`.
 */
export function namespaceFolder(namespace: string): string {
  // FNV-1a: short, stable, and good enough to keep namespaces apart.
  let hash = 0x811c9dc5
  for (let i = 0; i < namespace.length; i++) {
    hash ^= namespace.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `${HOME}/ns-${hash.toString(16).padStart(8, '0')}`
}

/** Splits a relative file path into safe segments, or returns null when it is absolute or climbs out. */
export function safeSegments(path: string): string[] | null {
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return null
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.')
  if (segments.length === 0 || segments.includes('..')) return null
  return segments
}

/** Creates the working folder and writes the run's files into it; returns an error for a bad path. */
export function placeFiles(
  fs: PyodideAPI['FS'],
  cwd: string,
  files: Record<string, string | Uint8Array> | undefined,
): RunError | null {
  fs.mkdirTree(cwd)
  for (const [path, contents] of Object.entries(files ?? {})) {
    const segments = safeSegments(path)
    if (!segments) {
      return {
        name: 'ValueError',
        message: `file path "${path.slice(0, 200)}" must be relative and stay inside the working folder`,
      }
    }
    const file = [cwd, ...segments].join('/')
    if (segments.length > 1) fs.mkdirTree([cwd, ...segments.slice(0, -1)].join('/'))
    fs.writeFile(file, contents)
  }
  return null
}
