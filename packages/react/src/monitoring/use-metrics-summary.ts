import { useQuery } from '@tanstack/react-query'
import type { UseQueryResult } from '@tanstack/react-query'
import { isMetricsSummary } from '@runcell/core/monitor'
import type { MetricsSummary } from '@runcell/core/monitor'

/** Options of {@link useMetricsSummary}. */
export interface UseMetricsSummaryOptions {
  /** Where the host serves a `MetricsSummary`, such as `/api/metrics/summary`. */
  endpoint: string
  /** How often to poll, in ms (default 30 000). */
  refreshIntervalMs?: number
  fetch?: typeof fetch
}

/** Default polling interval of a remote dashboard, in ms. */
export const DEFAULT_REFRESH_INTERVAL_MS = 30_000

/**
 * Polls a host endpoint for a {@link MetricsSummary} through TanStack Query. Needs a `QueryClientProvider`;
 * `<MonitoringDashboard endpoint>` supplies one when the page has none.
 */
export function useMetricsSummary(options: UseMetricsSummaryOptions): UseQueryResult<MetricsSummary, Error> {
  const {
    endpoint,
    refreshIntervalMs = DEFAULT_REFRESH_INTERVAL_MS,
    fetch: doFetch = globalThis.fetch,
  } = options
  return useQuery({
    queryKey: ['runcell', 'metrics-summary', endpoint],
    queryFn: async ({ signal }) => {
      const response = await doFetch(endpoint, { signal, headers: { accept: 'application/json' } })
      if (!response.ok) throw new Error(`GET ${endpoint} answered ${response.status}.`)
      const body: unknown = await response.json()
      if (!isMetricsSummary(body))
        throw new Error(`GET ${endpoint} did not return a metrics summary (version 1).`)
      return body
    },
    refetchInterval: refreshIntervalMs,
  })
}
