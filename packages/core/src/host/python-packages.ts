// The host page's side of Python packages. The site owner's index (a Pyodide distribution folder: pyodide-lock.json
// next to the wheels) may be on another origin, such as a CDN; only this page fetches from it. The runner's CSP is
// not widened, so user code still reaches nothing. The runner verifies each wheel again before a worker sees it.
// A page holds at most MAX_PACKAGE_BYTES_PER_PAGE of wheels. The packages a page imported are remembered (in the
// same Cache Storage), and on the next visit their cached wheels go to the runner as Python starts.
import { RuncellError } from '../errors.js'
import {
  MAX_PACKAGE_NAMES,
  normalizeName,
  type PackageAnswer,
  type PackageFailure,
  type PackageQuery,
  type PackageWheel,
  type PreloadWheel,
  type WheelBytes,
} from '../protocol/packages.js'

/** Where Python packages come from: `createRuntime({ pythonPackages })`. */
export interface PythonPackagesConfig {
  /**
   * A Pyodide distribution folder: `pyodide-lock.json` plus the wheels it lists (Pyodide's CDN `full/` folder, or
   * a copy made with `runcell assets --packages`). Default: `${assetsBaseUrl}pyodide/`.
   */
  indexUrl?: string
  /** Package names user code may load (their dependencies come along); default `'any'`: whatever the index lists. */
  allow?: readonly string[] | 'any'
}

/** {@link PythonPackagesConfig} with its defaults filled in. */
export interface ResolvedPythonPackages {
  indexUrl: string
  allow: readonly string[] | 'any'
}

/** Cache Storage name for verified wheels; entries are keyed by URL and sha-256, so versions never mix. */
const CACHE_NAME = 'runcell-python-packages-v1'

interface LockEntry {
  name: string
  file_name: string
  sha256: string
  depends: string[]
  imports: string[]
  install_dir: string
}

interface Lock {
  url: string
  /** Entries by normalized name. */
  packages: Map<string, LockEntry>
  /** Normalized package name by top-level import name. */
  byImport: Map<string, string>
}

// Shared by every runtime on the page: one lock file and one download per wheel, however many runners ask.
const locks = new Map<string, Promise<Lock | PackageFailure>>()
const wheels = new Map<string, Promise<ArrayBuffer | PackageFailure>>()

/**
 * Bytes of wheels a page may hold. The page keeps every wheel it got for its lifetime (each respawn reinstalls
 * from them), and with the default `allow: 'any'` on a CDN index, a loop of `micropip.install` calls in user
 * code could otherwise pull hundreds of MB through the reader's connection into this page's memory.
 */
const MAX_PACKAGE_BYTES_PER_PAGE = 300_000_000

/** What the page's wheels have taken so far, against the limit. */
export interface PackageBudget {
  limit: number
  used: number
}

const pageBudget: PackageBudget = { limit: MAX_PACKAGE_BYTES_PER_PAGE, used: 0 }

const fail = (name: string, reason: PackageFailure['reason'], message: string): PackageFailure => ({
  package: name,
  reason,
  message,
})

/**
 * Resolves package requests against the site's index and downloads the wheels, with this page's HTTP cache and
 * Cache Storage. Failures are answers, never exceptions: they end the run as a `PackageError`.
 */
export class PackageIndex {
  constructor(
    private readonly config: ResolvedPythonPackages,
    private readonly persist: boolean,
    private readonly budget: PackageBudget = pageBudget,
  ) {}

  /** The index folder's absolute URL, resolved at use: createRuntime must stay safe during server rendering. */
  private base(): string {
    return new URL(this.config.indexUrl, document.baseURI).href
  }

  /**
   * Every wheel the query needs, dependencies first, or the first package that can't be had. `arrived` is given
   * each verified wheel as soon as it is here, before the others are.
   */
  async answer(query: PackageQuery, arrived?: (wheel: WheelBytes) => void): Promise<PackageAnswer> {
    if (query.imports.length === 0 && query.packages.length === 0) return { wheels: [] }
    const lock = await this.lock()
    if ('reason' in lock) {
      // Imports of modules nobody listed are Python's to report (ModuleNotFoundError); names asked for are ours.
      const [first] = query.packages
      return first === undefined ? { wheels: [] } : { failure: { ...lock, package: first } }
    }
    const wanted: string[] = []
    for (const name of query.packages) {
      const key = normalizeName(name)
      if (!lock.packages.has(key))
        return { failure: fail(name, 'not-in-index', `"${name}" is not in the package index ${lock.url}`) }
      wanted.push(key)
    }
    for (const module of query.imports) {
      const key = lock.byImport.get(module)
      if (key) wanted.push(key)
    }
    for (const key of wanted) {
      if (!this.allows(key)) {
        const message = `"${key}" is in the package index but not allowed on this site (pythonPackages.allow)`
        return { failure: fail(key, 'not-allowed', message) }
      }
    }
    const order = dependenciesFirst(wanted, lock)
    if ('reason' in order) return { failure: order }
    const files = await Promise.all(
      order.map((entry) =>
        this.wheel(entry).then((bytes) => {
          if (arrived && bytes instanceof ArrayBuffer) arrived({ ...wheelFacts(entry), bytes })
          return bytes
        }),
      ),
    )
    const answer: WheelBytes[] = []
    for (const [i, bytes] of files.entries()) {
      if (!(bytes instanceof ArrayBuffer)) return { failure: bytes }
      answer.push({ ...wheelFacts(order[i] as LockEntry), bytes })
    }
    this.remember(lock, order)
    return { wheels: answer }
  }

