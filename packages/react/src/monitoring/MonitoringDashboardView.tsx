import { useId, useMemo, useState } from 'react'
import type { Ref } from 'react'
import { ActiveAlerts, LanguageTable, RecentFailures } from './Breakdowns.js'
import { toChartData } from './chart-data.js'
import type { MetricsSummary, WindowName } from '@runcell/core/monitor'
import { createFormatter } from './format.js'
import { HealthBadge } from './HealthBadge.js'
import { resolveMessages } from './messages.js'
import type { MonitoringMessagesInput } from './messages.js'
import { StatTiles } from './StatTiles.js'
import { TimeSeriesChart } from './TimeSeriesChart.js'

/** How the dashboard looks: follow the system (default), or force light or dark. */
export type MonitoringTheme = 'system' | 'light' | 'dark'

/** Display props shared by {@link MonitoringDashboard} and {@link MonitoringDashboardView}. */
export interface MonitoringDisplayProps {
  /** The window the tiles and tables read (default `'5m'`). */
  window?: WindowName
  /** The charts' initial range (default `'5m'`); the reader can switch. */
  defaultRange?: '5m' | '1h'
  messages?: MonitoringMessagesInput
  /** BCP 47 locale for numbers and times (default: the browser's). */
  locale?: string
  theme?: MonitoringTheme
  className?: string
  ref?: Ref<HTMLElement>
}

/** Props of {@link MonitoringDashboardView}: a summary, or the state of fetching one. */
export interface MonitoringDashboardViewProps extends MonitoringDisplayProps {
  summary?: MetricsSummary
  loading?: boolean
  error?: Error | null
  onRetry?: () => void
}

function isEmpty(s: MetricsSummary): boolean {
  return (
    s.windows['1h'].count === 0 &&
    s.activeExecutions === 0 &&
    s.queueDepth === 0 &&
    s.recentFailures.length === 0
  )
}

/**
 * The dashboard's presentation, from a summary you already have: health, tiles, charts, per-language table,
 * recent failures and active alerts, plus designed loading, empty and error states.
 *
 * @example
 * <MonitoringDashboardView summary={summary} theme="dark" />
 */
export function MonitoringDashboardView(props: MonitoringDashboardViewProps) {
  const {
    summary,
    loading,
    error,
    onRetry,
    window = '5m',
    defaultRange = '5m',
    locale,
    theme = 'system',
    messages: messageOverrides,
    className,
    ref,
  } = props
  const messages = useMemo(() => resolveMessages(messageOverrides), [messageOverrides])
  const format = useMemo(() => createFormatter(locale, messages.none), [locale, messages.none])
  const [range, setRange] = useState(defaultRange)
  const titleId = useId()
  const series = summary?.series[range]
  const charts = useMemo(
    () =>
      series && {
        rate: toChartData(series, 'rate', messages),
        errors: toChartData(series, 'errors', messages),
        latency: toChartData(series, 'latency', messages),
      },
    [series, messages],
  )
  const classes = ['rc-monitor', theme !== 'system' && `rc-monitor--${theme}`, className].filter(Boolean)

  return (
    <section ref={ref} className={classes.join(' ')} aria-labelledby={titleId} aria-busy={!!loading}>
      <header className="rc-monitor__header">
        <h2 className="rc-monitor__title" id={titleId}>
          {messages.title}
        </h2>
        {summary && <HealthBadge health={summary.health} messages={messages} format={format} />}
      </header>

      {error && (
        <div className="rc-monitor__state rc-monitor__state--error" role="alert">
          <p>{summary ? messages.stale(format.time(summary.generatedAt)) : messages.error}</p>
          <p className="rc-monitor__muted">{error.message}</p>
          {onRetry && (
            <button type="button" className="rc-monitor__button" onClick={onRetry}>
              {messages.retry}
            </button>
          )}
        </div>
      )}

      {!summary && loading && (
        <div className="rc-monitor__state" role="status">
          <p>{messages.loading}</p>
          <div className="rc-monitor__tiles" aria-hidden="true">
            {Array.from({ length: 6 }, (_, i) => (
              <div className="rc-monitor__tile rc-monitor__tile--skeleton" key={i} />
            ))}
          </div>
        </div>
      )}

      {summary && isEmpty(summary) && (
        <div className="rc-monitor__state rc-monitor__state--empty">
          <p>{messages.empty}</p>
          <p className="rc-monitor__muted">{messages.emptyHint}</p>
        </div>
      )}

      {summary && charts && !isEmpty(summary) && (
        <>
          <StatTiles summary={summary} window={window} messages={messages} format={format} />
          <div className="rc-monitor__range" role="group" aria-label={messages.charts.range}>
            {(['5m', '1h'] as const).map((r) => (
              <button
                type="button"
                key={r}
                className="rc-monitor__button"
                aria-pressed={range === r}
                onClick={() => setRange(r)}
              >
                {messages.windows[r]}
              </button>
            ))}
          </div>
          <div className="rc-monitor__charts">
            <TimeSeriesChart
              title={messages.charts.rate}
              rangeLabel={messages.windows[range]}
              data={charts.rate}
              formatValue={format.rate}
              format={format}
              messages={messages}
            />
            <TimeSeriesChart
              title={messages.charts.errors}
              rangeLabel={messages.windows[range]}
              data={charts.errors}
              formatValue={format.count}
              format={format}
              messages={messages}
            />
            <TimeSeriesChart
              title={messages.charts.latency}
              rangeLabel={messages.windows[range]}
              data={charts.latency}
              formatValue={format.ms}
              format={format}
              messages={messages}
            />
          </div>
          <LanguageTable summary={summary} window={window} messages={messages} format={format} />
          <div className="rc-monitor__columns">
            <ActiveAlerts summary={summary} window={window} messages={messages} format={format} />
            <RecentFailures summary={summary} window={window} messages={messages} format={format} />
          </div>
        </>
      )}
    </section>
  )
}
