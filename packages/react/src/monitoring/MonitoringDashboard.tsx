import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useState } from 'react'
import { MonitoringDashboardView } from './MonitoringDashboardView.js'
import type { MonitoringDisplayProps } from './MonitoringDashboardView.js'
import { useMetricsSummary } from './use-metrics-summary.js'
import { useMonitorSnapshot } from './use-monitor-snapshot.js'
import type { MonitorSource } from './use-monitor-snapshot.js'

/**
 * Props of {@link MonitoringDashboard}: give `source` (an in-page monitor, live) or `endpoint` (a host API
 * serving a `MetricsSummary`, polled).
 */
export type MonitoringDashboardProps = MonitoringDisplayProps &
  (
    | { source: MonitorSource; endpoint?: never; refreshIntervalMs?: never; fetch?: never }
    | {
        endpoint: string
        /** Polling interval in ms (default 30 000). */
        refreshIntervalMs?: number
        fetch?: typeof fetch
        source?: never
      }
  )

/**
 * Shows whether code execution is healthy: live from an in-page monitor, or polled from the host's
 * `/api/metrics/summary` through TanStack Query (a QueryClient is created when the page has none).
 *
 * @example
 * <MonitoringDashboard source={monitor} />
 * <MonitoringDashboard endpoint="/api/metrics/summary" refreshIntervalMs={30_000} theme="dark" />
 */
export function MonitoringDashboard(props: MonitoringDashboardProps) {
  if (props.source) {
    const { source, ...display } = props
    return <LiveDashboard source={source} {...display} />
  }
  return <RemoteDashboardWithClient {...props} />
}

function LiveDashboard({ source, ...display }: MonitoringDisplayProps & { source: MonitorSource }) {
  const summary = useMonitorSnapshot(source)
  return <MonitoringDashboardView summary={summary} {...display} />
}

type RemoteProps = MonitoringDisplayProps & {
  endpoint: string
  refreshIntervalMs?: number
  fetch?: typeof fetch
}

function RemoteDashboardWithClient(props: RemoteProps) {
  const existing = useContext(QueryClientContext)
  // Created once and only when needed; a page with its own QueryClientProvider shares its cache.
  const [own] = useState(() =>
    existing
      ? null
      : new QueryClient({ defaultOptions: { queries: { retry: 2, refetchOnWindowFocus: false } } }),
  )
  if (existing || !own) return <RemoteDashboard {...props} />
  return (
    <QueryClientProvider client={own}>
      <RemoteDashboard {...props} />
    </QueryClientProvider>
  )
}

function RemoteDashboard({ endpoint, refreshIntervalMs, fetch, ...display }: RemoteProps) {
  const query = useMetricsSummary({ endpoint, refreshIntervalMs, fetch })
  return (
    <MonitoringDashboardView
      summary={query.data}
      loading={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      {...display}
    />
  )
}
