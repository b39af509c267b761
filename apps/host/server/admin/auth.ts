import type { HostContext } from '../context'
import { clientIp, rateLimitKey } from '../http/client-ip'
import { problem } from '../http/problem'
import { insertAudit, type AuditEntry } from '../store/audit'
import { readCookie, SESSION_COOKIE, tokenMatches, verifySession } from './session'

/** Who is calling an admin route, once authenticated. */
export interface AdminCaller {
  actor: string
  ip: string
  via: 'bearer' | 'session'
}

const ACTOR = /^[A-Za-z0-9 _.@-]{1,64}$/
// Failed admin attempts per client (IPv4 address or IPv6 /64) per minute before 429: slows token guessing and
// audit-log flooding.
const FAILED_LIMIT = 20

/**
 * Authenticates an admin request: `Authorization: Bearer <ADMIN_TOKEN>` (constant-time), or the session cookie
 * set by the login form. A cookie only counts for a same-origin request, so another site cannot ride on it.
 * Returns the caller, or the 401/429 response to send; a failure is audited. The rate limit comes first.
 */
export async function authenticateAdmin(
  ctx: HostContext,
  request: Request,
  action: string,
): Promise<AdminCaller | Response> {
  const ip = clientIp(request, ctx)
  // Counted before the token is checked and taken back when it matches: a client over the limit gets 429
  // without its guess being tried, however many guesses it sends at once.
  const failures = `admin-fail:${rateLimitKey(ip)}`
  const limited = await ctx.coordination.hit(failures, FAILED_LIMIT, 60_000)
  if (!limited.allowed) {
    return problem(429, 'Too Many Requests', 'Too many failed admin attempts; wait a minute.', {
      headers: { 'retry-after': String(Math.ceil(limited.resetMs / 1000)) },
    })
  }
  const token = ctx.config.ADMIN_TOKEN
  const authorization = request.headers.get('authorization') ?? ''
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim()
  if (token && bearer !== undefined && tokenMatches(bearer, token)) {
    await ctx.coordination.release(failures)
    const named = request.headers.get('x-runcell-actor') ?? ''
    return { actor: ACTOR.test(named) ? `token:${named}` : 'token', ip, via: 'bearer' }
  }
  const cookie = readCookie(request.headers.get('cookie'), SESSION_COOKIE)
  if (token && cookie && bearer === undefined && sameOrigin(request)) {
    const actor = verifySession(token, cookie)
    if (actor) {
      await ctx.coordination.release(failures)
      return { actor: `session:${actor}`, ip, via: 'session' }
    }
  }
  await audit(ctx, { actor: 'anonymous', action, clientIp: ip, result: 'denied' })
  return problem(
    401,
    'Unauthorized',
    token ? 'Send Authorization: Bearer <ADMIN_TOKEN>.' : 'Admin is disabled: set ADMIN_TOKEN.',
    { headers: { 'www-authenticate': 'Bearer realm="runcell-admin"' } },
  )
}

/**
 * Writes an audit record unless audit logging is off. Turning audit itself on or off, and denied attempts, are
 * always recorded. A failed audit write is logged, never thrown: it must not hide the action's own result.
 */
export async function audit(ctx: HostContext, entry: AuditEntry): Promise<void> {
  try {
    const always = entry.action.startsWith('audit.') || entry.result === 'denied'
    if (!always && !(await ctx.systemState()).audit) return
    await insertAudit(ctx.db, entry)
  } catch {
    ctx.log.error({ action: entry.action }, 'audit write failed')
  }
}

function sameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site')
  if (site) return site === 'same-origin'
  const origin = request.headers.get('origin')
  if (!origin) return request.method === 'GET' || request.method === 'HEAD'
  return origin === new URL(request.url).origin
}
