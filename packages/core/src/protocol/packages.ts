// Python packages on the wire: what a worker asks for, what the host page answers with, and the checks on both.
// The host page resolves and downloads (it alone may reach the site's package index); the runner verifies every
// wheel's sha-256 against the lock file's entry before a worker sees it.
import { isDict, oneOf, text } from './checks.js'
import { MAX_ENGINE_FILE_BYTES } from './limits.js'

/** Most package or import names in one request. */
export const MAX_PACKAGE_NAMES = 100
/** Longest package or import name accepted. */
export const MAX_PACKAGE_NAME_CHARS = 200
/** Most wheels in one answer (matplotlib with its dependencies is about a dozen). */
export const MAX_PACKAGE_WHEELS = 200

/** Why a package could not be had. */
export const PACKAGE_FAILURES = [
  'not-in-index',
  'not-allowed',
  'checksum-mismatch',
  'download-failed',
  'index-unavailable',
] as const

/** One of {@link PACKAGE_FAILURES}. */
export type PackageFailureReason = (typeof PACKAGE_FAILURES)[number]

/** A package that can't be had, and a message naming it and the reason. */
export interface PackageFailure {
  package: string
  reason: PackageFailureReason
  message: string
}

/** One wheel, as the host page hands it to the runner: the bytes plus the lock file's facts about them. */
export interface PackageWheel {
  /** The package's name in the lock file. */
  name: string
  /** The wheel's file name (tells Pyodide how to install it). */
  fileName: string
  /** `site` (site-packages) or `dynlib` (shared libraries), from the lock file. */
  installDir: string
  /** The lock file's hex sha-256 of the wheel. */
  sha256: string
}

/** The host page's answer: every wheel needed, dependencies first, or the first failure. */
export type PackageAnswer =
  { wheels: (PackageWheel & { bytes: ArrayBuffer })[] } | { failure: PackageFailure }

/** What a worker (and the runner, for the host) asks for: imports found in code, and names asked for outright. */
export interface PackageQuery {
  /** Top-level modules the code imports that the interpreter doesn't have; unknown ones are ignored. */
  imports: string[]
  /** Package names asked for by `packages` or `micropip.install`; an unknown one is an error. */
  packages: string[]
}

/** What the runner hands a worker: verified wheel bytes, dependencies first, or the failure. */
export type PackageDelivery =
  { wheels: (PackageWheel & { bytes: ArrayBuffer })[] } | { failure: PackageFailure }

/**
 * `answer` with its wheels in new buffers, and those buffers, for a sender that moves the wheels to another
 * context (postMessage's transfer list) and keeps its own. In Chromium 156, 3 MB of wheels moved into the
 * sandboxed frame in about 30 ms, and took about 190 ms cloned; into a worker, 16 against 31-37 ms.
 */
export function copiedWheels<T extends PackageAnswer>(answer: T): { answer: T; buffers: ArrayBuffer[] } {
  if (!('wheels' in answer)) return { answer, buffers: [] }
  const wheels = answer.wheels.map((wheel) => ({ ...wheel, bytes: wheel.bytes.slice(0) }))
  return { answer: { ...answer, wheels }, buffers: wheels.map((wheel) => wheel.bytes) }
}

/** A list of package or import names from an untrusted sender, or null. */
export function parseNames(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_PACKAGE_NAMES) return null
  const names: string[] = []
  for (const item of value) {
    const name = text(item, MAX_PACKAGE_NAME_CHARS)
    if (name === null) return null
    names.push(name)
  }
  return names
}

/** A {@link PackageQuery} from an untrusted sender, or null. */
export function parseQuery(value: unknown): PackageQuery | null {
  if (!isDict(value)) return null
  const imports = parseNames(value.imports)
  const packages = parseNames(value.packages)
  return imports && packages ? { imports, packages } : null
}

function parseFailure(value: unknown): PackageFailure | null {
  if (!isDict(value)) return null
  const name = text(value.package, MAX_PACKAGE_NAME_CHARS)
  const reason = oneOf(value.reason, PACKAGE_FAILURES)
  const message = text(value.message, 2_000)
  return name !== null && reason && message !== null ? { package: name, reason, message } : null
}

function parseWheel(value: unknown): PackageWheel | null {
  if (!isDict(value)) return null
  const name = text(value.name, MAX_PACKAGE_NAME_CHARS)
  const fileName = text(value.fileName, 500)
  const installDir = oneOf(value.installDir, ['site', 'dynlib'] as const)
  const sha256 = text(value.sha256, 64)
  if (name === null || fileName === null || !installDir || sha256 === null) return null
  if (!/^[0-9a-f]{64}$/.test(sha256) || fileName.includes('/') || fileName.includes('\\')) return null
  return { name, fileName, installDir, sha256 }
}

/** The host page's {@link PackageAnswer}, as the runner receives it, or null. */
export function parseAnswer(value: unknown): PackageAnswer | null {
  if (!isDict(value)) return null
  if (value.failure !== undefined) {
    const failure = parseFailure(value.failure)
    return failure ? { failure } : null
  }
  if (!Array.isArray(value.wheels) || value.wheels.length > MAX_PACKAGE_WHEELS) return null
  const wheels: (PackageWheel & { bytes: ArrayBuffer })[] = []
  for (const item of value.wheels as unknown[]) {
    const wheel = parseWheel(item)
    const bytes = isDict(item) ? item.bytes : null
    if (!wheel || !(bytes instanceof ArrayBuffer) || bytes.byteLength > MAX_ENGINE_FILE_BYTES) return null
    wheels.push({ ...wheel, bytes })
  }
  return { wheels }
}