  /**
   * The cached wheels of the packages this page imported on an earlier visit, for the runner to hold before any
   * run asks. Only what Cache Storage has: it reads nothing from the network, and it is empty when anything fails.
   */
  async preload(): Promise<PreloadWheel[]> {
    const cache = this.persist ? await openCache() : null
    if (!cache || typeof location === 'undefined') return []
    // The record first: a page that never imported a package reads nothing else, not even the lock file.
    const record: unknown = await cache
      .match(pageRecordKey(this.lockUrl()))
      .then((response) => response?.json())
      .catch(() => null)
    const names = Array.isArray(record) ? record.filter((name) => typeof name === 'string') : []
    if (names.length === 0) return []
    const lock = await this.lock()
    if ('reason' in lock) return []
    const keys = names
      .slice(0, MAX_PACKAGE_NAMES)
      .map(normalizeName)
      .filter((key) => lock.packages.has(key) && this.allows(key))
    const order = dependenciesFirst(keys, lock)
    if ('reason' in order) return []
    // This visit's record starts from the last one's: a package imported now adds to it, replacing nothing.
    this.record(lock, order)
    const found = await Promise.all(order.map((entry) => this.cachedWheel(entry, cache)))
    return found.filter((wheel) => wheel !== null)
  }

  /** Adds the packages an answer brought to this page's record, for the next visit's preload. */
  private remember(lock: Lock, order: readonly LockEntry[]): void {
    if (!this.persist || typeof location === 'undefined') return
    const names = this.record(lock, order)
    if (!names) return
    const record = new Response(JSON.stringify([...names]), {
      headers: { 'Content-Type': 'application/json' },
    })
    void openCache()
      .then((cache) => cache?.put(pageRecordKey(lock.url), record))
      .catch(() => {})
  }

  /** Adds `order`'s packages to this visit's record of them; the whole record when that added any, else null. */
  private record(lock: Lock, order: readonly LockEntry[]): ReadonlySet<string> | null {
    const key = pageRecordKey(lock.url)
    const names = pageImports.get(key) ?? new Set<string>()
    pageImports.set(key, names)
    const before = names.size
    for (const entry of order) if (names.size < MAX_PACKAGE_NAMES) names.add(entry.name)
    return names.size > before ? names : null
  }

  /** `entry`'s wheel from memory or Cache Storage, or null: the one read that never goes to the network. */
  private async cachedWheel(entry: LockEntry, cache: Cache): Promise<PreloadWheel | null> {
    const url = new URL(entry.file_name, this.base()).href
    if (!wheels.has(memoryKey(url, entry))) {
      const hit = await cache.match(cacheKey(url, entry)).catch(() => undefined)
      if (!hit?.ok || this.budget.used >= this.budget.limit) return null
      const unreadable = () =>
        fail(entry.name, 'download-failed', `${entry.name}: could not read it from this page's cache`)
      // A request that started the download meanwhile is used instead (see keep).
      void this.keep(entry, url, () => hit.arrayBuffer().catch(unreadable))
    }
    const bytes = await wheels.get(memoryKey(url, entry))
    if (!(bytes instanceof ArrayBuffer)) return null
    // The lock file's facts too, so that the runner can answer a run importing these without asking this page.
    return { ...wheelFacts(entry), bytes, imports: entry.imports, depends: entry.depends.map(normalizeName) }
  }

  /** Whether `pythonPackages.allow` lets user code load package `key` (a normalized name). */
  private allows(key: string): boolean {
    const { allow } = this.config
    return allow === 'any' || allow.some((name) => normalizeName(name) === key)
  }

  private lockUrl(): string {
    return new URL('pyodide-lock.json', this.base()).href
  }

  private lock(): Promise<Lock | PackageFailure> {
    const url = this.lockUrl()
    let found = locks.get(url)
    if (!found) {
      found = readLock(url)
      locks.set(url, found)
      // An index that was down may be back on the next run.
      void found.then((lock) => 'reason' in lock && locks.delete(url))
    }
    return found
  }

