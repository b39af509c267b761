// The runner's side of Python packages: a worker asks (a `runcell:packages` message), the host page resolves and
// downloads from the site's index, and the runner checks each wheel's sha-256 against the lock file's and unpacks
// it (frame/wheel.ts) before the worker gets it. Verified wheels stay here for the runner's lifetime, so a
// respawned worker reinstalls them without another download, and the host never sends a wheel twice. Wheels the
// page imported on an earlier visit arrive as Python starts (`package-preload`) and are ready before anyone asks.
import { transfer, type Remote } from 'comlink'
import type { ServedEngineApi } from '../protocol/engine.js'
import {
  MAX_PACKAGE_WHEELS,
  normalizeName,
  type DeliveredWheel,
  type PackageAnswer,
  type PackageDelivery,
  type PackageQuery,
  type PackageWheel,
  type PreloadWheel,
  type WheelBytes,
  type WheelFile,
} from '../protocol/packages.js'
import type { RunEvent } from '../protocol/types.js'
import { unpackedWheel } from './wheel.js'

/** Requests one worker may have waiting at once; Python code rarely has more than a few installs under way. */
const MAX_QUEUED_REQUESTS = 8

/** Hands Python packages to workers; one per runner page. */
export class PackageBroker {
  private sequence = 0
  private readonly waiting = new Map<string, (answer: PackageAnswer) => void>()
  /** Verified bytes by sha-256 (null: the bytes did not match). */
  private readonly verified = new Map<string, Promise<ArrayBuffer | null>>()
  /**
   * A verified wheel's files by sha-256, or null when it goes to Pyodide's installer as bytes. Files go to one
   * worker (moved, not copied: 3.5 ms saved on 3 MB); a respawned worker's request unpacks the bytes again.
   */
  private readonly unpacked = new Map<string, Promise<WheelFile[] | null>>()
  /** Preloaded wheels by normalized package name, and those names by the modules they provide. */
  private readonly preloaded = new Map<string, { wheel: PackageWheel; depends: string[] }>()
  private readonly preloadedImports = new Map<string, string>()
  /** What each worker was given, so progress names only what it installs now. */
  private readonly given = new WeakMap<object, Set<string>>()
  /** Workers loading or loaded, in the order they started: the first of them takes preloaded files. */
  private readonly loaded = new Set<Remote<ServedEngineApi>>()
  /**
   * Each worker's requests, served one after another (two `micropip.install` calls at once both get answers), and
   * how many wait: past {@link MAX_QUEUED_REQUESTS} a request is refused, so a flood of them costs nothing.
   */
  private readonly queues = new WeakMap<object, { tail: Promise<unknown>; waiting: number }>()

  constructor(private readonly askHost: (requestId: string, query: PackageQuery, held: string[]) => void) {}

  /**
   * Verifies and unpacks wheels the host page sent before any worker asked for them, and keeps what the lock file
   * says of them: a request for these alone is then answered here, without the host page.
   */
  preload(wheels: readonly PreloadWheel[]): void {
    for (const { bytes, imports, depends, ...wheel } of wheels) {
      this.ahead({ ...wheel, bytes })
      const key = normalizeName(wheel.name)
      this.preloaded.set(key, { wheel, depends })
      for (const module of imports)
        if (!this.preloadedImports.has(module)) this.preloadedImports.set(module, key)
    }
    for (const worker of this.loaded) void this.handOver(worker)
  }

  /**
   * Verifies and unpacks a wheel before the answer that needs it arrives (a preload, or one wheel of an answer
   * still downloading), so that the answer finds it ready. Set at once, so that a request arriving while the hash
   * runs takes this unpacking instead of its own.
   */
  ahead({ sha256, bytes, installDir }: WheelBytes): void {
    if (this.unpacked.has(sha256)) return
    const verified = this.verify(sha256, bytes)
    this.unpacked.set(
      sha256,
      verified.then((ok) => ok && unpackedWheel(ok, installDir)),
    )
  }

  /** A Python worker was told to load: it installs the preloaded wheels once it is ready, or as they arrive. */
  workerStarting(worker: Remote<ServedEngineApi>): void {
    this.loaded.add(worker)
    void this.handOver(worker)
  }

  /** A worker that went away. */
  workerEnded(worker: Remote<ServedEngineApi>): void {
    this.loaded.delete(worker)
  }

