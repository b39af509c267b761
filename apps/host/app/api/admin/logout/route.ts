import { SESSION_COOKIE } from '../../../../server/admin/session'
import { route } from '../../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Ends the admin session and returns to the login form. */
export const POST = route('/api/admin/logout', async () => {
  return new Response(null, {
    status: 303,
    headers: {
      location: '/admin',
      'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
    },
  })
})
