import { adminRoute } from '../../../../server/admin/handler'
import { json } from '../../../../server/http/problem'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * The MetricsSummary JSON that <MonitoringDashboard> polls, from the records this instance ingested. Admin only,
 * like the dashboard page: the records come from anyone who can post to /api/executions, so their counts are
 * no public fact (and their error names are mapped to a known set at ingest).
 */
export const GET = adminRoute('/api/metrics/summary', 'metrics.summary', async (ctx) => ({
  response: json(ctx.monitor.getSnapshot()),
}))
