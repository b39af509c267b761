// The runner's side of Python packages: a worker asks (a `runcell:packages` message), the host page resolves and
// downloads from the site's index, and the runner checks each wheel's sha-256 against the lock file's before the
// worker gets the bytes. Verified wheels stay here for the runner's lifetime, so a respawned worker reinstalls
// them without another download.
import { transfer, type Remote } from 'comlink'
import type { ServedEngineApi } from '../protocol/engine.js'
import {
  copiedWheels,
  type PackageAnswer,
  type PackageDelivery,
  type PackageQuery,
  type PackageWheel,
} from '../protocol/packages.js'
import type { RunEvent } from '../protocol/types.js'

type Delivered = PackageWheel & { bytes: ArrayBuffer }

/** Requests one worker may have waiting at once; Python code rarely has more than a few installs under way. */
const MAX_QUEUED_REQUESTS = 8

/** Hands Python packages to workers; one per runner page. */
export class PackageBroker {
  private sequence = 0
  private readonly waiting = new Map<string, (answer: PackageAnswer) => void>()
  /** Verified bytes by sha-256 (null: the bytes did not match). */
  private readonly verified = new Map<string, Promise<ArrayBuffer | null>>()
  /** What each worker was given, so progress names only what it installs now. */
  private readonly given = new WeakMap<object, Set<string>>()
  /**
   * Each worker's requests, served one after another (two `micropip.install` calls at once both get answers), and
   * how many wait: past {@link MAX_QUEUED_REQUESTS} a request is refused, so a flood of them costs nothing.
   */
  private readonly queues = new WeakMap<object, { tail: Promise<unknown>; waiting: number }>()

  constructor(private readonly askHost: (requestId: string, query: PackageQuery) => void) {}

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
    const answer = await new Promise<PackageAnswer>((resolve) => {
      this.waiting.set(requestId, resolve)
      this.askHost(requestId, query)
    })
    if ('failure' in answer) return answer
    const given = this.given.get(worker) ?? new Set<string>()
    this.given.set(worker, given)
    const wheels: Delivered[] = []
    // Hashed all at once: one after another, 3 MB of wheels took seconds on a busy machine.
    const checked = answer.wheels.map(({ sha256, bytes }) => this.verify(sha256, bytes))
    for (const [i, { bytes: _bytes, ...wheel }] of answer.wheels.entries()) {
      if (!given.has(wheel.name)) installing(wheel.name)
      const bytes = await checked[i]
      if (!bytes) {
        const message = `${wheel.name}: checksum mismatch: ${wheel.fileName} does not have the sha256 the lock file gives (${wheel.sha256})`
        return { failure: { package: wheel.name, reason: 'checksum-mismatch', message } }
      }
      wheels.push({ ...wheel, bytes })
      given.add(wheel.name)
    }
    return { wheels }
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
      // The runner keeps its own copies, for respawns.
      const moved = copiedWheels(answer)
      return api.providePackages(request.requestId, transfer(moved.answer, moved.buffers))
    })
    .catch(() => {
      // A worker that went away, or refuses the answer, is found out by the run's clock.
    })
}
