import type { MetricsSummary, WindowName } from '@runcell/core/monitor'
import type { Formatter } from './format.js'
import type { MonitoringMessages } from './messages.js'

/** Props of {@link StatTiles}. */
export interface StatTilesProps {
  summary: MetricsSummary
  window: WindowName
  messages: MonitoringMessages
  format: Formatter
}

/** The headline numbers: running now, queued, error rate, average and p95 time, and throughput. */
export function StatTiles({ summary, window, messages: m, format }: StatTilesProps) {
  const w = summary.windows[window]
  const span = m.windows[window]
  const tiles: { label: string; value: string; note?: string }[] = [
    { label: m.tiles.active, value: format.count(summary.activeExecutions) },
    { label: m.tiles.queued, value: format.count(summary.queueDepth) },
    { label: m.tiles.errorRate, value: w.count > 0 ? format.percent(w.errorRate) : m.none, note: span },
    { label: m.tiles.average, value: format.ms(w.avgMs), note: span },
    { label: m.tiles.p95, value: format.ms(w.p95Ms), note: span },
    { label: m.tiles.throughput, value: format.rate(w.throughputPerMinute), note: span },
  ]
  return (
    <dl className="rc-monitor__tiles">
      {tiles.map((tile) => (
        <div className="rc-monitor__tile" key={tile.label}>
          <dt>{tile.label}</dt>
          <dd className="rc-monitor__value">{tile.value}</dd>
          {tile.note && <dd className="rc-monitor__muted">{tile.note}</dd>}
        </div>
      ))}
    </dl>
  )
}
