// The JavaScript half of an exercise check: the `assert` the check code gets, the script that compiles the
// check (the runner's CSP forbids eval, so it loads like a snippet), and the verdict. It only runs in a fresh
// engine (frame/engine-slot.ts), so no earlier snippet on the page could have patched what it uses.
import type { CheckResult } from '../../protocol/types.js'
import { formatValue } from './serialize.js'

/** What a failed `assert` throws: a `fail` verdict with its message. Anything else thrown is an `error`. */
export class CheckFailure extends Error {
  override name = 'AssertionError'
}

/** The `assert` a check gets: Node's basic shape, with strict comparisons (`===`, and NaN equals NaN). */
export interface CheckAssert {
  (value: unknown, message?: string): void
  ok(value: unknown, message?: string): void
  equal(actual: unknown, expected: unknown, message?: string): void
  deepEqual(actual: unknown, expected: unknown, message?: string): void
  throws(
    run: () => unknown,
    expected?: RegExp | (new (...args: never[]) => unknown) | string,
    message?: string,
  ): void
}

const show = (value: unknown) =>
  formatValue(value, true, { depth: 3, items: 10, stringChars: 200, totalChars: 400 })

/** Creates the `assert` handed to one check. */
export function createAssert(): CheckAssert {
  const fail = (message: string): never => {
    throw new CheckFailure(message)
  }
  const ok = (value: unknown, message?: string) => {
    if (!value) fail(message ?? `Expected a truthy value; got ${show(value)}.`)
  }
  const assert = ((value: unknown, message?: string) => ok(value, message)) as CheckAssert
  assert.ok = ok
  assert.equal = (actual, expected, message) => {
    if (!same(actual, expected)) fail(message ?? `Expected ${show(expected)}; got ${show(actual)}.`)
  }
  assert.deepEqual = (actual, expected, message) => {
    if (!deepEqual(actual, expected, [])) fail(message ?? `Expected ${show(expected)}; got ${show(actual)}.`)
  }
  assert.throws = (run, expected, message) => {
    const text = typeof expected === 'string' ? expected : message
    try {
      run()
    } catch (error) {
      if (
        expected instanceof RegExp &&
        !expected.test(error instanceof Error ? error.message : String(error))
      )
        fail(text ?? `The error ${show(error)} does not match ${String(expected)}.`)
      if (typeof expected === 'function' && !(error instanceof expected))
        fail(text ?? `Expected a ${expected.name || 'specific'} error; got ${show(error)}.`)
      return
    }
    fail(text ?? 'Expected the function to throw; it returned.')
  }
  return assert
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b)
}

/** The pairs being compared on the current path, outermost first: where a cycle can close. */
type Path = { a: object; b: object }[]

function deepEqual(a: unknown, b: unknown, path: Path): boolean {
  if (same(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  // A cycle compares equal where it closes: the same pair met again on the way down. An object that is merely
  // shared (one array used as two rows) is compared again each time, against whatever the other side holds there.
  if (path.some((pair) => pair.a === a && pair.b === b)) return true
  path.push({ a, b })
  try {
    return compareObjects(a, b, path)
  } finally {
    path.pop()
  }
}

function compareObjects(a: object, b: object, path: Path): boolean {
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>
    if (a.size !== other.size) return false
    for (const [key, value] of a) if (!other.has(key) || !deepEqual(value, other.get(key), path)) return false
    return true
  }
  if (a instanceof Set) {
    // Members compare by identity, as Set itself does: sets of objects are equal only when they hold the same ones.
    const other = b as Set<unknown>
    return a.size === other.size && [...a].every((value) => other.has(value))
  }
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path),
  )
}

/** A classic script that throws the check as an async function of `ns`, `stdout`, `result` and `assert`. */
export function checkScript(code: string): string {
  return `throw async function (ns, stdout, result, assert) {\n${code}\n}\n//# sourceURL=runcell-check`
}

/** The compiled check, as loading {@link checkScript} hands it over. */
export type CompiledCheck = (
  ns: object,
  stdout: string,
  result: unknown,
  assert: CheckAssert,
) => Promise<unknown>

/** Runs a compiled check and turns how it ended into the verdict. */
export async function runCheck(
  check: CompiledCheck,
  scope: { ns: object; stdout: string; result: unknown },
): Promise<CheckResult> {
  try {
    await check(scope.ns, scope.stdout, scope.result, createAssert())
    return { status: 'pass' }
  } catch (error) {
    return verdictOf(error)
  }
}

/** The verdict for what a check threw: a failed assert is `fail`; anything else is the author's `error`. */
export function verdictOf(error: unknown): CheckResult {
  if (error instanceof CheckFailure) return { status: 'fail', message: error.message }
  try {
    if (error instanceof Error) return { status: 'error', message: `${error.name}: ${error.message}` }
    return { status: 'error', message: `the check threw ${show(error)}` }
  } catch {
    return { status: 'error', message: 'the check threw something unreadable' }
  }
}
