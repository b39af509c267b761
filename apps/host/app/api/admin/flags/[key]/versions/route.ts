import { adminRoute } from '../../../../../../server/admin/handler'
import { json } from '../../../../../../server/http/problem'
import { listFlagVersions } from '../../../../../../server/store/flags'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** A flag's versions, newest first (deletes included, with a null definition). */
export const GET = adminRoute<{ key: string }>(
  '/api/admin/flags/[key]/versions',
  'flags.versions',
  async (ctx, _caller, _request, { key }) => ({
    response: json({ key, versions: await listFlagVersions(ctx.db, key) }),
  }),
)
