// Public exports of this area; the package index re-exports everything here.
export { createMonitor } from './monitor.js'
export type { Monitor, MonitorFootprint, MonitorOptions } from './monitor.js'
export { DEFAULT_HYSTERESIS, DEFAULT_THRESHOLDS } from './health.js'
export type { HealthThresholds, HysteresisOptions, LevelThresholds } from './health.js'
export { isMetricsSummary, WINDOWS } from './summary.js'
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
export { hashCode } from './hash.js'
export { SKETCH_MAX_VALUE, SKETCH_MIN_VALUE, SKETCH_RELATIVE_ERROR } from './sketch.js'
