import { getConfig } from '../config/load'
import { getContext } from '../context'
import { evaluateHealth, noteLevel, unreachableDocument, type HealthDocument } from './health'
import { SNAPSHOT_AGE_CHECK, createHealthSnapshots, type HealthSnapshots } from './health-snapshots'

/** The probe routes, answered from the health snapshot (and before Next's router by the front door). */
export const PROBE_PATHS = ['/api/health', '/api/livez', '/api/readyz'] as const
/** One of {@link PROBE_PATHS}. */
export type ProbePath = (typeof PROBE_PATHS)[number]

/** A probe's response, ready to write to a Node response or to wrap in a Web Response. */
export interface ProbeAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** How often the background check runs. */
export const HEALTH_INTERVAL_MS = 1_000
// On top of the interval and the database timeout: event-loop delay and the other checks of one run.
const STALE_MARGIN_MS = 2_000

const key = Symbol.for('runcell.host.healthSnapshots')
type Holder = { [key]?: HealthSnapshots }

/**
 * The process's health snapshots, started on first use: a check right away and one every second. A switch
 * change announced by any instance asks for a fresh check, which probes on this instance wait for.
 */
export function getHealthSnapshots(): HealthSnapshots {
  const holder = globalThis as Holder
  if (holder[key]) return holder[key]
  const config = getConfig()
  let subscribed = false
  const snapshots = createHealthSnapshots({
    intervalMs: HEALTH_INTERVAL_MS,
    staleAfterMs: HEALTH_INTERVAL_MS + config.DATABASE_TIMEOUT + STALE_MARGIN_MS,
    async evaluate() {
      const ctx = await getContext().catch(() => null)
      if (!ctx) return unreachableDocument()
      if (!subscribed) {
        subscribed = true
        ctx.onChange(() => snapshots.refresh())
      }
      return evaluateHealth(ctx)
    },
    onStale() {
      getContext()
        .then((ctx) => noteLevel(config, ctx, 'unhealthy', ['health check stuck']))
        .catch(() => {})
    },
  })
  holder[key] = snapshots
  void snapshots.start()
  return snapshots
}

const NO_STORE = { 'cache-control': 'no-store' }
const text = (status: number, body: string, headers: Record<string, string> = {}): ProbeAnswer => ({
  status,
  headers: { 'content-type': 'text/plain', ...NO_STORE, ...headers },
  body: `${body}\n`,
})

// One serialisation per snapshot, not per probe.
const bodies = new WeakMap<HealthDocument, string>()
function serialise(document: HealthDocument): string {
  let body = bodies.get(document)
  if (body === undefined) bodies.set(document, (body = JSON.stringify(document)))
  return body
}

const failed = (document: HealthDocument, check: string) =>
  document.checks[check]?.some((result) => result.status === 'fail') ?? false

/**
 * Answers a probe from the snapshot. Health: the IETF document, 200 on pass or warn and 503 on fail. Liveness:
 * the process answers, no dependency checked, so an outage never gets the app restarted. Readiness: the
 * database answers and the site is not in maintenance (503 with Retry-After otherwise).
 */
export async function answerProbe(path: ProbePath): Promise<ProbeAnswer> {
  if (path === '/api/livez') return text(200, 'ok')
  const document = await getHealthSnapshots().settled()
  if (path === '/api/health') {
    return {
      status: document.status === 'fail' ? 503 : 200,
      headers: { 'content-type': 'application/health+json', ...NO_STORE },
      body: serialise(document),
    }
  }
  if (failed(document, 'database:responseTime'))
    return text(503, 'database unavailable', { 'retry-after': '5' })
  if (failed(document, SNAPSHOT_AGE_CHECK)) return text(503, 'health unknown', { 'retry-after': '5' })
  if (document.checks['maintenance:mode']?.[0]?.observedValue === true) {
    return text(503, 'maintenance', { 'retry-after': '120' })
  }
  return text(200, 'ok')
}

/** {@link answerProbe} as a Web Response, for the Next route handlers of the probes. */
export async function probeResponse(path: ProbePath): Promise<Response> {
  const answer = await answerProbe(path)
  return new Response(answer.body, { status: answer.status, headers: answer.headers })
}
