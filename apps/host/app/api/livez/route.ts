import { hostProcess } from '../../../server/context'
import { route } from '../../../server/http/route'
import { probeResponse } from '../../../server/observability/probes'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * Liveness: the process answers. It checks no dependency, so an outage never gets the app restarted.
 * The front door (server/http/front-door.ts) answers it before Next's router; this handler gives the same answer.
 */
export const GET = route('/api/livez', () => probeResponse(hostProcess().health, '/api/livez'), {
  quiet: true,
})