  /**
   * Hands `worker` the files of preloaded pure-Python wheels that no worker took yet, so that its first import of
   * them asks for nothing: on a returning visit, the wheels the page imported last time are installed before the
   * reader runs anything. Files move to one worker; a later one (a respawn) asks, and gets them unpacked again.
   */
  private async handOver(worker: Remote<ServedEngineApi>): Promise<void> {
    const given = this.givenTo(worker)
    const taken: { wheel: PackageWheel; files: Promise<WheelFile[] | null> }[] = []
    for (const { wheel } of this.preloaded.values()) {
      const files = this.unpacked.get(wheel.sha256)
      if (!files || given.has(wheel.name)) continue
      this.unpacked.delete(wheel.sha256)
      given.add(wheel.name)
      taken.push({ wheel, files })
    }
    const wheels: DeliveredWheel[] = []
    for (const { wheel, files } of taken) {
      const got = await files.catch(() => null)
      // A wheel with shared libraries (no files) waits for an import: Pyodide's installer loads its libraries.
      if (got) wheels.push({ ...wheel, files: got })
      else given.delete(wheel.name)
    }
    if (wheels.length === 0) return
    const moved = movedDelivery({ wheels })
    if ('wheels' in moved.answer)
      await worker.preinstallPackages(transfer(moved.answer.wheels, moved.buffers)).catch(() => {})
  }

  private givenTo(worker: object): Set<string> {
    const given = this.given.get(worker) ?? new Set<string>()
    this.given.set(worker, given)
    return given
  }

  /**
   * The answer for a request that preloaded wheels cover entirely (every import and name, with their
   * dependencies), dependencies first, without bytes (this runner holds them); null when the host page must answer.
   */
  private localAnswer(query: PackageQuery): PackageAnswer | null {
    if (this.preloaded.size === 0) return null
    const keys = [
      ...query.imports.map((module) => this.preloadedImports.get(module)),
      ...query.packages.map(normalizeName),
    ]
    const order: PackageWheel[] = []
    const seen = new Set<string>()
    const visit = (key: string | undefined): boolean => {
      if (key === undefined) return false
      if (seen.has(key)) return true
      seen.add(key)
      const entry = this.preloaded.get(key)
      if (!entry || !entry.depends.every(visit)) return false
      order.push(entry.wheel)
      return true
    }
    return keys.every(visit) ? { wheels: order } : null
  }

  /** The host page's answer to request `requestId`. */
  receive(requestId: string, answer: PackageAnswer): void {
    const waiting = this.waiting.get(requestId)
    this.waiting.delete(requestId)
    waiting?.(answer)
  }

  /**
   * Answers a worker's request: the host resolves and downloads, the runner verifies. `installing` is told each
   * package the worker does not have yet, before it gets the bytes.
   */
  async deliver(
    worker: object,
    query: PackageQuery,
    installing: (name: string) => void,
  ): Promise<PackageDelivery> {
    const queue = this.queues.get(worker) ?? { tail: Promise.resolve(), waiting: 0 }
    this.queues.set(worker, queue)
    if (queue.waiting >= MAX_QUEUED_REQUESTS) {
      const message = `more than ${MAX_QUEUED_REQUESTS} package requests at once; install packages a few at a time`
      return { failure: { package: query.packages[0] ?? '', reason: 'index-unavailable', message } }
    }
    queue.waiting += 1
    const mine = queue.tail.then(() => this.serve(worker, query, installing))
    queue.tail = mine.catch(() => {})
    try {
      return await mine
    } finally {
      queue.waiting -= 1
    }
  }

