import { createMonitor, type Monitor } from '@runcell/core/monitor'
import type { Logger } from 'pino'
import { getConfig } from './config/load'
import type { HostConfig } from './config/schema'
import { createMemoryCoordination } from './coordination/memory'
import { createRedisCoordination } from './coordination/redis'
import type { Coordination } from './coordination/types'
import { openDatabase, type Database } from './db/client'
import { deleteOldExecutions } from './db/maintenance'
import { migrate } from './db/migrate'
import { FLAGS_CACHE_KEY, forgetFlagsDocument } from './flags-document'
import { getLogger } from './observability/logger'
import { getMetrics, type HostMetrics } from './observability/metrics'
import { createExecutionWriter, type ExecutionWriter } from './store/executions'
import { readSystemState, type SystemState } from './store/system-state'

/** Everything a route handler needs, built once per process. */
export interface HostContext {
  config: HostConfig
  log: Logger
  db: Database
  coordination: Coordination
  monitor: Monitor
  metrics: HostMetrics
  /** Telemetry ingest's writer: concurrent batches are group-committed. */
  executions: ExecutionWriter
  /** The switches, cached in-process and dropped when any instance announces a change. */
  systemState(): Promise<SystemState>
  /** Drops cached state here and on every other instance (flags or switches changed). */
  announceChange(what: 'flags' | 'switches'): Promise<void>
  /** Registers a cache to drop when any instance announces a change. */
  onChange(listener: () => void): void
}

const CHANGES = 'changes'
// A safety net under pub/sub: even a missed message is corrected this quickly.
const STATE_TTL_MS = 5_000
const RETENTION_EVERY_MS = 60 * 60_000

const key = Symbol.for('runcell.host.context')
type Holder = { [key]?: Promise<HostContext> }

/**
 * The process's {@link HostContext}. The first call opens the database, migrates it and connects to Redis; a
 * failed start is forgotten so that the next request tries again (PostgreSQL may still be starting).
 */
export function getContext(): Promise<HostContext> {
  const holder = globalThis as Holder
  holder[key] ??= createContext().catch((error: unknown) => {
    delete holder[key]
    throw error
  })
  return holder[key]
}

async function createContext(): Promise<HostContext> {
  const config = getConfig()
  const log = getLogger()
  const started = Date.now()
  const db = await openDatabase(config)
  const report = await migrate(db)
  const coordination = config.REDIS_URL
    ? await createRedisCoordination(config, config.REDIS_URL)
    : createMemoryCoordination()
  const monitor = createMonitor({})
  const metrics = getMetrics(() => monitor.getSnapshot().activeExecutions)
  log.info(
    { database: db.kind, cache: coordination.kind, migrated: report.applied, ms: Date.now() - started },
    'host context ready',
  )

  let state: { value: SystemState; until: number } | null = null
  const listeners = new Set<() => void>([() => (state = null), forgetFlagsDocument])
  coordination.subscribe(CHANGES, () => {
    for (const listener of listeners) listener()
  })

  const retention = setInterval(() => {
    deleteOldExecutions(db, config.RUNCELL_RETENTION_DAYS)
      .then((deleted) => deleted > 0 && log.info({ deleted }, 'retention removed old execution rows'))
      .catch(() => log.warn('retention run failed; will retry'))
  }, RETENTION_EVERY_MS)
  retention.unref()

  return {
    config,
    log,
    db,
    coordination,
    monitor,
    metrics,
    // PGlite runs one query at a time; a PostgreSQL pool can take a few groups at once.
    executions: createExecutionWriter(db, {
      concurrency: db.kind === 'pglite' ? 1 : Math.max(1, Math.floor(config.DATABASE_POOL_SIZE / 2)),
      onCommit: (batches) => metrics.ingestGroupBatches.observe(batches),
    }),
    async systemState() {
      if (state && state.until > Date.now()) return state.value
      const value = await readSystemState(db)
      state = { value, until: Date.now() + STATE_TTL_MS }
      return value
    },
    async announceChange(what) {
      // Shared copy first, so that another instance woken by the message cannot re-read a stale one.
      await coordination.cacheDelete(FLAGS_CACHE_KEY)
      for (const listener of listeners) listener()
      await coordination.publish(CHANGES, what)
    },
    onChange(listener) {
      listeners.add(listener)
    },
  }
}