  private wheel(entry: LockEntry): Promise<ArrayBuffer | PackageFailure> {
    const url = new URL(entry.file_name, this.base()).href
    const { budget } = this
    if (!wheels.has(memoryKey(url, entry)) && budget.used >= budget.limit) {
      const mb = Math.round(budget.limit / 1_000_000)
      const message = `${entry.name}: this page has already loaded ${mb} MB of packages, its limit; reload the page to load others`
      return Promise.resolve(fail(entry.name, 'download-failed', message))
    }
    return this.keep(entry, url, () => download(entry, url, this.persist))
  }

  /**
   * The wheel this page holds for `entry`, or `get`'s, kept for every later request (and counted against the
   * page's limit); a failure is forgotten, so a later request tries again.
   */
  private keep(
    entry: LockEntry,
    url: string,
    get: () => Promise<ArrayBuffer | PackageFailure>,
  ): Promise<ArrayBuffer | PackageFailure> {
    const key = memoryKey(url, entry)
    let found = wheels.get(key)
    if (!found) {
      const { budget } = this
      found = get().then((bytes) => {
        if (bytes instanceof ArrayBuffer) budget.used += bytes.byteLength
        return bytes
      })
      wheels.set(key, found)
      void found.then((bytes) => bytes instanceof ArrayBuffer || wheels.delete(key))
    }
    return found
  }
}

async function readLock(url: string): Promise<Lock | PackageFailure> {
  const unavailable = (why: string) =>
    fail('', 'index-unavailable', `the package index ${url} could not be read (${why})`)
  let raw: unknown
  try {
    const response = await fetch(url)
    if (!response.ok) return unavailable(`HTTP ${response.status}`)
    raw = await response.json()
  } catch (error) {
    return unavailable(error instanceof SyntaxError ? 'not JSON' : 'network error')
  }
  const listed = (raw as { packages?: unknown } | null)?.packages
  if (typeof listed !== 'object' || listed === null) return unavailable('no "packages" in it')
  const packages = new Map<string, LockEntry>()
  const byImport = new Map<string, string>()
  for (const [name, value] of Object.entries(listed as Record<string, unknown>)) {
    const entry = lockEntry(name, value)
    if (!entry) continue
    const key = normalizeName(entry.name)
    packages.set(key, entry)
    for (const module of entry.imports) if (!byImport.has(module)) byImport.set(module, key)
  }
  return { url, packages, byImport }
}

function lockEntry(name: string, value: unknown): LockEntry | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const strings = (list: unknown) =>
    Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []
  if (typeof v.file_name !== 'string' || typeof v.sha256 !== 'string') return null
  return {
    name: typeof v.name === 'string' ? v.name : name,
    file_name: v.file_name,
    sha256: v.sha256.toLowerCase(),
    depends: strings(v.depends),
    imports: strings(v.imports),
    install_dir: typeof v.install_dir === 'string' ? v.install_dir : 'site',
  }
}

/** The packages and everything they depend on, each after its dependencies, or a dependency the index lacks. */
function dependenciesFirst(keys: readonly string[], lock: Lock): LockEntry[] | PackageFailure {
  const order: LockEntry[] = []
  const seen = new Set<string>()
  const visit = (key: string, neededBy: string | null): PackageFailure | null => {
    if (seen.has(key)) return null
    seen.add(key)
    const entry = lock.packages.get(key)
    if (!entry) {
      const why = neededBy ? ` (a dependency of ${neededBy})` : ''
      return fail(key, 'not-in-index', `"${key}"${why} is not in the package index ${lock.url}`)
    }
    for (const dependency of entry.depends) {
      const failure = visit(normalizeName(dependency), entry.name)
      if (failure) return failure
    }
    order.push(entry)
    return null
  }
  for (const key of keys) {
    const failure = visit(key, null)
    if (failure) return failure
  }
  return order
}

async function download(
  entry: LockEntry,
  url: string,
  persist: boolean,
): Promise<ArrayBuffer | PackageFailure> {
  const cache = persist ? await openCache() : null
  const key = cacheKey(url, entry)
  const hit = await cache?.match(key).catch(() => undefined)
  if (hit?.ok) return hit.arrayBuffer()
  let bytes: ArrayBuffer
  try {
    const response = await fetch(url)
    if (!response.ok) {
      // The default index is the assets' own pyodide/ folder, whose lock lists every Pyodide package but which
      // holds only the wheels a site copied there.
      const hint =
        response.status === 404
          ? `: the index lists it but has no wheel; copy it there with "npx runcell assets <dir> --packages ${entry.name} --from <Pyodide release>", or see docs/packages.md`
          : ''
      return fail(
        entry.name,
        'download-failed',
        `${entry.name}: download failed from ${url} (HTTP ${response.status})${hint}`,
      )
    }
    bytes = await response.arrayBuffer()
  } catch {
    return fail(entry.name, 'download-failed', `${entry.name}: download failed from ${url} (network error)`)
  }
  const actual = await sha256Hex(bytes)
  if (actual !== entry.sha256) {
    const got = actual ?? 'unknown (this page has no crypto.subtle: serve it over https)'
    return fail(
      entry.name,
      'checksum-mismatch',
      `${entry.name}: checksum mismatch for ${url}: sha256 ${got}, the lock file says ${entry.sha256}`,
    )
  }
  if (cache) void cache.put(key, new Response(bytes)).catch(() => {})
  return bytes
}

