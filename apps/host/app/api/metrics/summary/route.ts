import { getContext } from '../../../../server/context'
import { json } from '../../../../server/http/problem'
import { route } from '../../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** The MetricsSummary JSON that <MonitoringDashboard> polls, from the records this instance ingested. */
export const GET = route('/api/metrics/summary', async () => {
  const { monitor } = await getContext()
  return json(monitor.getSnapshot())
})
