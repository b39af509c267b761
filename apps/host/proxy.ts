import { NextResponse, type NextRequest } from 'next/server'

const dev = process.env.NODE_ENV === 'development'
// Read at run time: Next inlines `process.env.NEXT_PUBLIC_*` written literally at build time, and these are
// deployment settings that must follow the environment of `next start`.
const runtimeEnv = (name: string): string | undefined =>
  (process.env as Record<string, string | undefined>)[name]

function origins(...urls: (string | undefined)[]): string {
  return urls
    .flatMap((url) => {
      try {
        return url ? [new URL(url).origin] : []
      } catch {
        return []
      }
    })
    .join(' ')
}

/** The host pages' CSP for one response's nonce. */
function pageCsp(nonce: string, https: boolean): string {
  const extra = origins(runtimeEnv('NEXT_PUBLIC_API_URL'))
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (React style props, CodeMirror) need 'unsafe-inline'; a nonce here would disable it.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${extra}`.trim(),
    // The runner iframe: same origin under /runcell/ by default, or the configured assets origin.
    `frame-src 'self' ${extra}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/**
 * Security headers on every host response: a fresh nonce per page, nosniff, Referrer-Policy, Permissions-Policy,
 * framing denied, and HSTS when the site is served over TLS. The runner assets under /runcell/ are skipped: they
 * must be embeddable and their route sets their own CSP.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl
  if (pathname.startsWith('/runcell/')) return NextResponse.next()
  const https =
    request.nextUrl.protocol === 'https:' ||
    request.headers.get('x-forwarded-proto') === 'https' ||
    (runtimeEnv('NEXT_PUBLIC_APP_URL') ?? '').startsWith('https:')
  const cspEnabled = !['false', '0', 'no', 'off'].includes(
    (runtimeEnv('NEXT_PUBLIC_CSP_ENABLED') ?? '').toLowerCase(),
  )
  const api = pathname.startsWith('/api/')
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64')
  const csp = api ? "default-src 'none'; frame-ancestors 'none'" : pageCsp(nonce, https)

  const requestHeaders = new Headers(request.headers)
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  if (cspEnabled && !api) requestHeaders.set('content-security-policy', csp)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  if (cspEnabled) response.headers.set('content-security-policy', csp)
  response.headers.set('x-content-type-options', 'nosniff')
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin')
  response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
  response.headers.set('x-frame-options', 'DENY')
  response.headers.set('cross-origin-opener-policy', 'same-origin')
  if (https) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains')
  return response
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
}