  private async serve(
    worker: object,
    query: PackageQuery,
    installing: (name: string) => void,
  ): Promise<PackageDelivery> {
    const requestId = `packages-${++this.sequence}`
    const answer =
      this.localAnswer(query) ??
      (await new Promise<PackageAnswer>((resolve) => {
        this.waiting.set(requestId, resolve)
        // The newest ones, should there ever be more than a message may list.
        this.askHost(requestId, query, [...this.verified.keys()].slice(-MAX_PACKAGE_WHEELS))
      }))
    if ('failure' in answer) return answer
    const given = this.givenTo(worker)
    const wheels: DeliveredWheel[] = []
    // Hashed and unpacked all at once: one after another, 3 MB of wheels took seconds on a busy machine.
    const ready = answer.wheels.map(async ({ name, sha256, bytes, installDir }) => {
      // No bytes: the runner said it holds them (a wheel it could not verify is no longer held, and fails here).
      const verified = await (bytes ? this.verify(sha256, bytes) : (this.verified.get(sha256) ?? null))
      if (!verified) return null
      // A wheel the worker was handed already goes as bytes, which it skips: it installs nothing twice.
      return {
        bytes: verified,
        files: given.has(name) ? null : await this.take(sha256, verified, installDir),
      }
    })
    for (const [i, { bytes: _bytes, ...wheel }] of answer.wheels.entries()) {
      if (!given.has(wheel.name)) installing(wheel.name)
      const got = await ready[i]
      if (!got) {
        const message = `${wheel.name}: checksum mismatch: ${wheel.fileName} does not have the sha256 the lock file gives (${wheel.sha256})`
        return { failure: { package: wheel.name, reason: 'checksum-mismatch', message } }
      }
      wheels.push(got.files ? { ...wheel, files: got.files } : { ...wheel, bytes: got.bytes })
      given.add(wheel.name)
    }
    return { wheels }
  }

  /**
   * The wheel's files for one worker: unpacked ahead (a preload) or now. Taken out of the map at once, so that no
   * two workers are handed the same buffers (the first post would leave the other with detached ones).
   */
  private take(sha256: string, bytes: ArrayBuffer, installDir: string): Promise<WheelFile[] | null> {
    const found = this.unpacked.get(sha256) ?? unpackedWheel(bytes, installDir)
    this.unpacked.delete(sha256)
    return found
  }

  private verify(sha256: string, bytes: ArrayBuffer): Promise<ArrayBuffer | null> {
    let found = this.verified.get(sha256)
    if (!found) {
      found = (async () => {
        // Where SubtleCrypto is missing (a runner on plain http), the host page's check is the one that counts.
        if (!globalThis.crypto?.subtle) return bytes
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
        const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
        return hex === sha256 ? bytes : null
      })()
      this.verified.set(sha256, found)
      void found.then((bytes) => bytes ?? this.verified.delete(sha256))
    }
    return found
  }
}

/**
 * `delivery` ready to post: unpacked files move as they are (each worker gets its own), bytes are copied (the
 * runner keeps its own for respawns).
 */
function movedDelivery(delivery: PackageDelivery): { answer: PackageDelivery; buffers: ArrayBuffer[] } {
  if (!('wheels' in delivery)) return { answer: delivery, buffers: [] }
  const buffers: ArrayBuffer[] = []
  const wheels = delivery.wheels.map((wheel): DeliveredWheel => {
    if ('bytes' in wheel) {
      const bytes = wheel.bytes.slice(0)
      buffers.push(bytes)
      return { ...wheel, bytes }
    }
    const files = wheel.files.map(({ path, data }) => {
      const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
      const own = whole && data.buffer instanceof ArrayBuffer ? data : data.slice()
      buffers.push(own.buffer as ArrayBuffer)
      return { path, data: own }
    })
    return { ...wheel, files }
  })
  return { answer: { wheels }, buffers }
}

/**
 * Serves one `runcell:packages` request of a worker: progress goes to the run as `installing` status events, and
 * the verified wheels (or the failure) go back through the worker's `providePackages`.
 */
export function servePackages(
  broker: PackageBroker | undefined,
  api: Remote<ServedEngineApi>,
  request: { requestId: string; query: PackageQuery },
  event: (event: RunEvent) => void,
): void {
  let announced = false
  const delivery: Promise<PackageDelivery> = broker
    ? broker.deliver(api, request.query, (name) => {
        announced = true
        event({ type: 'status', phase: 'installing', package: name })
      })
    : Promise.resolve({
        failure: { package: '', reason: 'index-unavailable', message: 'this runner has no package index' },
      })
  void delivery
    .then((answer) => {
      // The status line goes back to running once the packages are in.
      if (announced) event({ type: 'status', phase: 'running' })
      const moved = movedDelivery(answer)
      return api.providePackages(request.requestId, transfer(moved.answer, moved.buffers))
    })
    .catch(() => {
      // A worker that went away, or refuses the answer, is found out by the run's clock.
    })
}
