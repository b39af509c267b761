import type { HostConfig } from '../config/schema'
import type { Coordination } from '../coordination/types'
import type { Queryable } from '../db/client'
import type { SystemState } from '../store/system-state'
import type { AlertLevel, Alerts } from './alerts'

/** What a health check reads: the HostContext has all of it. */
export interface HealthSources {
  config: HostConfig
  db: Queryable
  coordination: Coordination
  alerts: Alerts
  systemState(): Promise<SystemState>
}

/** A status of the IETF health-check draft. */
export type HealthCheckStatus = 'pass' | 'warn' | 'fail'

/** One check result in the draft's shape. `output` is a short, safe sentence, never an error message. */
export interface CheckResult {
  componentType: 'datastore' | 'component' | 'system'
  status: HealthCheckStatus
  observedValue?: number | boolean | string
  observedUnit?: string
  output?: string
  time: string
}

/** The `application/health+json` document `/api/health` serves. */
export interface HealthDocument {
  status: HealthCheckStatus
  version: '1'
  releaseId: string
  serviceId: 'runcell-host'
  description: string
  checks: Record<string, CheckResult[]>
}

const RELEASE = '0.1.0'
const ORDER: HealthCheckStatus[] = ['pass', 'warn', 'fail']
const worst = (statuses: HealthCheckStatus[]) =>
  statuses.reduce((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'pass' as HealthCheckStatus)

type Timed<T> = { ok: true; ms: number; value: T } | { ok: false; ms: number; value?: undefined }

async function timed<T>(fn: () => Promise<T>, timeoutMs: number): Promise<Timed<T>> {
  const started = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
  })
  try {
    const value = await Promise.race([fn(), timeout])
    return { ok: true, ms: Math.round(performance.now() - started), value }
  } catch {
    return { ok: false, ms: Math.round(performance.now() - started) }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Checks the database, the shared cache, the execution switch and maintenance. Only an unreachable database
 * fails (503): a Redis outage degrades (rate limits count per instance), and switches are operator choices that warn. Only what this server
 * observes itself counts: runs that browsers report through ingest can be forged by any visitor, so they never
 * change the host's health or page anyone (they show on the admin-only monitoring dashboard).
 */
export async function evaluateHealth(ctx: HealthSources): Promise<HealthDocument> {
  const time = new Date().toISOString()
  const { config } = ctx
  const [database, cache] = await Promise.all([
    timed(() => ctx.db.query('SELECT 1'), config.DATABASE_TIMEOUT),
    timed(() => ctx.coordination.ping(), config.REDIS_TIMEOUT),
  ])
  // Bounded too: a check that never finishes would leave the last snapshot in place until it goes stale.
  const state = (await timed(() => ctx.systemState(), config.DATABASE_TIMEOUT)).value ?? null
  const runs = state ? state.execution && !state.emergency : false
  const checks: Record<string, CheckResult[]> = {
    'database:responseTime': [
      {
        componentType: 'datastore',
        status: database.ok ? 'pass' : 'fail',
        observedValue: database.ms,
        observedUnit: 'ms',
        ...(database.ok ? {} : { output: 'The database did not answer.' }),
        time,
      },
    ],
    'cache:responseTime': [
      {
        componentType: 'datastore',
        status: cache.ok ? 'pass' : 'warn',
        observedValue: cache.ms,
        observedUnit: 'ms',
        output: ctx.coordination.kind === 'memory' ? 'In-process memory (single instance).' : 'Redis.',
        time,
      },
    ],
    'execution:switch': [
      {
        componentType: 'system',
        status: runs ? 'pass' : 'warn',
        observedValue: runs,
        ...(state?.emergency
          ? { output: 'Emergency stop is on.' }
          : runs
            ? {}
            : { output: 'Execution is off.' }),
        time,
      },
    ],
    'maintenance:mode': [
      {
        componentType: 'system',
        status: state?.maintenance ? 'warn' : 'pass',
        observedValue: !!state?.maintenance,
        time,
      },
    ],
  }
  const status = worst(Object.values(checks).flatMap((list) => list.map((check) => check.status)))
  const doc = healthDocument(status, checks)
  const level: AlertLevel = status === 'fail' ? 'unhealthy' : status === 'warn' ? 'degraded' : 'healthy'
  ctx.alerts.note(level, reasonsOf(checks))
  return doc
}

/** The document when the host context could not even start (database unreachable at boot): a fail. */
export function unreachableDocument(): HealthDocument {
  return healthDocument('fail', {
    'database:responseTime': [
      {
        componentType: 'datastore',
        status: 'fail',
        output: 'The database did not answer.',
        time: new Date().toISOString(),
      },
    ],
  })
}

/** A health document of this service with `status` and `checks`. */
export function healthDocument(
  status: HealthCheckStatus,
  checks: Record<string, CheckResult[]>,
): HealthDocument {
  return {
    status,
    version: '1',
    releaseId: RELEASE,
    serviceId: 'runcell-host',
    description: 'Runcell reference host',
    checks,
  }
}

function reasonsOf(checks: Record<string, CheckResult[]>): string[] {
  return Object.entries(checks).flatMap(([name, list]) =>
    list
      .filter((c) => c.status !== 'pass')
      .map((c) => `${name} ${c.status}${c.output ? ` (${c.output})` : ''}`),
  )
}
