// The worker's cache of compiled snippets. Loading a generated script costs far more than running a small
// one, and readers run the same snippet again and again (Run, edit back, Run), so the compiled function of a
// recent snippet is reused. Calling it again gives fresh locals each time, exactly as recompiling would.

import { firstKey, mapDelete, mapGet, mapSet, mapSize } from './primordials.js'

/** Most snippets kept, and the longest code worth keeping: about 4M characters of source at most. */
const MAX_ENTRIES = 64
const MAX_CACHED_CODE_CHARS = 64 * 1024

/** A compiled snippet and the sourceURL its stack frames carry. */
export interface CompiledEntry<F> {
  snippet: F
  sourceUrl: string
}

/** A small LRU of compiled snippets, keyed by the user's code. */
export class CompiledSnippets<F> {
  private readonly entries = new Map<string, CompiledEntry<F>>()

  // Captured Map methods (primordials.ts): a run that patched Map.prototype.get could otherwise hand a later
  // snippet its own compiled function, which then runs with that snippet's namespace, stdin and files.
  get(code: string): CompiledEntry<F> | undefined {
    const entry = mapGet(this.entries, code)
    if (!entry) return undefined
    mapDelete(this.entries, code)
    mapSet(this.entries, code, entry)
    return entry
  }

  set(code: string, entry: CompiledEntry<F>): void {
    if (code.length > MAX_CACHED_CODE_CHARS) return
    mapDelete(this.entries, code)
    mapSet(this.entries, code, entry)
    if (mapSize(this.entries) > MAX_ENTRIES) {
      const oldest = firstKey(this.entries)
      if (oldest !== undefined) mapDelete(this.entries, oldest)
    }
  }

  get size(): number {
    return mapSize(this.entries)
  }
}
