import { cookies } from 'next/headers'
import { SESSION_COOKIE, verifySession } from '../../server/admin/session'
import { hostProcess } from '../../server/context'

/** Who is signed in to the admin pages, or why nobody can be. */
export type AdminSignIn = { actor: string } | { actor: null; disabled: boolean }

/**
 * Reads the admin session cookie set by the login form. Admin pages render the login form when this has no
 * actor; the API routes check the cookie (or a bearer token) again in every handler.
 */
export async function currentAdmin(): Promise<AdminSignIn> {
  const token = hostProcess().config.ADMIN_TOKEN
  if (!token) return { actor: null, disabled: true }
  const session = (await cookies()).get(SESSION_COOKIE)?.value
  const actor = session ? verifySession(token, session) : null
  return actor ? { actor } : { actor: null, disabled: false }
}
