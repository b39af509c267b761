// The worker's cache of compiled snippets. Loading a generated script costs far more than running a small
// one, and readers run the same snippet again and again (Run, edit back, Run), so the compiled function of a
// recent snippet is reused. Calling it again gives fresh locals each time, exactly as recompiling would.

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

  get(code: string): CompiledEntry<F> | undefined {
    const entry = this.entries.get(code)
    if (!entry) return undefined
    this.entries.delete(code)
    this.entries.set(code, entry)
    return entry
  }

  set(code: string, entry: CompiledEntry<F>): void {
    if (code.length > MAX_CACHED_CODE_CHARS) return
    this.entries.delete(code)
    this.entries.set(code, entry)
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
  }

  get size(): number {
    return this.entries.size
  }
}
