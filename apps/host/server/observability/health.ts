import type { HostContext } from '../context'
import type { HostConfig } from '../config/schema'
import { sendHealthAlert, type AlertLevel } from './alerts'

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
 * fails (503): a Redis outage degrades (rate limits fail open), and switches are operator choices that warn.
 */
export async function evaluateHealth(ctx: HostContext): Promise<HealthDocument> {
  const time = new Date().toISOString()
  const { config } = ctx
  const [database, cache] = await Promise.all([
    timed(() => ctx.db.query('SELECT 1'), config.DATABASE_TIMEOUT),
    timed(() => ctx.coordination.ping(), config.REDIS_TIMEOUT),
  ])
  // Bounded too: a check that never finishes would leave the last snapshot in place until it goes stale.
  const state = (await timed(() => ctx.systemState(), config.DATABASE_TIMEOUT)).value ?? null
  const runs = state ? state.execution && !state.emergency : false
  const runtime = ctx.monitor.getHealthStatus()
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
    'executions:health': [
      {
        componentType: 'component',
        // Browser-side errors never fail the host (a load balancer would pull every instance for them).
        status: runtime.status === 'healthy' ? 'pass' : 'warn',
        observedValue: runtime.status,
        time,
      },
    ],
  }
  const status = worst(Object.values(checks).flatMap((list) => list.map((check) => check.status)))
  const doc = healthDocument(status, checks)
  const level: AlertLevel =
    status === 'fail' || runtime.status === 'unhealthy'
      ? 'unhealthy'
      : status === 'warn'
        ? 'degraded'
        : 'healthy'
  noteLevel(config, ctx, level, reasonsOf(checks))
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

const key = Symbol.for('runcell.host.alertLevel')
type Holder = { [key]?: AlertLevel }

/**
 * Records this process's health level and alerts on a change: once per change, and the first evaluation
 * compares against healthy, so a host that starts broken says so.
 */
export function noteLevel(config: HostConfig, ctx: HostContext, level: AlertLevel, reasons: string[]): void {
  const holder = globalThis as Holder
  const previous = holder[key] ?? 'healthy'
  holder[key] = level
  if (previous === level) return
  ctx.log.warn({ previous, status: level }, 'health changed')
  void sendHealthAlert(config, ctx.log, { previous, status: level, reasons, at: Date.now() }).catch(() => {})
}
