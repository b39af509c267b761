// Pins the public surface of @runcell/core/monitor: the monitor, the summary it serves, and the exporter.
import { describe, expectTypeOf, it } from 'vitest'
import type { ExecutionObserver, ExecutionRecord } from '../index.js'
import type * as entry from './index.js'
import type {
  MetricsSummary,
  Monitor,
  MonitorOptions,
  TelemetryExporter,
  TelemetryExporterOptions,
} from './index.js'

describe('@runcell/core/monitor', () => {
  it('exports the monitor, its defaults, the summary check and the exporter, and no sketch or hash internals', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'DEFAULT_HYSTERESIS'
      | 'DEFAULT_THRESHOLDS'
      | 'createMonitor'
      | 'createTelemetryExporter'
      | 'isMetricsSummary'
    >()
  })

  it('makes a monitor that is a runtime observer and has one way to a MetricsSummary', () => {
    expectTypeOf<typeof entry.createMonitor>().toEqualTypeOf<(options?: MonitorOptions) => Monitor>()
    expectTypeOf<Monitor>().toExtend<Required<ExecutionObserver>>()
    expectTypeOf<Monitor['getSnapshot']>().toEqualTypeOf<() => MetricsSummary>()
    expectTypeOf<Monitor>().not.toHaveProperty('getSystemMetrics')
    expectTypeOf<Monitor>().not.toHaveProperty('recordExecution')
  })

  it('checks that unknown JSON is a MetricsSummary', () => {
    expectTypeOf<typeof entry.isMetricsSummary>().toEqualTypeOf<(value: unknown) => value is MetricsSummary>()
  })

  it('exports records through an exporter that can also be the observer', () => {
    expectTypeOf<typeof entry.createTelemetryExporter>().toEqualTypeOf<
      (options: TelemetryExporterOptions) => TelemetryExporter
    >()
    expectTypeOf<TelemetryExporter['add']>().parameters.toEqualTypeOf<[ExecutionRecord]>()
    expectTypeOf<TelemetryExporter>().toExtend<ExecutionObserver>()
  })
})
