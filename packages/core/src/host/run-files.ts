import { RuncellError } from '../errors.js'
import { MAX_FILES } from '../protocol/limits.js'
import { isFilePath } from '../protocol/validate.js'

/** Files as a run request may give them: text, bytes, or a URL to fetch. */
export type RequestFiles = Record<string, string | Uint8Array | URL>

/** Checks the shape of a request's files, so that a bad path fails at `run()` with its name. */
export function checkFiles(files: unknown): void {
  if (files === undefined) return
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    throw new RuncellError(
      'INVALID_REQUEST',
      'run: "files" must be an object of { path: text | Uint8Array | URL }.',
    )
  }
  const entries = Object.entries(files)
  if (entries.length > MAX_FILES)
    throw new RuncellError('INVALID_REQUEST', `run: at most ${MAX_FILES} files per run.`)
  for (const [path, content] of entries) {
    if (!isFilePath(path)) {
      throw new RuncellError(
        'INVALID_REQUEST',
        `run: file path ${JSON.stringify(path)} must be relative, without "..", "%" or ":".`,
      )
    }
    if (!(typeof content === 'string' || content instanceof Uint8Array || content instanceof URL)) {
      throw new RuncellError(
        'INVALID_REQUEST',
        `run: file ${JSON.stringify(path)} must be text, a Uint8Array or a URL.`,
      )
    }
  }
}

/** Fetches every URL among the files, so that only text and bytes cross into the runner. */
export async function resolveFiles(
  files: RequestFiles | undefined,
): Promise<Record<string, string | Uint8Array> | undefined> {
  if (!files) return undefined
  const resolved: Record<string, string | Uint8Array> = {}
  await Promise.all(
    Object.entries(files).map(async ([path, content]) => {
      if (!(content instanceof URL)) {
        resolved[path] = content
        return
      }
      const response = await fetch(content.href)
      if (!response.ok)
        throw new Error(`could not fetch file "${path}" from ${content.href} (HTTP ${response.status})`)
      resolved[path] = new Uint8Array(await response.arrayBuffer())
    }),
  )
  return resolved
}
