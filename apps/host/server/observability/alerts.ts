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

type Deliver = (target: string, url: string, body: unknown) => Promise<void>

const ATTEMPTS = 3
const TIMEOUT_MS = 5_000

/*
 * Sends a transition to Slack and PagerDuty (Events v2: trigger on degraded/unhealthy, resolve on healthy). It
 * returns at once: delivery runs in the background with retries and a per-attempt timeout, so no request waits.
 */
function sendHealthAlert(config: HostConfig, deliver: Deliver, transition: HealthTransition): Promise<void> {
  const jobs: Promise<void>[] = []
  const summary =
    `Runcell host is ${transition.status} (was ${transition.previous})` +
    (transition.reasons.length ? `: ${transition.reasons.join('; ')}` : '')
  if (config.SLACK_WEBHOOK_URL) {
    jobs.push(deliver('slack', config.SLACK_WEBHOOK_URL, { text: summary }))
  }
  if (config.PAGERDUTY_INTEGRATION_KEY) {
    const resolve = transition.status === 'healthy'
    jobs.push(
      deliver('pagerduty', config.PAGERDUTY_EVENTS_URL, {
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

/** The process's alerting: its last health level, and deliveries queued per target. */
export interface Alerts {
  /**
   * Records the host's health level and alerts on a change: once per change, and the first call compares
   * against healthy, so a host that starts broken says so.
   */
  note(level: AlertLevel, reasons: string[]): void
}

/** Creates the process's {@link Alerts}. */
export function createAlerts(config: HostConfig, log: Logger): Alerts {
  let previous: AlertLevel = 'healthy'
  // Deliveries to one target go in order: a resolve overtaking a trigger that is still retrying would leave
  // PagerDuty with an open incident.
  const chains = new Map<string, Promise<void>>()
  const deliver = (target: string, url: string, body: unknown): Promise<void> => {
    const next = (chains.get(target) ?? Promise.resolve()).then(() => attempt(log, target, url, body))
    chains.set(target, next)
    return next
  }
  return {
    note(level, reasons) {
      const was = previous
      previous = level
      if (was === level) return
      log.warn({ previous: was, status: level }, 'health changed')
      void sendHealthAlert(config, deliver, { previous: was, status: level, reasons, at: Date.now() }).catch(
        () => {},
      )
    },
  }
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
