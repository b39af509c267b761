// Safe, bounded text for any JavaScript value, in the spirit of Node's util.inspect. It never calls getters
// or user `toString`/`inspect` methods, and it survives proxies and throwing traps: whatever user code hands
// to console.log, formatting ends and the text stays small.

/** Caps that keep one formatted value small. */
export interface FormatLimits {
  /** Nesting depth shown before `[Object]`/`[Array]`. */
  depth: number
  /** Array items, Map/Set entries and object keys shown per container. */
  items: number
  /** Characters shown of one string. */
  stringChars: number
  /** Rough character budget for the whole value; containers past it collapse to `…`. */
  totalChars: number
}

/** The caps console.log and the last-expression display use. */
export const DEFAULT_LIMITS: FormatLimits = { depth: 4, items: 100, stringChars: 10_000, totalChars: 200_000 }

const LINE_WIDTH = 72
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

interface Context {
  limits: FormatLimits
  seen: object[]
  used: number
}

/**
 * Formats any value as readable text. Strings are quoted unless `quoteStrings` is false (console.log
 * prints a top-level string as is; the last-expression display quotes it, like a REPL).
 */
export function formatValue(
  value: unknown,
  quoteStrings = true,
  limits: FormatLimits = DEFAULT_LIMITS,
): string {
  const context: Context = { limits, seen: [], used: 0 }
  // A printed string is output, not a value to inspect: only the run's output cap applies to it.
  if (typeof value === 'string' && !quoteStrings) return value
  return format(value, 0, context, '')
}

function format(value: unknown, depth: number, context: Context, indent: string): string {
  try {
    const text = formatUnsafe(value, depth, context, indent)
    context.used += text.length
    return text
  } catch {
    return '[Uninspectable]'
  }
}

function formatUnsafe(value: unknown, depth: number, context: Context, indent: string): string {
  switch (typeof value) {
    case 'string':
      return quote(capString(value, context.limits.stringChars))
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'bigint':
      return `${value}n`
    case 'boolean':
    case 'undefined':
      return String(value)
    case 'symbol':
      return value.toString()
    case 'function':
      return formatFunction(value)
  }
  if (value === null) return 'null'
  const object = value as object
  if (context.seen.includes(object)) return '[Circular]'
  const leaf = formatLeaf(object)
  if (leaf !== null) return leaf
  const array = Array.isArray(object)
  if (depth > context.limits.depth) return array ? '[Array]' : `[${constructorName(object) ?? 'Object'}]`
  if (context.used > context.limits.totalChars) return '…'
  context.seen.push(object)
  try {
    return formatContainer(object, depth, context, indent)
  } finally {
    context.seen.pop()
  }
}

function formatFunction(fn: object): string {
  const name = safeName(fn)
  const source = safeSource(fn)
  if (source.startsWith('class')) return name ? `[class ${name}]` : '[class (anonymous)]'
  return name ? `[Function: ${name}]` : '[Function (anonymous)]'
}

function safeName(fn: object): string {
  const descriptor = Object.getOwnPropertyDescriptor(fn, 'name')
  return descriptor && typeof descriptor.value === 'string' ? descriptor.value : ''
}

function safeSource(fn: object): string {
  try {
    return Function.prototype.toString.call(fn)
  } catch {
    return ''
  }
}

