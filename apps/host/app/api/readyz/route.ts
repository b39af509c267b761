import { hostProcess } from '../../../server/context'
import { route } from '../../../server/http/route'
import { probeResponse } from '../../../server/observability/probes'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * Readiness: the database answers and the site is not in maintenance (503 with Retry-After otherwise).
 * The front door (server/http/front-door.ts) answers it before Next's router; this handler gives the same answer.
 */
export const GET = route('/api/readyz', () => probeResponse(hostProcess().health, '/api/readyz'), {
  quiet: true,
})
