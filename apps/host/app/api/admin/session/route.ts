import { audit } from '../../../../server/admin/auth'
import { SESSION_COOKIE, SESSION_SECONDS, signSession, tokenMatches } from '../../../../server/admin/session'
import { getContext } from '../../../../server/context'
import { clientIp, rateLimitKey } from '../../../../server/http/client-ip'
import { problem } from '../../../../server/http/problem'
import { route } from '../../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

const ACTOR = /^[A-Za-z0-9 _.@-]{1,64}$/

/**
 * The login form's target: a correct ADMIN_TOKEN sets an httpOnly, SameSite=Strict session cookie and redirects
 * to /admin. Attempts are rate-limited and audited.
 */
export const POST = route('/api/admin/session', async (request) => {
  const ctx = await getContext()
  const ip = clientIp(request, ctx)
  const limit = await ctx.coordination.hit(`login:${rateLimitKey(ip)}`, 10, 60_000)
  if (!limit.allowed) {
    return problem(429, 'Too Many Requests', 'Too many login attempts; wait a minute.', {
      headers: { 'retry-after': String(Math.ceil(limit.resetMs / 1000)) },
    })
  }
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > 4096) return problem(413, 'Content Too Large', 'The login form must be at most 4096 bytes.')
  let form: FormData
  try {
    form = await request.formData()
  } catch {
    return problem(400, 'Bad Request', 'Send the login form as a form post.')
  }
  const token = String(form.get('token') ?? '')
  const name = String(form.get('name') ?? '').trim()
  const actor = ACTOR.test(name) ? name : 'admin'
  const expected = ctx.config.ADMIN_TOKEN
  if (!expected || !tokenMatches(token, expected)) {
    await audit(ctx, { actor: 'anonymous', action: 'session.login', clientIp: ip, result: 'denied' })
    return new Response(null, { status: 303, headers: { location: '/admin?error=1' } })
  }
  await audit(ctx, { actor: `session:${actor}`, action: 'session.login', clientIp: ip, result: 'ok' })
  const secure =
    new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https'
  const cookie = [
    `${SESSION_COOKIE}=${signSession(expected, actor)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${SESSION_SECONDS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
  return new Response(null, { status: 303, headers: { location: '/admin', 'set-cookie': cookie } })
})
