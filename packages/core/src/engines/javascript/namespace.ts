// One JavaScript namespace: the scope object that top-level declarations live on, and below it a layer of
// per-run names (console, stdin, readline, prompt, files) that user code sees as globals.
import { createConsole, type CapturedConsole, type ConsoleSink } from './console.js'
import {
  dataDescriptor,
  defineProperty,
  getOwnPropertyDescriptor,
  getOwnPropertyNames,
  objectCreate,
  splitLines,
} from './primordials.js'

/**
 * A namespace's state. `scope` has a null-prototype chain (scope → layer → null), so `with (scope)` never
 * resolves a name to an Object.prototype member such as `toString` or `constructor`.
 */
export interface Namespace {
  scope: Record<string, unknown>
  layer: Record<string, unknown>
  output: CapturedConsole
}

/** What a run hands to user code besides its namespace's own names. */
export interface RunInputs {
  stdin: string
  files: Record<string, string | Uint8Array>
  sink: ConsoleSink
  /** Asks the reader (resolves null when the input ended); absent when the run may not ask. */
  ask?: (prompt: string) => Promise<string | null>
}

/** Creates an empty namespace. */
export function createNamespace(): Namespace {
  const layer: Record<string, unknown> = objectCreate(null)
  const output = createConsole()
  layer.console = output.console
  return { scope: objectCreate(layer) as Record<string, unknown>, layer, output }
}

/**
 * Points the namespace at a run: its console sink, `stdin` (the whole text), `readline()` (the next line,
 * without its line break, or null at the end), `prompt(message?)` (writes the message to stdout, then resolves
 * with the next line of stdin, or else the reader's answer, echoed to stdout as a terminal would; null when
 * neither is there) and `files` (path → string or Uint8Array).
 */
export function enterRun(namespace: Namespace, inputs: RunInputs): void {
  // Only captured built-ins touch the run's stdin and files (primordials.ts): no earlier run's patch sees them.
  const lines = splitLines(inputs.stdin)
  let next = 0
  const readline = (): string | null => (next < lines.length ? (lines[next++] ?? null) : null)
  const files: Record<string, string | Uint8Array> = objectCreate(null)
  // Index loops, not for-of: an array's iterator is a prototype method a run can replace.
  const paths = getOwnPropertyNames(inputs.files)
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string
    files[path] = inputs.files[path] as string | Uint8Array
  }
  const { layer } = namespace
  layer.stdin = inputs.stdin
  layer.readline = readline
  layer.files = files
  layer.prompt = async (message?: unknown): Promise<string | null> => {
    const text = message === undefined ? '' : String(message)
    if (text) inputs.sink.write('stdout', text)
    const line = readline()
    if (line !== null || !inputs.ask) return line
    const answer = await inputs.ask(text)
    if (answer !== null) inputs.sink.write('stdout', `${answer}\n`)
    return answer
  }
  namespace.output.setSink(inputs.sink)
}

/** Detaches the namespace from its finished run: later console calls from timers are dropped. */
export function leaveRun(namespace: Namespace): void {
  namespace.output.setSink(null)
}

/**
 * The callback a run uses to put its top-level variables on the scope: a getter/setter pair over the run's
 * own local, so later runs read and assign the live variable.
 */
export function binder(
  namespace: Namespace,
): (name: string, get: () => unknown, set: (v: unknown) => void) => void {
  return (name, get, set) => {
    const descriptor = {
      __proto__: null,
      get,
      set,
      enumerable: true,
      configurable: true,
    } as PropertyDescriptor
    defineProperty(namespace.scope, name, descriptor)
  }
}

/**
 * Names of the worker's own global properties. Compared before and after a run, the difference is what the
 * run created on the global (sloppy-mode `x = 1`, `globalThis.y = 2`), which {@link adoptGlobals} moves. Kept as
 * the list itself: most runs create nothing, and comparing two lists costs far less than building a lookup table
 * of every global for each run (about 0.15 ms of a snippet's 1.8 ms in the worker, profiled in Chromium 156).
 */
export function globalNames(): readonly string[] {
  return getOwnPropertyNames(globalThis)
}

/**
 * Moves globals a run created onto its namespace, so that an implicit global in one snippet doesn't leak
 * into other namespaces that share the worker.
 */
export function adoptGlobals(namespace: Namespace, before: readonly string[]): void {
  const all = getOwnPropertyNames(globalThis)
  if (sameNames(all, before)) return
  const known: Record<string, true> = objectCreate(null)
  for (let i = 0; i < before.length; i++) known[before[i] as string] = true
  const global = globalThis as unknown as Record<string, unknown>
  for (let i = 0; i < all.length; i++) {
    const name = all[i] as string
    if (known[name]) continue
    const descriptor = getOwnPropertyDescriptor(globalThis, name)
    if (!descriptor?.configurable || !('value' in descriptor)) continue
    defineProperty(namespace.scope, name, dataDescriptor(descriptor.value))
    delete global[name]
  }
}

/** True when both lists hold the same names in the same order: the run left the global's names as they were. */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
