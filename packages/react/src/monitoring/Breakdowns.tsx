import { useId } from 'react'
import type { MetricsSummary, WindowName } from '@runcell/core/monitor'
import type { Formatter } from './format.js'
import type { MonitoringMessages } from './messages.js'

/** Props shared by the dashboard's tables and lists. */
export interface BreakdownProps {
  summary: MetricsSummary
  window: WindowName
  messages: MonitoringMessages
  format: Formatter
}

/** Per-language load and latency over the tiles' window. */
export function LanguageTable({ summary, window, messages: m, format }: BreakdownProps) {
  // Not a landmark itself: the scrolling region inside has the same name, and axe wants landmarks unique.
  return (
    <section className="rc-monitor__panel">
      <h3 className="rc-monitor__subheading">{m.languagesTitle}</h3>
      <div className="rc-monitor__scroll" tabIndex={0} role="region" aria-label={m.languagesTitle}>
        <table className="rc-monitor__table">
          <caption>
            {m.languagesTitle}, {m.windows[window]}
          </caption>
          <thead>
            <tr>
              <th scope="col">{m.columns.language}</th>
              <th scope="col">{m.columns.active}</th>
              <th scope="col">{m.columns.runs}</th>
              <th scope="col">{m.columns.errorRate}</th>
              <th scope="col">{m.columns.average}</th>
              <th scope="col">{m.columns.p95}</th>
            </tr>
          </thead>
          <tbody>
            {summary.languages.map(({ language, active, windows }) => {
              const w = windows[window]
              return (
                <tr key={language}>
                  <th scope="row">{m.languages[language]}</th>
                  <td>{format.count(active)}</td>
                  <td>{format.count(w.count)}</td>
                  <td>{w.count > 0 ? format.percent(w.errorRate) : m.none}</td>
                  <td>{format.ms(w.avgMs)}</td>
                  <td>{format.ms(w.p95Ms)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** The newest failed runs (at most ten), without code: language, outcome, error name and duration. */
export function RecentFailures({ summary, messages: m, format }: BreakdownProps) {
  const failures = summary.recentFailures.slice(0, 10)
  // Not a landmark itself, like LanguageTable: the scrolling region inside carries the name.
  return (
    <section className="rc-monitor__panel">
      <h3 className="rc-monitor__subheading">{m.failuresTitle}</h3>
      {failures.length === 0 ? (
        <p className="rc-monitor__muted">{m.noFailures}</p>
      ) : (
        <div className="rc-monitor__scroll" tabIndex={0} role="region" aria-label={m.failuresTitle}>
          <table className="rc-monitor__table">
            <caption>{m.failuresTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.columns.time}</th>
                <th scope="col">{m.columns.language}</th>
                <th scope="col">{m.columns.outcome}</th>
                <th scope="col">{m.columns.error}</th>
                <th scope="col">{m.columns.duration}</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((f) => (
                <tr key={f.executionId}>
                  <th scope="row">{format.time(f.timestamp)}</th>
                  <td>{m.languages[f.language]}</td>
                  <td>{m.outcomes[f.outcome]}</td>
                  <td>{f.errorName ?? m.none}</td>
                  <td>{format.ms(f.duration)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** The health signals firing now, as sentences with the time each began. */
export function ActiveAlerts({ summary, messages: m, format }: BreakdownProps) {
  const id = useId()
  const reasons = summary.health.reasons
  return (
    <section className="rc-monitor__panel" aria-labelledby={id}>
      <h3 className="rc-monitor__subheading" id={id}>
        {m.alertsTitle}
      </h3>
      {reasons.length === 0 ? (
        <p className="rc-monitor__muted">{m.noAlerts}</p>
      ) : (
        <ul className="rc-monitor__alerts">
          {reasons.map((r) => (
            <li key={r.metric} className={`rc-monitor__alert rc-monitor__alert--${r.level}`}>
              {m.reason(
                m.metrics[r.metric],
                format.metric(r.metric, r.value),
                format.metric(r.metric, r.threshold),
                m.levels[r.level],
              )}{' '}
              <span className="rc-monitor__muted">({m.since(format.time(r.since))})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
