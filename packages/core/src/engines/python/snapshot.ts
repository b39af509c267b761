// Pyodide's memory snapshot: the whole wasm memory after the interpreter has booted, made at build time by
// `runcell assets` (packages/core/bin/pyodide-snapshot.mjs). Restoring it skips Python's own start-up, which is
// most of a cold start. It is private Pyodide API (`_loadSnapshot`), so it is only used with the exact Pyodide
// version it was made with; anything else falls back to a plain load, with a console warning.
import { fetchEngineFile, inflatedEngineFile } from '../worker-support.js'

/** The snapshot the runner provides, as EngineInitOptions carries it. */
export interface SnapshotSource {
  path: string
  pyodideVersion: string
}

/**
 * Gets the snapshot's bytes, or null (with a warning saying why) when it must not be used. The file is
 * gzip-compressed: most of a fresh interpreter's memory is zeros, and 31 MB becomes about 6 MB.
 */
export async function readSnapshot(
  assetsBaseUrl: string,
  source: SnapshotSource | undefined,
  pyodideVersion: string,
): Promise<Uint8Array | null> {
  if (!source) return null
  if (source.pyodideVersion !== pyodideVersion) {
    console.warn(
      `Runcell: the Pyodide memory snapshot was made for Pyodide ${source.pyodideVersion}, but ${pyodideVersion} ` +
        'is loading; starting without it (slower). Run "npx runcell assets <dir>" again to rebuild it.',
    )
    return null
  }
  const ready = await inflatedEngineFile(source.path)
  if (ready) return ready
  const response = await fetchEngineFile(assetsBaseUrl, source.path)
  return response.body ? new Uint8Array(await inflateSnapshot(response.body)) : null
}

/** Inflates the gzip-compressed snapshot file; the runner uses it too, to inflate it once for every spare. */
export function inflateSnapshot(gzip: ReadableStream<BufferSource>): Promise<ArrayBuffer> {
  return new Response(gzip.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
}

/** Warns that a snapshot could not be restored; the caller then loads Pyodide the plain way. */
export function warnSnapshotFailed(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error)
  console.warn(`Runcell: the Pyodide memory snapshot could not be restored (${reason}); starting without it.`)
}
