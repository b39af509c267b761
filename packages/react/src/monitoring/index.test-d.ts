// Pins the public surface of @runcell/react/monitoring: the dashboard, its view and the hooks that feed it.
import { describe, expectTypeOf, it } from 'vitest'
import type { MetricsSummary, Monitor } from '@runcell/core/monitor'
import type * as entry from './index.js'
import type { MonitoringDashboardProps, MonitorSource } from './index.js'

describe('@runcell/react/monitoring', () => {
  it('exports the dashboard, its view, its messages and its two data hooks, and no chart internals', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<
      | 'DEFAULT_MONITORING_MESSAGES'
      | 'MonitoringDashboard'
      | 'MonitoringDashboardView'
      | 'useMetricsSummary'
      | 'useMonitorSnapshot'
    >()
  })

  it('draws from an in-page monitor or from a host endpoint', () => {
    expectTypeOf<Monitor>().toExtend<MonitorSource>()
    expectTypeOf<{ source: Monitor }>().toExtend<MonitoringDashboardProps>()
    expectTypeOf<{ endpoint: string }>().toExtend<MonitoringDashboardProps>()
    expectTypeOf<typeof entry.useMonitorSnapshot>().toEqualTypeOf<(source: MonitorSource) => MetricsSummary>()
  })
})
