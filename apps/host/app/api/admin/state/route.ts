import { adminRoute } from '../../../../server/admin/handler'
import { json } from '../../../../server/http/problem'
import { readSystemState } from '../../../../server/store/system-state'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** The switches as stored now (not cached). */
export const GET = adminRoute('/api/admin/state', 'state.read', async (ctx) => {
  return { response: json(await readSystemState(ctx.db)) }
})
