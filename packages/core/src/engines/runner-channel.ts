// The engine's private line to the runner. User code shares this worker's globals, so anything the engine looks
// up at call time (postMessage, MessagePort.prototype, MessageEvent's `data` getter, Promise.prototype.then) is
// a hook for an earlier run to read later runs' requests or forge their replies. The runner transfers a
// MessagePort at start, before any user code runs; every built-in this file needs is captured at module load,
// as bound calls that no later patch reaches, and the port itself is held only in this module's closure. The
// worker's public channel (`self.postMessage`) is then worth nothing: the runner ignores it after boot.
import type { WorkerMessage } from '../protocol/engine.js'

const uncurry = <A extends unknown[], R>(fn: (...args: A) => R) =>
  Function.prototype.call.bind(fn) as unknown as (self: unknown, ...args: A) => R
const getter = (proto: object, name: string) => {
  const get = Object.getOwnPropertyDescriptor(proto, name)?.get
  if (!get) throw new Error(`Runcell: this browser has no ${name} getter`)
  return uncurry(get as () => unknown)
}

// Captured before any user code: Node (the unit tests) has all of these too.
const readData = getter(MessageEvent.prototype, 'data')
const readPorts = getter(MessageEvent.prototype, 'ports') as (event: unknown) => readonly MessagePort[]
const listen = uncurry(EventTarget.prototype.addEventListener) as (
  target: unknown,
  type: string,
  listener: (event: Event) => void,
) => void
const unlisten = uncurry(EventTarget.prototype.removeEventListener) as typeof listen
const portPost = uncurry(MessagePort.prototype.postMessage) as (
  port: unknown,
  message: unknown,
  transfer?: Transferable[],
) => void
const portStart = uncurry(MessagePort.prototype.start) as (port: unknown) => void
const then = uncurry(Promise.prototype.then) as (
  promise: unknown,
  ok: (value: unknown) => unknown,
  failed: (reason: unknown) => unknown,
) => unknown
const isArray = Array.isArray
const apply = Reflect.apply
const ErrorClass = Error
const StringOf = String

/** The message with which the runner transfers the private port, once, right after the worker booted. */
export const PORT_MESSAGE_KIND = 'runcell:port'

let send: ((message: unknown, transfer?: Transferable[]) => void) | null = null

/**
 * Posts to the runner on the private port; before the port arrives there is no one to tell. `transfer` moves
 * buffers instead of copying them.
 */
export function postToRunner(message: WorkerMessage, transfer?: Transferable[]): void {
  send?.(message, transfer)
}

/**
 * Routes {@link postToRunner} to `sink` instead of a port: for tests of an engine outside a worker, which have
 * no runner to talk to.
 */
export function connectRunnerForTests(sink: (message: WorkerMessage) => void): void {
  send = sink as (message: unknown) => void
}

/** Calls `callback` once `promise` settles either way, through the `then` captured before any user code. */
export function afterSettled(promise: unknown, callback: () => void): void {
  try {
    then(promise, callback, callback)
  } catch {
    callback()
  }
}

/** A method the runner may call: its arguments arrive structured-cloned, its result goes back the same way. */
export type ServedMethod = (...args: never[]) => unknown

/**
 * Waits on the public channel for the runner's port, then serves `methods` on it. Speaks Comlink's wire
 * format (APPLY of a one-name path, RAW values, `throw` handler errors), so the runner's `wrap` is unchanged;
 * nothing else Comlink can do (GET, SET, CONSTRUCT, proxies) is served.
 */
export function serveOnRunnerPort(methods: Record<string, ServedMethod>): void {
  const table: Record<string, ServedMethod> = Object.create(null)
  for (const name of Object.keys(methods)) table[name] = methods[name] as ServedMethod
  const onPublic = (event: Event) => {
    const data = readData(event) as { kind?: unknown } | null
    const port = readPorts(event)[0]
    if (send || typeof data !== 'object' || data === null || data.kind !== PORT_MESSAGE_KIND || !port) return
    unlisten(globalThis, 'message', onPublic)
    send = (message, transfer) => portPost(port, message, transfer ?? [])
    listen(port, 'message', (call) => answer(table, readData(call)))
    portStart(port)
  }
  listen(globalThis, 'message', onPublic)
}

function answer(table: Record<string, ServedMethod>, data: unknown): void {
  if (typeof data !== 'object' || data === null || !send) return
  const call = data as { id?: unknown; type?: unknown; path?: unknown; argumentList?: unknown }
  const id = call.id
  if (call.type === 'RELEASE') return reply(id, raw(undefined))
  const path = call.path
  const method =
    call.type === 'APPLY' && isArray(path) && path.length === 1 ? table[StringOf(path[0])] : undefined
  if (!method) return reply(id, thrown(new ErrorClass('Runcell: the engine serves no such call')))
  const wire = isArray(call.argumentList) ? (call.argumentList as { type?: unknown; value?: unknown }[]) : []
  // Null-prototype containers throughout: a setter an earlier run put on Array.prototype[0] or
  // Object.prototype.id would otherwise see (and could change) the arguments and the reply.
  const args: { [index: number]: unknown; length: number } = { __proto__: null, length: wire.length } as never
  for (let i = 0; i < wire.length; i++) args[i] = wire[i]?.type === 'RAW' ? wire[i]?.value : undefined
  let result: unknown
  try {
    result = apply(method as (...values: unknown[]) => unknown, undefined, args as unknown as unknown[])
  } catch (error) {
    return reply(id, thrown(error))
  }
  try {
    // The captured `then`: our callbacks get the real settlement whatever Promise.prototype says now. Engines
    // resolve with null-prototype objects, so no `then` an earlier run put on Object.prototype is consulted.
    then(
      result,
      (value) => reply(id, raw(value)),
      (error) => reply(id, thrown(error)),
    )
  } catch {
    // Not a promise (or a hostile species constructor threw): reply with the value itself.
    reply(id, raw(result))
  }
}

function raw(value: unknown): Record<string, unknown> {
  return { __proto__: null, type: 'RAW', value } as Record<string, unknown>
}

function reply(id: unknown, wire: Record<string, unknown>): void {
  wire.id = id
  try {
    send?.(wire)
  } catch (error) {
    // An uncloneable value: the runner must still hear that the call ended.
    const wire = thrown(error)
    wire.id = id
    send?.(wire)
  }
}

/** Comlink's `throw` handler format, which the runner's `wrap` turns back into an Error. */
function thrown(error: unknown): Record<string, unknown> {
  let message = 'unreadable error'
  let name = 'Error'
  try {
    if (error instanceof ErrorClass) {
      message = StringOf(error.message)
      name = StringOf(error.name)
    } else message = StringOf(error)
  } catch {
    // A hostile error object: keep the placeholder text.
  }
  const value = { __proto__: null, isError: true, value: { __proto__: null, message, name } }
  return { __proto__: null, type: 'HANDLER', name: 'throw', value } as Record<string, unknown>
}
