import { createMonitor, type Monitor } from '@runcell/core/monitor'
import type { Logger } from 'pino'
import { parseConfig } from './config/load'
import type { HostConfig } from './config/schema'
import { createMemoryCoordination } from './coordination/memory'
import { createRedisCoordination } from './coordination/redis'
import type { Coordination } from './coordination/types'
import { openDatabase, type Database } from './db/client'
import { deleteOldRows } from './db/maintenance'
import { clientHash, readClientSalt } from './store/client-hash'
import { migrate } from './db/migrate'
import { FLAGS_CACHE_KEY, createFlagsDocuments, type FlagsDocuments } from './flags-document'
import { createAlerts, type Alerts } from './observability/alerts'
import { evaluateHealth, unreachableDocument } from './observability/health'
import { createHealthSnapshots, type HealthSnapshots } from './observability/health-snapshots'
import { createLogger } from './observability/logger'
import { createMetrics, type HostMetrics } from './observability/metrics'
import { createExecutionWriter, type ExecutionWriter } from './store/executions'
import { readSystemState, type SystemState } from './store/system-state'

/** What the process has from its first line, before and without a database: probes and logs need no more. */
export interface HostProcess {
  config: HostConfig
  log: Logger
  metrics: HostMetrics
  monitor: Monitor
  /**
   * The header that carries the socket's peer address from the front door to route handlers. Its name holds a
   * random part chosen at start-up, so a client cannot send it.
   */
  peerHeader: string
  /** The background health check the probes answer from. */
  health: HealthSnapshots
  /** Health transitions to Slack and PagerDuty. */
  alerts: Alerts
}

/** Everything a route handler needs: the process, plus the database and the shared cache once they answer. */
export interface HostContext extends HostProcess {
  db: Database
  coordination: Coordination
  /** Telemetry ingest's writer: concurrent batches are group-committed. */
  executions: ExecutionWriter
  /** The flags document clients fetch, cached here and in the shared cache. */
  flags: FlagsDocuments
  /** The switches, cached in-process and dropped when any instance announces a change. */
  systemState(): Promise<SystemState>
  /** Drops cached state here and on every other instance (flags or switches changed). */
  announceChange(what: 'flags' | 'switches'): Promise<void>
  /** Registers a cache to drop when any instance announces a change. */
  onChange(listener: () => void): void
  /** A client address's salted hash (the installation's own secret salt), for counting senders without addresses. */
  hashClient(ip: string): Promise<string>
}

const CHANGES = 'changes'
// A safety net under pub/sub: even a missed message is corrected this quickly.
const STATE_TTL_MS = 5_000
const RETENTION_EVERY_MS = 60 * 60_000
/** How often the background health check runs. */
export const HEALTH_INTERVAL_MS = 1_000
// On top of the interval and the database timeout: event-loop delay and the other checks of one run.
const STALE_MARGIN_MS = 2_000

// The one process-wide handle. The server entry (server/main.ts) and every route bundle Next compiles are
// separate module graphs, each with its own copy of this file; they meet here, and nowhere else.
const key = Symbol.for('runcell.host')
interface Holder {
  [key]?: { process: HostProcess; context?: Promise<HostContext> }
}
const holder = globalThis as Holder

/**
 * Creates the process's {@link HostProcess} from `env`. The server entry calls it once, before Next starts; a bad
 * configuration throws a ConfigError naming each variable.
 */
