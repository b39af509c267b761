import { hostProcess } from '../../../server/context'
import { route } from '../../../server/http/route'
import { probeResponse } from '../../../server/observability/probes'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/**
 * The IETF health-check document from the background snapshot: 200 on pass or warn, 503 on fail.
 * The front door (server/http/front-door.ts) answers it before Next's router; this handler gives the same answer.
 */
export const GET = route('/api/health', () => probeResponse(hostProcess().health, '/api/health'), {
  quiet: true,
})
