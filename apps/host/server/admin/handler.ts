import { getContext, type HostContext } from '../context'
import { route, type RouteContext } from '../http/route'
import type { AuditResult } from '../store/audit'
import { audit, authenticateAdmin, type AdminCaller } from './auth'

/** What an admin action hands back: the response, and what the audit record should say about it. */
export interface AdminOutcome {
  response: Response
  target?: string
  detail?: Record<string, unknown>
}

type AdminHandler<P> = (
  ctx: HostContext,
  caller: AdminCaller,
  request: Request,
  params: P,
) => Promise<AdminOutcome>

/**
 * An admin route handler: authenticates in the handler itself (not only in the proxy), runs the action, and
 * writes one audit record with who, what, the client IP and the result. A form post from the admin page is
 * answered with a redirect back to it.
 */
export function adminRoute<P extends Record<string, string | string[]>>(
  name: string,
  action: string | ((params: P, request: Request) => string),
  handler: AdminHandler<P>,
) {
  return route<P>(name, async (request, context: RouteContext<P>) => {
    const params = await context.params
    const what = typeof action === 'string' ? action : action(params, request)
    const ctx = await getContext()
    const caller = await authenticateAdmin(ctx, request, what)
    if (caller instanceof Response) return caller
    let outcome: AdminOutcome
    try {
      outcome = await handler(ctx, caller, request, params)
    } catch (error) {
      await audit(ctx, { actor: caller.actor, action: what, clientIp: caller.ip, result: 'error' })
      throw error
    }
    const status = outcome.response.status
    const result: AuditResult = status < 400 ? 'ok' : status === 429 ? 'rate_limited' : 'invalid'
    if (request.method !== 'GET') {
      await audit(ctx, {
        actor: caller.actor,
        action: what,
        ...(outcome.target ? { target: outcome.target } : {}),
        clientIp: caller.ip,
        result,
        ...(outcome.detail ? { detail: outcome.detail } : {}),
      })
    }
    const form = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')
    if (form && status < 400) return new Response(null, { status: 303, headers: { location: '/admin' } })
    return outcome.response
  })
}
