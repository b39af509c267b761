import { readFlag, storeProblem } from '../../../../server/admin/flag-input'
import { adminRoute } from '../../../../server/admin/handler'
import { json } from '../../../../server/http/problem'
import { listFlags, saveFlag } from '../../../../server/store/flags'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Every stored flag with its version and last editor. */
export const GET = adminRoute('/api/admin/flags', 'flags.list', async (ctx) => {
  return { response: json({ flags: await listFlags(ctx.db) }) }
})

/** Creates a flag (version 1); 409 when the key exists. */
export const POST = adminRoute('/api/admin/flags', 'flags.create', async (ctx, caller, request) => {
  const definition = await readFlag(request)
  if (definition instanceof Response) return { response: definition }
  try {
    const stored = await saveFlag(ctx.db, definition, caller.actor, 'create')
    await ctx.announceChange('flags')
    return {
      response: json(stored, { status: 201 }),
      target: stored.definition.key,
      detail: { version: stored.version },
    }
  } catch (error) {
    return { response: storeProblem(error), target: definition.key }
  }
})
