import { getContext } from '../../../server/context'
import { route } from '../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Prometheus text exposition of the host's registry. */
export const GET = route('/api/metrics', async () => {
  const { metrics } = await getContext()
  return new Response(await metrics.registry.metrics(), {
    headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
  })
})
