import { NextResponse, type NextRequest } from 'next/server'
import {
  COMMON_SECURITY_HEADERS,
  HSTS,
  cspEnabled as readCspEnabled,
  runtimeEnv,
  servedOverHttps,
} from './server/http/security-headers'
import { runnerOriginOf } from './server/config/runner'

const dev = process.env.NODE_ENV === 'development'

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
  // The runner origin, when the runner is served from one (RUNNER_DOMAIN): the page frames runner.html from it
  // and fetches the engine files there.
  const runnerDomain = runtimeEnv('RUNNER_DOMAIN')
  const runner = (runnerDomain && runnerOriginOf(runnerDomain)) || ''
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (React style props, CodeMirror) need 'unsafe-inline'; a nonce here would disable it.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", extra, runner].filter(Boolean).join(' '),
    // The runner iframe: same origin under /runcell/ by default, or the configured runner origin.
    ['frame-src', "'self'", extra, runner].filter(Boolean).join(' '),
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
 * framing denied, and HSTS when the site is served over TLS (values in server/http/security-headers.ts). The
 * runner assets under /runcell/ are skipped: they must be embeddable and their route sets their own CSP. API
 * responses get theirs from the front door (server/http/front-door.ts).
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl
  if (pathname.startsWith('/runcell/')) return NextResponse.next()
  const https = servedOverHttps(request.nextUrl.protocol, request.headers.get('x-forwarded-proto'))
  const cspEnabled = readCspEnabled()
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64')
  const csp = pageCsp(nonce, https)

  const requestHeaders = new Headers(request.headers)
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  if (cspEnabled) requestHeaders.set('content-security-policy', csp)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  if (cspEnabled) response.headers.set('content-security-policy', csp)
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) response.headers.set(name, value)
  if (https) response.headers.set('strict-transport-security', HSTS)
  return response
}

// Not /api/: the front door sets the API headers on every API response, and running the proxy cost an ingest
// request about as much as its handler does.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/).*)' }],
}
