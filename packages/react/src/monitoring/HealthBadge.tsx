import type { HealthStatus } from '@runcell/core/monitor'
import type { Formatter } from './format.js'
import type { MonitoringMessages } from './messages.js'

/** Props of {@link HealthBadge}. */
export interface HealthBadgeProps {
  health: HealthStatus
  messages: MonitoringMessages
  format: Formatter
}

/**
 * The overall health level as a badge (a polite live region, so a change is announced) with the signals that
 * caused it. Colour is never the only cue: the level is written out and has its own icon.
 */
export function HealthBadge({ health, messages, format }: HealthBadgeProps) {
  const icon = health.status === 'healthy' ? '●' : health.status === 'degraded' ? '▲' : '■'
  return (
    <div className="rc-monitor__health">
      <p className={`rc-monitor__badge rc-monitor__badge--${health.status}`} role="status">
        <span aria-hidden="true">{icon} </span>
        {messages.health}: <strong>{messages.levels[health.status]}</strong>
      </p>
      <p className="rc-monitor__muted">{messages.since(format.time(health.since))}</p>
      {health.reasons.length > 0 && (
        <ul className="rc-monitor__reasons">
          {health.reasons.map((reason) => (
            <li key={reason.metric}>
              {messages.metrics[reason.metric]}: {format.metric(reason.metric, reason.value)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
