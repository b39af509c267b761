// The @runcell/react/monitoring entry: <MonitoringDashboard>, the view it draws with, and the hooks that feed it
// from an in-page monitor or a host's summary endpoint.
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
export { useMetricsSummary } from './use-metrics-summary.js'
export type { UseMetricsSummaryOptions } from './use-metrics-summary.js'
export { DEFAULT_MONITORING_MESSAGES } from './messages.js'
export type { MonitoringMessages, MonitoringMessagesInput } from './messages.js'
