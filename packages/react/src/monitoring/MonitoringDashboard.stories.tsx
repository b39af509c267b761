// Storybook stories (CSF 3, plain objects, so this file needs no Storybook import to type-check).
import type { MetricsSummary } from '@runcell/core/monitor'
import { MonitoringDashboardView, type MonitoringDashboardViewProps } from './MonitoringDashboardView.js'
import { generateSummary, type Scenario } from '../../../../test/support/monitoring-scenarios.js'

export default { title: 'Monitoring/MonitoringDashboard', component: MonitoringDashboardView }

/**
 * A story that draws a scenario's summary. The summary is generated when the story is shown, not when this file
 * loads, so opening one story feeds one hour of synthetic runs into a monitor, not all seven.
 */
const showing = (scenario: Scenario) => ({
  loaders: [() => ({ summary: generateSummary(scenario) })],
  render: (args: MonitoringDashboardViewProps, { loaded }: { loaded: { summary: MetricsSummary } }) => (
    <MonitoringDashboardView {...args} summary={loaded.summary} />
  ),
})

export const Healthy = showing('healthy')
export const Degraded = showing('degraded')
export const Unhealthy = showing('unhealthy')
export const Empty = showing('empty')
export const Loading = { args: { loading: true } }
export const LoadError = {
  args: { error: new Error('GET /api/metrics/summary answered 503.'), onRetry: () => {} },
}
export const HighTraffic = { ...showing('high-traffic'), args: { defaultRange: '1h' } }
export const Dark = { ...showing('degraded'), args: { theme: 'dark' } }
export const Narrow = { ...showing('unhealthy'), parameters: { viewport: { defaultViewport: 'mobile1' } } }
