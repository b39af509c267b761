import { route } from '../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Liveness: the process answers. It checks no dependency, so an outage never gets the app restarted. */
export const GET = route('/api/livez', async () => {
  return new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } })
})
