// Pyodide's memory snapshot: the whole wasm memory after the interpreter has booted, made at build time by
// `runcell assets` (packages/core/bin/pyodide-snapshot.mjs). Restoring it skips Python's own start-up, which is
// most of a cold start. It is private Pyodide API (`_loadSnapshot`), so it is only used with the exact Pyodide
// version it was made with; anything else falls back to a plain load, with a console warning.
import { postToRunner } from '../runner-channel.js'
import { inflateSized } from '../inflate.js'
import { declinedEngineFile, fetchEngineFile, inflatedEngineFile } from '../worker-support.js'

/** The snapshot the runner provides, as EngineInitOptions carries it. */
export interface SnapshotSource {
  path: string
  pyodideVersion: string
}

/** The snapshot's inflated bytes: inflated here, or lent by the runner. */
export interface SnapshotBytes {
  bytes: Uint8Array
}

/**
 * Gets the snapshot's bytes, or null (with a warning saying why) when it must not be used. The file is
 * gzip-compressed: most of a fresh interpreter's memory is zeros, and 31 MB becomes about 6 MB.
 */
export async function readSnapshot(
  assetsBaseUrl: string,
  source: SnapshotSource | undefined,
  pyodideVersion: string,
): Promise<SnapshotBytes | null> {
  if (!source) return null
  if (source.pyodideVersion !== pyodideVersion) {
    console.warn(
      `Runcell: the Pyodide memory snapshot was made for Pyodide ${source.pyodideVersion}, but ${pyodideVersion} ` +
        'is loading; starting without it (slower). Run "npx runcell assets <dir>" again to rebuild it.',
    )
    return null
  }
  const ready = await inflatedEngineFile(source.path)
  if (ready) return { bytes: ready }
  // On a slow link the host page skips the snapshot on purpose: Python starts without it, and nothing failed.
  if (await declinedEngineFile(source.path)) return null
  const response = await fetchEngineFile(assetsBaseUrl, source.path)
  // Inflated as it is read from the Blob the runner handed over: 6 MB are never copied into this worker whole.
  return { bytes: await gunzip(await response.blob()) }
}

/** Inflates a gzip file into a buffer of the size its trailer gives (the size modulo 4 GiB, or a lie: a hint). */
export async function gunzip(gzip: Blob): Promise<Uint8Array<ArrayBuffer>> {
  const trailer = gzip.size >= 4 ? new DataView(await gzip.slice(gzip.size - 4).arrayBuffer()) : null
  return inflateSized('gzip', gzip.stream(), trailer?.getUint32(0, true) ?? 0)
}

/**
 * Hands the inflated snapshot (inflated here, or lent by the runner) to the runner, once the interpreter has been
 * restored from it (Pyodide copies it into wasm memory and keeps no reference), so that respawns start from it
 * without inflating it again. Moved, not copied: 31 MB. This runs while the worker loads, before any user code.
 */
export function shareInflatedSnapshot(source: SnapshotSource, snapshot: SnapshotBytes): void {
  const { buffer } = snapshot.bytes
  if (!(buffer instanceof ArrayBuffer)) return
  postToRunner({ kind: 'runcell:inflated', path: source.path, bytes: buffer }, [buffer])
}

/** Warns that a snapshot could not be restored; the caller then loads Pyodide the plain way. */
export function warnSnapshotFailed(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  console.warn(`Runcell: the Pyodide memory snapshot could not be restored (${reason}); starting without it.`)
}
