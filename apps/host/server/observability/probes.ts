import type { HealthDocument } from './health'
import { SNAPSHOT_AGE_CHECK, type HealthSnapshots } from './health-snapshots'

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
export async function answerProbe(health: HealthSnapshots, path: ProbePath): Promise<ProbeAnswer> {
  if (path === '/api/livez') return text(200, 'ok')
  const document = await health.settled()
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
export async function probeResponse(health: HealthSnapshots, path: ProbePath): Promise<Response> {
  const answer = await answerProbe(health, path)
  return new Response(answer.body, { status: answer.status, headers: answer.headers })
}
