import { readFlag, storeProblem } from '../../../../../server/admin/flag-input'
import { adminRoute } from '../../../../../server/admin/handler'
import { json, problem } from '../../../../../server/http/problem'
import { deleteFlag, getFlag, saveFlag } from '../../../../../server/store/flags'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

type Params = { key: string }

/** One stored flag. */
export const GET = adminRoute<Params>(
  '/api/admin/flags/[key]',
  'flags.read',
  async (ctx, _caller, _req, { key }) => {
    const stored = await getFlag(ctx.db, key)
    return { response: stored ? json(stored) : problem(404, 'Not Found', `Flag "${key}" not found.`) }
  },
)

/** Replaces a flag's definition as a new version. */
export const PUT = adminRoute<Params>(
  '/api/admin/flags/[key]',
  'flags.update',
  async (ctx, caller, request, { key }) => {
    const definition = await readFlag(request, key)
    if (definition instanceof Response) return { response: definition, target: key }
    try {
      const stored = await saveFlag(ctx.db, definition, caller.actor, 'update')
      await ctx.announceChange('flags')
      return { response: json(stored), target: key, detail: { version: stored.version } }
    } catch (error) {
      return { response: storeProblem(error), target: key }
    }
  },
)

/** Deletes a flag; its history stays, so a rollback can restore it. */
export const DELETE = adminRoute<Params>(
  '/api/admin/flags/[key]',
  'flags.delete',
  async (ctx, caller, _req, { key }) => {
    try {
      const version = await deleteFlag(ctx.db, key, caller.actor)
      await ctx.announceChange('flags')
      return { response: json({ deleted: key, version }), target: key, detail: { version } }
    } catch (error) {
      return { response: storeProblem(error), target: key }
    }
  },
)
