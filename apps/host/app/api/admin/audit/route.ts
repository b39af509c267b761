import { adminRoute } from '../../../../server/admin/handler'
import { json } from '../../../../server/http/problem'
import { listAudit } from '../../../../server/store/audit'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** The newest audit records (`?limit=`, at most 1000). */
export const GET = adminRoute('/api/admin/audit', 'audit.list', async (ctx, _caller, request) => {
  const limit = Number(new URL(request.url).searchParams.get('limit') ?? 100)
  return { response: json({ records: await listAudit(ctx.db, Number.isFinite(limit) ? limit : 100) }) }
})
