// Built-ins the engine uses between runs, captured when the worker starts, before any user code. Snippets share
// the worker's global, so a snippet that replaced `Map.prototype.get` or `Object.defineProperty` would otherwise
// hand a later snippet its own namespace, or be handed that snippet's variables, stdin and files. A bound call
// (`Function.prototype.call.bind(fn)`) reaches the original built-in whatever the prototypes say later.

const uncurry = <T, A extends unknown[], R>(fn: (this: T, ...args: A) => R) =>
  Function.prototype.call.bind(fn) as unknown as (self: T, ...args: A) => R

/** `Map.prototype` methods, called as `mapGet(map, key)`. */
export const mapGet = uncurry(Map.prototype.get) as <K, V>(map: Map<K, V>, key: K) => V | undefined
export const mapSet = uncurry(Map.prototype.set) as <K, V>(map: Map<K, V>, key: K, value: V) => Map<K, V>
export const mapDelete = uncurry(Map.prototype.delete) as <K, V>(map: Map<K, V>, key: K) => boolean
export const mapSize = uncurry(
  Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get as () => number,
) as (map: Map<unknown, unknown>) => number
const mapKeys = uncurry(Map.prototype.keys) as <K>(map: Map<K, unknown>) => Iterator<K>
const iteratorNext = uncurry(Object.getPrototypeOf(new Map().keys()).next as () => IteratorResult<unknown>)

/** The first (oldest) key of a map, or undefined. */
export function firstKey<K>(map: Map<K, unknown>): K | undefined {
  return (iteratorNext(mapKeys(map)) as IteratorResult<K>).value as K | undefined
}

export const objectCreate = Object.create
export const defineProperty = Object.defineProperty
export const getOwnPropertyNames = Object.getOwnPropertyNames
export const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor
export const reflectApply = Reflect.apply
export const NativePromise = Promise

/** `Promise.prototype.then` on a native promise: the callbacks get the real settlement whatever was patched. */
export const promiseThen = uncurry(Promise.prototype.then) as (
  promise: Promise<unknown>,
  ok: (value: unknown) => unknown,
  failed: (reason: unknown) => unknown,
) => unknown

const charCodeAt = uncurry(String.prototype.charCodeAt)
const stringSlice = uncurry(String.prototype.slice)

/**
 * The lines of `text`, split at `\n` or `\r\n`, with a final empty line dropped: what `readline()` returns in
 * turn. Written out so that no patched String or RegExp method ever sees a run's stdin.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = []
  let count = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (charCodeAt(text, i) !== 10) continue
    const end = i > start && charCodeAt(text, i - 1) === 13 ? i - 1 : i
    defineProperty(lines, count++, dataDescriptor(stringSlice(text, start, end)))
    start = i + 1
  }
  if (start < text.length) defineProperty(lines, count, dataDescriptor(stringSlice(text, start)))
  return lines
}

/**
 * A property descriptor without a prototype: `defineProperty` reads `get` and `set` from it, which on an
 * ordinary object would reach (and show the value to) a getter an earlier run put on Object.prototype.
 */
export function dataDescriptor(value: unknown): PropertyDescriptor {
  return {
    __proto__: null,
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  } as PropertyDescriptor
}

/** How many lines `text` has (line breaks + 1). */
export function countLines(text: string): number {
  let lines = 1
  for (let i = 0; i < text.length; i++) if (charCodeAt(text, i) === 10) lines++
  return lines
}
