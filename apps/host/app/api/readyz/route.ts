import { getContext } from '../../../server/context'
import { route } from '../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

const unready = (reason: string, retryAfter: number) =>
  new Response(`${reason}\n`, {
    status: 503,
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store', 'retry-after': String(retryAfter) },
  })

/** Readiness: the database answers and the site is not in maintenance (503 with Retry-After otherwise). */
export const GET = route('/api/readyz', async () => {
  try {
    const ctx = await getContext()
    await ctx.db.query('SELECT 1')
    if ((await ctx.systemState()).maintenance) return unready('maintenance', 120)
  } catch {
    return unready('database unavailable', 5)
  }
  return new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } })
})
