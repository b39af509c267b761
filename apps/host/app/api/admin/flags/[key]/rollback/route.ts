import { z } from 'zod'
import { storeProblem } from '../../../../../../server/admin/flag-input'
import { adminRoute } from '../../../../../../server/admin/handler'
import { readJson } from '../../../../../../server/http/body'
import { json } from '../../../../../../server/http/problem'
import { rollbackFlag } from '../../../../../../server/store/flags'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

const bodySchema = z.object({ version: z.number().int().min(1) })

/** `POST {version}`: restores that version's definition as a new version. */
export const POST = adminRoute<{ key: string }>(
  '/api/admin/flags/[key]/rollback',
  'flags.rollback',
  async (ctx, caller, request, { key }) => {
    const body = await readJson(request, bodySchema, 1024)
    if (!body.ok) return { response: body.response, target: key }
    try {
      const stored = await rollbackFlag(ctx.db, key, body.data.version, caller.actor)
      await ctx.announceChange('flags')
      return {
        response: json(stored),
        target: key,
        detail: { restored: body.data.version, version: stored.version },
      }
    } catch (error) {
      return { response: storeProblem(error), target: key }
    }
  },
)
