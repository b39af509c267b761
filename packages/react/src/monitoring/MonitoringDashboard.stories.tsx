// Storybook stories (CSF 3, plain objects, so this file needs no Storybook import to type-check).
import { MonitoringDashboardView } from './MonitoringDashboardView.js'
import { generateSummary } from '../../../../test/support/monitoring-scenarios.js'

export default { title: 'Monitoring/MonitoringDashboard', component: MonitoringDashboardView }

export const Healthy = { args: { summary: generateSummary('healthy') } }
export const Degraded = { args: { summary: generateSummary('degraded') } }
export const Unhealthy = { args: { summary: generateSummary('unhealthy') } }
export const Empty = { args: { summary: generateSummary('empty') } }
export const Loading = { args: { loading: true } }
export const LoadError = {
  args: { error: new Error('GET /api/metrics/summary answered 503.'), onRetry: () => {} },
}
export const HighTraffic = { args: { summary: generateSummary('high-traffic'), defaultRange: '1h' } }
export const Dark = { args: { summary: generateSummary('degraded'), theme: 'dark' } }
export const Narrow = {
  args: { summary: generateSummary('unhealthy') },
  parameters: { viewport: { defaultViewport: 'mobile1' } },
}