/** Objects shown as one token, without looking inside. */
function formatLeaf(object: object): string | null {
  if (object instanceof Error) return formatError(object)
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString()
  if (object instanceof RegExp) return RegExp.prototype.toString.call(object)
  if (object instanceof Promise) return 'Promise { … }'
  if (object instanceof WeakMap) return 'WeakMap { <items unknown> }'
  if (object instanceof WeakSet) return 'WeakSet { <items unknown> }'
  if (object instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${object.byteLength} }`
  if (object instanceof DataView) return `DataView { byteLength: ${object.byteLength} }`
  if (object instanceof Number) return `[Number: ${Number.prototype.valueOf.call(object)}]`
  if (object instanceof String) return `[String: ${quote(String.prototype.valueOf.call(object))}]`
  if (object instanceof Boolean) return `[Boolean: ${Boolean.prototype.valueOf.call(object)}]`
  return null
}

/** `Name: message`, read from own data properties or the prototype chain's plain values, never a getter. */
export function formatError(error: Error): string {
  const name = plainString(error, 'name') ?? 'Error'
  const message = plainString(error, 'message') ?? ''
  return message ? `${name}: ${message}` : name
}

function plainString(object: object, key: string): string | undefined {
  for (let o: object | null = object; o; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key)
    if (descriptor) return typeof descriptor.value === 'string' ? descriptor.value : undefined
  }
  return undefined
}

function formatContainer(object: object, depth: number, context: Context, indent: string): string {
  const inner = indent + '  '
  const item = (v: unknown) => format(v, depth + 1, context, inner)
  const max = context.limits.items
  const parts: string[] = []
  let prefix = ''
  let open = '{'
  let close = '}'
  let skipIndexKeys = false

  if (Array.isArray(object) || ArrayBuffer.isView(object)) {
    const list = object as ArrayLike<unknown>
    const length = list.length
    if (!Array.isArray(object)) prefix = `${constructorName(object) ?? 'TypedArray'}(${length}) `
    else if (constructorName(object) !== 'Array') prefix = `${constructorName(object) ?? 'Array'}(${length}) `
    open = '['
    close = ']'
    skipIndexKeys = true
    for (let i = 0; i < Math.min(length, max); i++) {
      const descriptor = Object.getOwnPropertyDescriptor(list, i)
      parts.push(!descriptor ? '<empty>' : 'value' in descriptor ? item(descriptor.value) : '[Getter/Setter]')
    }
    if (length > max) parts.push(`… ${length - max} more items`)
    if (!Array.isArray(object)) return wrap(prefix, open, parts, close, indent)
  } else if (object instanceof Map) {
    prefix = `Map(${object.size}) `
    let count = 0
    for (const [key, value] of Map.prototype.entries.call(object)) {
      if (count++ >= max) break
      parts.push(`${item(key)} => ${item(value)}`)
    }
    if (object.size > max) parts.push(`… ${object.size - max} more entries`)
  } else if (object instanceof Set) {
    prefix = `Set(${object.size}) `
    let count = 0
    for (const value of Set.prototype.values.call(object)) {
      if (count++ >= max) break
      parts.push(item(value))
    }
    if (object.size > max) parts.push(`… ${object.size - max} more entries`)
  } else {
    const name = constructorName(object)
    if (name === null) prefix = '[Object: null prototype] '
    else if (name !== 'Object') prefix = `${name} `
  }

  // Listing every key of a ten-million-item array costs seconds; extra keys on such arrays are not shown.
  if (skipIndexKeys && (object as unknown[]).length > 10 * max)
    return wrap(prefix, open, parts, close, indent)
  const keys = Reflect.ownKeys(object).filter((key) => !(skipIndexKeys && isIndex(key)))
  const shown = keys.filter((key) => Object.getOwnPropertyDescriptor(object, key)?.enumerable)
  for (const key of shown.slice(0, max)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key)
    if (!descriptor) continue
    const value =
      'value' in descriptor
        ? item(descriptor.value)
        : descriptor.get && descriptor.set
          ? '[Getter/Setter]'
          : descriptor.get
            ? '[Getter]'
            : '[Setter]'
    parts.push(`${formatKey(key)}: ${value}`)
  }
  if (shown.length > max) parts.push(`… ${shown.length - max} more keys`)
  return wrap(prefix, open, parts, close, indent)
}

function wrap(prefix: string, open: string, parts: string[], close: string, indent: string): string {
  if (parts.length === 0) return `${prefix}${open}${close}`
  const oneLine = `${prefix}${open} ${parts.join(', ')} ${close}`
  if (oneLine.length <= LINE_WIDTH && !oneLine.includes('\n')) return oneLine
  const inner = indent + '  '
  const lines =
    open === '[' && parts.every((part) => part.length <= 16 && !part.includes('\n'))
      ? packed(parts, inner)
      : parts.map((part) => inner + part)
  return `${prefix}${open}\n${lines.join(',\n')}\n${indent}${close}`
}

/** Short array items share lines, so a list of a hundred numbers takes a few lines rather than a hundred. */
function packed(parts: string[], inner: string): string[] {
  const lines: string[] = []
  let line = ''
  for (const part of parts) {
    if (line && inner.length + line.length + part.length + 2 > LINE_WIDTH + 4) {
      lines.push(inner + line)
      line = ''
    }
    line = line ? `${line}, ${part}` : part
  }
  if (line) lines.push(inner + line)
  return lines
}

function isIndex(key: string | symbol): boolean {
  return typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)
}

function formatKey(key: string | symbol): string {
  if (typeof key === 'symbol') return `[${key.toString()}]`
  return IDENTIFIER.test(key) ? key : quote(key)
}

/** The name of an object's constructor, read without calling getters; null for a null prototype. */
function constructorName(object: object): string | null {
  const proto: unknown = Object.getPrototypeOf(object)
  if (proto === null) return null
  for (let o = proto as object | null; o; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, 'constructor')
    if (descriptor && typeof descriptor.value === 'function') return safeName(descriptor.value) || 'Object'
  }
  return 'Object'
}

function capString(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… ${text.length - max} more characters` : text
}

function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
  if (!escaped.includes("'")) return `'${escaped}'`
  if (!escaped.includes('"')) return `"${escaped}"`
  return `'${escaped.replace(/'/g, "\\'")}'`
}
