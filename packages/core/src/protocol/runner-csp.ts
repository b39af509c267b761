/**
 * A CSP source for the assets: the origin, plus the path when the assets live under one (`/runcell/` on the host's
 * own origin). A source with a path that ends in `/` matches everything under it and nothing beside it, so user
 * code in a runner served from a site's own origin cannot reach the site's `/api/*`.
 */
function assetsSource(assetsUrl: string): string {
  const url = new URL(assetsUrl)
  if (url.pathname === '/') return url.origin
  const { pathname } = url
  const last = pathname.slice(pathname.lastIndexOf('/') + 1)
  // A file (runner.html) scopes to its folder; a folder written without its final slash is still that folder.
  const dir = last.includes('.') ? pathname.slice(0, -last.length) : pathname.replace(/\/?$/, '/')
  return `${url.origin}${dir}`
}

/**
 * The Content-Security-Policy header to send with `runner.html`. It repeats the iframe's sandbox, so the runner
 * stays opaque even when its URL is opened directly, and limits scripts, workers and every fetch to the assets:
 * that is what keeps user code off the network. Pass the assets base URL (`https://site.example/runcell/`), and
 * every request the runner may make is scoped to that path; an origin alone allows that whole origin, which is
 * right only for an origin that serves nothing but the assets. Wasm may compile; eval may not.
 * @example
 * response.headers.set('Content-Security-Policy', runnerCsp('https://site.example/runcell/'))
 */
export function runnerCsp(...assetsUrls: [string, ...string[]]): string {
  const sources = [...new Set(assetsUrls.map(assetsSource))].join(' ')
  return [
    'sandbox allow-scripts',
    "default-src 'none'",
    `script-src ${sources} blob: data: 'wasm-unsafe-eval'`,
    `worker-src ${sources} blob: data:`,
    `connect-src ${sources}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}