/** Where this page keeps a wheel in memory (`wheels`). */
const memoryKey = (url: string, entry: LockEntry) => `${url}#sha256=${entry.sha256}`

/** Where a verified wheel is kept in Cache Storage. */
const cacheKey = (url: string, entry: LockEntry) => `${url}?runcell-sha256=${entry.sha256}`

/**
 * Where this page's imported packages are recorded (in the wheels' Cache Storage): one record per page path and
 * index, a list of package names. A key, never fetched.
 */
const pageRecordKey = (lockUrl: string) => `${lockUrl}?runcell-page=${encodeURIComponent(location.pathname)}`

/** The packages this page imported during this visit, by record key. */
const pageImports = new Map<string, Set<string>>()

/** What the runner and the worker are told about a lock entry's wheel. */
function wheelFacts(entry: LockEntry): PackageWheel {
  return {
    name: entry.name,
    fileName: entry.file_name.split('/').pop() ?? entry.file_name,
    installDir: entry.install_dir === 'dynlib' ? 'dynlib' : 'site',
    sha256: entry.sha256,
  }
}

/** `answer` without the bytes of the wheels the runner holds (`held`, their sha-256), which it has no use for. */
export function withoutHeld(answer: PackageAnswer, held: readonly string[]): PackageAnswer {
  if (!('wheels' in answer) || held.length === 0) return answer
  const wheels = answer.wheels.map(({ bytes, ...wheel }) =>
    held.includes(wheel.sha256) || !bytes ? wheel : { ...wheel, bytes },
  )
  return { wheels }
}

/** The hex sha-256 of `bytes`, or null where SubtleCrypto is missing (a page served over plain http). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

async function openCache(): Promise<Cache | null> {
  // Cache Storage needs a secure context (https or localhost) and may be off in private windows.
  if (typeof caches === 'undefined') return null
  return caches.open(CACHE_NAME).catch(() => null)
}

/** Checks `pythonPackages` and fills in the defaults; returns a sentence naming the problem, or the result. */
export function resolvePythonPackages(
  value: PythonPackagesConfig | undefined,
  assetsBaseUrl: string,
): ResolvedPythonPackages | string {
  if (value === undefined) return { indexUrl: `${assetsBaseUrl}pyodide/`, allow: 'any' }
  if (typeof value !== 'object' || value === null)
    return '"pythonPackages" must be an object { indexUrl?, allow? }.'
  const { indexUrl, allow } = value
  if (indexUrl !== undefined && (typeof indexUrl !== 'string' || indexUrl.trim() === ''))
    return '"pythonPackages.indexUrl" must be the URL of a Pyodide distribution folder (with pyodide-lock.json).'
  if (indexUrl !== undefined && !parsesAsUrl(indexUrl))
    return `"pythonPackages.indexUrl" is not a valid URL: ${JSON.stringify(indexUrl)}.`
  if (
    allow !== undefined &&
    allow !== 'any' &&
    !(Array.isArray(allow) && allow.every((name) => typeof name === 'string'))
  ) {
    return `"pythonPackages.allow" must be 'any' or a list of package names; got ${JSON.stringify(allow)}.`
  }
  const folder = indexUrl === undefined ? `${assetsBaseUrl}pyodide/` : indexUrl
  return {
    indexUrl: folder.endsWith('/') ? folder : `${folder}/`,
    allow: allow === undefined || allow === 'any' ? 'any' : Object.freeze([...allow]),
  }
}

// The page's base is not known during server rendering; any base tells a malformed URL ('http://[') apart.
function parsesAsUrl(url: string): boolean {
  try {
    new URL(url, 'https://site.example/')
    return true
  } catch {
    return false
  }
}

/** Checks a run request's `packages`, so that a bad list fails at `run()` with the reason. */
export function checkPackages(packages: unknown): void {
  if (packages === undefined) return
  const ok =
    Array.isArray(packages) &&
    packages.length <= MAX_PACKAGE_NAMES &&
    packages.every((name) => typeof name === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(name))
  if (!ok) {
    throw new RuncellError(
      'INVALID_REQUEST',
      `run: "packages" must be a list of at most ${MAX_PACKAGE_NAMES} package names (letters, digits, ".", "_", "-").`,
    )
  }
}
