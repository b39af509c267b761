// The @runcell/core/monitor entry: the in-page execution monitor, the MetricsSummary it serves, and the telemetry
// exporter that ships its records to a host. The records themselves (ExecutionRecord) are runtime types, at the root.
export { createMonitor } from './monitor.js'
export type { Monitor, MonitorFootprint, MonitorOptions } from './monitor.js'
export { DEFAULT_HYSTERESIS, DEFAULT_THRESHOLDS } from './health.js'
export type { HealthThresholds, HysteresisOptions, LevelThresholds } from './health.js'
export { isMetricsSummary } from './summary.js'
export type {
  FailureSummary,
  HealthAlert,
  HealthLevel,
  HealthMetric,
  HealthReason,
  HealthStatus,
  LanguageMetrics,
  MetricsSeries,
  MetricsSummary,
  SeriesPoint,
  WindowMetrics,
  WindowName,
} from './summary.js'
export { createTelemetryExporter } from './exporter.js'
export type { RetryOptions, TelemetryExporter, TelemetryExporterOptions, TelemetryStats } from './exporter.js'
