import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** The admin session cookie's name. */
export const SESSION_COOKIE = 'runcell_admin'
/** How long a login lasts. */
export const SESSION_SECONDS = 8 * 60 * 60

/**
 * Compares a presented token with the configured one in constant time. Both are hashed first, so the comparison
 * takes the same time whatever the lengths.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

// The session key is derived from ADMIN_TOKEN: rotating the token logs every session out.
const sessionKey = (adminToken: string) =>
  createHash('sha256').update(`runcell-session:${adminToken}`).digest()

/** A signed session value: `base64url(json).base64url(hmac)`, holding the actor and an expiry. */
export function signSession(adminToken: string, actor: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ sub: actor, exp: now + SESSION_SECONDS * 1000 })).toString(
    'base64url',
  )
  const mac = createHmac('sha256', sessionKey(adminToken)).update(payload).digest('base64url')
  return `${payload}.${mac}`
}

/** The actor of a valid, unexpired session value, or null. */
export function verifySession(adminToken: string, value: string, now = Date.now()): string | null {
  const [payload, mac] = value.split('.')
  if (!payload || !mac) return null
  const expected = createHmac('sha256', sessionKey(adminToken)).update(payload).digest()
  const given = Buffer.from(mac, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    const { sub, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      sub?: unknown
      exp?: unknown
    }
    return typeof sub === 'string' && typeof exp === 'number' && exp > now ? sub : null
  } catch {
    return null
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...rest] = part.trim().split('=')
    if (k === name) return rest.join('=')
  }
  return null
}
