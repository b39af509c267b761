/**
 * The security headers of host responses, defined once: `proxy.ts` sets them on pages, and the front door
 * (`front-door.ts`) on every /api/ response.
 */

// Read at run time: Next inlines `process.env.NEXT_PUBLIC_*` written literally at build time, and these are
// deployment settings that must follow the environment of the running server.
export const runtimeEnv = (name: string): string | undefined =>
  (process.env as Record<string, string | undefined>)[name]

/** The CSP of every /api/ response: nothing loads, nothing frames it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'"

/** Headers on every response that `proxy.ts` covers, whatever the route. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
}

/** HSTS, sent only when the site is served over TLS. */
export const HSTS = 'max-age=63072000; includeSubDomains'

/** Whether CSP headers are on (`NEXT_PUBLIC_CSP_ENABLED`, default on). */
export function cspEnabled(): boolean {
  return !['false', '0', 'no', 'off'].includes((runtimeEnv('NEXT_PUBLIC_CSP_ENABLED') ?? '').toLowerCase())
}

/**
 * Whether the reader reached the site over TLS: directly, through a proxy that says so in X-Forwarded-Proto, or
 * because the configured public URL is https.
 */
export function servedOverHttps(protocol: string, forwardedProto: string | null | undefined): boolean {
  return (
    protocol === 'https:' ||
    forwardedProto === 'https' ||
    (runtimeEnv('NEXT_PUBLIC_APP_URL') ?? '').startsWith('https:')
  )
}

const apiHeaders = new Map<boolean, Readonly<Record<string, string>>>()

/**
 * Every security header of an /api/ response. Built once per process for each of plain and TLS: the settings
 * they read are fixed for the life of the process, and every API request (probes and ingest by the thousand)
 * asks for them.
 */
export function apiSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  let headers = apiHeaders.get(https)
  if (!headers) {
    headers = Object.freeze({
      ...(cspEnabled() ? { 'content-security-policy': API_CSP } : {}),
      ...COMMON_SECURITY_HEADERS,
      ...(https ? { 'strict-transport-security': HSTS } : {}),
    })
    apiHeaders.set(https, headers)
  }
  return headers
}
