import { adminRoute } from '../../../../../server/admin/handler'
import { json, problem } from '../../../../../server/http/problem'
import { SWITCHES, writeSwitch, type SwitchName } from '../../../../../server/store/system-state'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

type Params = { area: string; action: string }

/**
 * `POST /api/admin/{maintenance,emergency,execution,audit}/{enable,disable}`: flips a switch, tells every
 * instance at once (pub/sub), and answers with the previous and the new value.
 */
export const POST = adminRoute<Params>(
  '/api/admin/[area]/[action]',
  ({ area, action }) => `${area}.${action}`.slice(0, 64),
  async (ctx, caller, _request, { area, action }) => {
    if (!(SWITCHES as readonly string[]).includes(area) || (action !== 'enable' && action !== 'disable')) {
      return { response: problem(404, 'Not Found', `Unknown switch action ${area}/${action}.`) }
    }
    const name = area as SwitchName
    const value = action === 'enable'
    const previous = await writeSwitch(ctx.db, name, value, caller.actor)
    await ctx.announceChange('switches')
    ctx.log.info({ switch: name, value, previous }, 'switch changed')
    return {
      response: json({ switch: name, enabled: value, previous }),
      target: name,
      detail: { previous, value },
    }
  },
)
