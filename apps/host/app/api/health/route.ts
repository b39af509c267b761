import { getContext } from '../../../server/context'
import { route } from '../../../server/http/route'
import { evaluateHealth } from '../../../server/observability/health'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** IETF health-check draft document: 200 on pass or warn, 503 on fail. */
export const GET = route('/api/health', async () => {
  let body
  try {
    body = await evaluateHealth(await getContext())
  } catch {
    // The context could not even start (database unreachable at boot): that is a fail, not a 500.
    body = {
      status: 'fail',
      version: '1',
      serviceId: 'runcell-host',
      description: 'Runcell reference host',
      checks: {
        'database:responseTime': [
          {
            componentType: 'datastore',
            status: 'fail',
            output: 'The database did not answer.',
            time: new Date(),
          },
        ],
      },
    }
  }
  return new Response(JSON.stringify(body), {
    status: body.status === 'fail' ? 503 : 200,
    headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' },
  })
})
