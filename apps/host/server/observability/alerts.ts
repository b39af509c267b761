import type { HostConfig } from '../config/schema'
import type { Logger } from 'pino'

/** The host's health as alerts name it. */
export type AlertLevel = 'healthy' | 'degraded' | 'unhealthy'

/** A health change to tell the on-call about. */
export interface HealthTransition {
  previous: AlertLevel
  status: AlertLevel
  reasons: string[]
  at: number
}

const ATTEMPTS = 3
const TIMEOUT_MS = 5_000

/**
 * Sends a transition to Slack and PagerDuty (Events v2: trigger on degraded/unhealthy, resolve on healthy). It
 * returns at once: delivery runs in the background with retries and a per-attempt timeout, so no request waits.
 */
export function sendHealthAlert(
  config: HostConfig,
  log: Logger,
  transition: HealthTransition,
): Promise<void> {
  const jobs: Promise<void>[] = []
  const summary =
    `Runcell host is ${transition.status} (was ${transition.previous})` +
    (transition.reasons.length ? `: ${transition.reasons.join('; ')}` : '')
  if (config.SLACK_WEBHOOK_URL) {
    jobs.push(deliver(log, 'slack', config.SLACK_WEBHOOK_URL, { text: summary }))
  }
  if (config.PAGERDUTY_INTEGRATION_KEY) {
    const resolve = transition.status === 'healthy'
    jobs.push(
      deliver(log, 'pagerduty', config.PAGERDUTY_EVENTS_URL, {
        routing_key: config.PAGERDUTY_INTEGRATION_KEY,
        event_action: resolve ? 'resolve' : 'trigger',
        // One incident for the host's health: a trigger updates it, a resolve closes it.
        dedup_key: 'runcell-host-health',
        ...(resolve
          ? {}
          : {
              payload: {
                summary: summary.slice(0, 1024),
                source: config.NEXT_PUBLIC_APP_URL ?? 'runcell-host',
                severity: transition.status === 'unhealthy' ? 'critical' : 'warning',
                timestamp: new Date(transition.at).toISOString(),
                custom_details: { previous: transition.previous, reasons: transition.reasons },
              },
            }),
      }),
    )
  }
  return Promise.all(jobs).then(() => {})
}

const chainKey = Symbol.for('runcell.host.alertChains')
type Holder = { [chainKey]?: Map<string, Promise<void>> }

// Deliveries to one target go in order: a resolve overtaking a trigger that is still retrying would leave
// PagerDuty with an open incident.
function deliver(log: Logger, target: string, url: string, body: unknown): Promise<void> {
  const holder = globalThis as Holder
  const chains = (holder[chainKey] ??= new Map())
  const next = (chains.get(target) ?? Promise.resolve()).then(() => attempt(log, target, url, body))
  chains.set(target, next)
  return next
}

async function attempt(log: Logger, target: string, url: string, body: unknown): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      if (response.ok) {
        log.info({ alert: target, attempt }, 'health alert delivered')
        return
      }
      // A 4xx other than 429 will not get better by retrying (a bad key or URL).
      if (response.status < 500 && response.status !== 429) {
        log.warn({ alert: target, status: response.status }, 'health alert refused')
        return
      }
    } catch {
      // Timeout or network error: retry below.
    }
    if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt))
  }
  log.warn({ alert: target, attempts: ATTEMPTS }, 'health alert not delivered')
}
