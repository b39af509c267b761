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

/**
 * A wheel as the host page sends it: with its bytes, except in an answer to a runner that said it holds them
 * already (`held` in its `need-packages`: it keeps every wheel it verified for its lifetime).
 */
export type AnswerWheel = PackageWheel & { bytes?: ArrayBuffer }

/** A wheel with its bytes, as the host page sends it before an answer (`package-preload`, `package-wheel`). */
export type WheelBytes = PackageWheel & { bytes: ArrayBuffer }

/**
 * A wheel the host page sends ahead (`package-preload`), with what the lock file says of it: the modules it
 * provides and the packages it needs (normalized names), so that the runner can answer for it on its own.
 */
export type PreloadWheel = WheelBytes & { imports: string[]; depends: string[] }

/** A package name as PEP 503 compares them: `Python_DateUtil` and `python-dateutil` are one package. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/** The host page's answer: every wheel needed, dependencies first, or the first failure. */
export type PackageAnswer = { wheels: AnswerWheel[] } | { failure: PackageFailure }

/** What a worker (and the runner, for the host) asks for: imports found in code, and names asked for outright. */
export interface PackageQuery {
  /** Top-level modules the code imports that the interpreter doesn't have; unknown ones are ignored. */
  imports: string[]
  /** Package names asked for by `packages` or `micropip.install`; an unknown one is an error. */
  packages: string[]
}

/** One file of a wheel the runner unpacked: its path inside the archive and its bytes. */
export interface WheelFile {
  path: string
  data: Uint8Array
}

/**
 * A verified wheel as a worker gets it: unpacked by the runner (`files`: a pure-Python wheel, written out as it
 * is), or as bytes for Pyodide's installer (shared libraries, data folders, anything unusual).
 */
export type DeliveredWheel = PackageWheel & ({ files: WheelFile[] } | { bytes: ArrayBuffer })

/** What the runner hands a worker: its wheels, dependencies first, or the failure. */
export type PackageDelivery = { wheels: DeliveredWheel[] } | { failure: PackageFailure }

/**
 * `message` with its wheels' bytes in new buffers, and those buffers, for a sender that moves the wheels to
 * another context (postMessage's transfer list) and keeps its own. In Chromium 156, 3 MB of wheels moved into the
 * sandboxed frame in about 30 ms, and took about 190 ms cloned. A wheel without bytes (the runner holds them) is
 * passed as it is.
 */
export function copiedWheels<
  T extends { wheels: readonly (PackageWheel & { bytes?: ArrayBuffer })[] } | { failure: PackageFailure },
>(message: T): { answer: T; buffers: ArrayBuffer[] } {
  if (!('wheels' in message)) return { answer: message, buffers: [] }
  const buffers: ArrayBuffer[] = []
  const wheels = message.wheels.map((wheel) => {
    if (!wheel.bytes) return wheel
    const bytes = wheel.bytes.slice(0)
    buffers.push(bytes)
    return { ...wheel, bytes }
  })
  return { answer: { ...message, wheels } as T, buffers }
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
  const wheels = parseWheels(value.wheels, false)
  return wheels && { wheels }
}

/**
 * Wheels from the host page, with their bytes (`needBytes`) or with bytes where it sent them; null when anything
 * in the list is malformed.
 */
function parseWheels(value: unknown, needBytes: true): WheelBytes[] | null
function parseWheels(value: unknown, needBytes: false): AnswerWheel[] | null
function parseWheels(value: unknown, needBytes: boolean): AnswerWheel[] | null {
  if (!Array.isArray(value) || value.length > MAX_PACKAGE_WHEELS) return null
  const wheels: AnswerWheel[] = []
  for (const item of value as unknown[]) {
    const wheel = parseWheel(item)
    const bytes = isDict(item) ? item.bytes : undefined
    if (!wheel) return null
    if (bytes === undefined && !needBytes) {
      wheels.push(wheel)
      continue
    }
    if (!(bytes instanceof ArrayBuffer) || bytes.byteLength > MAX_ENGINE_FILE_BYTES) return null
    wheels.push({ ...wheel, bytes })
  }
  return wheels
}

/** The wheel of a host page's `package-wheel`, or null. */
export function parseWheelAhead(value: unknown): WheelBytes | null {
  return parseWheels([value], true)?.[0] ?? null
}

/** The wheels of a host page's `package-preload`, or null. */
export function parsePreload(value: unknown): PreloadWheel[] | null {
  const wheels = parseWheels(value, true)
  if (!wheels) return null
  const preload: PreloadWheel[] = []
  for (const [i, wheel] of wheels.entries()) {
    const item = (value as Record<string, unknown>[])[i]
    const imports = parseNames(item?.imports)
    const depends = parseNames(item?.depends)
    if (!imports || !depends) return null
    preload.push({ ...wheel, imports, depends })
  }
  return preload
}

/** The sha-256 list of a runner's `need-packages` (`held`), or null. */
export function parseHeld(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_PACKAGE_WHEELS) return null
  const held = value.filter((item): item is string => typeof item === 'string' && /^[0-9a-f]{64}$/.test(item))
  return held.length === value.length ? held : null
}
