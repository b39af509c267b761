// Public exports of this area; the package index re-exports everything here.
export { MonitoringDashboard } from './MonitoringDashboard.js'
export type { MonitoringDashboardProps } from './MonitoringDashboard.js'
export { MonitoringDashboardView } from './MonitoringDashboardView.js'
export type {
  MonitoringDashboardViewProps,
  MonitoringDisplayProps,
  MonitoringTheme,
} from './MonitoringDashboardView.js'
export { useMonitorSnapshot } from './use-monitor-snapshot.js'
export type { MonitorSource } from './use-monitor-snapshot.js'
export { DEFAULT_REFRESH_INTERVAL_MS, useMetricsSummary } from './use-metrics-summary.js'
export type { UseMetricsSummaryOptions } from './use-metrics-summary.js'
export { DEFAULT_MONITORING_MESSAGES } from './messages.js'
export type { MonitoringMessages, MonitoringMessagesInput } from './messages.js'
export { toChartData } from './chart-data.js'
export type { ChartData, ChartKind } from './chart-data.js'