export function startHostProcess(env: Record<string, string | undefined>): HostProcess {
  if (holder[key]) return holder[key].process
  const config = parseConfig(env)
  const log = createLogger(config)
  const monitor = createMonitor({})
  const metrics = createMetrics(() => monitor.getSnapshot().activeExecutions)
  const alerts = createAlerts(config, log)
  let subscribed = false
  const health: HealthSnapshots = createHealthSnapshots({
    intervalMs: HEALTH_INTERVAL_MS,
    staleAfterMs: HEALTH_INTERVAL_MS + config.DATABASE_TIMEOUT + STALE_MARGIN_MS,
    async evaluate() {
      const ctx = await getContext().catch(() => null)
      if (!ctx) return unreachableDocument()
      if (!subscribed) {
        subscribed = true
        ctx.onChange(() => health.refresh())
      }
      return evaluateHealth(ctx)
    },
    onStale: () => alerts.note('unhealthy', ['health check stuck']),
  })
  const host: HostProcess = {
    config,
    log,
    metrics,
    monitor,
    peerHeader: `x-runcell-peer-${crypto.randomUUID().slice(0, 8)}`,
    health,
    alerts,
  }
  holder[key] = { process: host }
  return host
}

/**
 * The process's {@link HostProcess}. It exists only when the host was started through its server entry, which
 * also runs the front door; `next start` alone would serve the API without it, so this says so instead.
 */
export function hostProcess(): HostProcess {
  const entry = holder[key]
  if (!entry) {
    throw new Error(
      'The Runcell host was not started through its server (node dist/server/main.js, or npm start); ' +
        '"next start" alone skips the front door.',
    )
  }
  return entry.process
}

/**
 * The process's {@link HostContext}. The first call opens the database, migrates it and connects to Redis; a
 * failed start is forgotten so that the next request tries again (PostgreSQL may still be starting).
 */
export function getContext(): Promise<HostContext> {
  const host = hostProcess()
  const entry = holder[key] as { process: HostProcess; context?: Promise<HostContext> }
  entry.context ??= createContext(host).catch((error: unknown) => {
    delete entry.context
    throw error
  })
  return entry.context
}

async function createContext(host: HostProcess): Promise<HostContext> {
  const { config, log, metrics } = host
  const started = Date.now()
  const db = await openDatabase(config)
  const report = await migrate(db)
  const coordination = config.REDIS_URL
    ? await createRedisCoordination(config, config.REDIS_URL)
    : createMemoryCoordination()
  log.info(
    { database: db.kind, cache: coordination.kind, migrated: report.applied, ms: Date.now() - started },
    'host context ready',
  )

  let state: { value: SystemState; until: number } | null = null
  const systemState = async (): Promise<SystemState> => {
    if (state && state.until > Date.now()) return state.value
    const value = await readSystemState(db)
    state = { value, until: Date.now() + STATE_TTL_MS }
    return value
  }
  const flags = createFlagsDocuments({ config, log, db, coordination, systemState })
  const listeners = new Set<() => void>([() => (state = null), flags.forget])
  coordination.subscribe(CHANGES, () => {
    for (const listener of listeners) listener()
  })

  let salt: Promise<string> | null = null
  const retention = setInterval(() => {
    deleteOldRows(db, config.RUNCELL_RETENTION_DAYS)
      .then(
        (deleted) =>
          deleted > 0 && log.info({ deleted }, 'retention removed old execution and exercise-check rows'),
      )
      .catch(() => log.warn('retention run failed; will retry'))
  }, RETENTION_EVERY_MS)
  retention.unref()

  return {
    ...host,
    db,
    coordination,
    // PGlite runs one query at a time; a PostgreSQL pool can take a few groups at once.
    executions: createExecutionWriter(db, {
      concurrency: db.kind === 'pglite' ? 1 : Math.max(1, Math.floor(config.DATABASE_POOL_SIZE / 2)),
      onCommit: (batches) => metrics.ingestGroupBatches.observe(batches),
    }),
    flags,
    systemState,
    async announceChange(what) {
      // Shared copy first, so that another instance woken by the message cannot re-read a stale one.
      await coordination.cacheDelete(FLAGS_CACHE_KEY)
      for (const listener of listeners) listener()
      await coordination.publish(CHANGES, what)
    },
    onChange(listener) {
      listeners.add(listener)
    },
    async hashClient(ip) {
      // Read once per process; a failed read is retried by the next request.
      salt ??= readClientSalt(db).catch((error: unknown) => {
        salt = null
        throw error
      })
      return clientHash(await salt, ip)
    },
  }
}
