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
 * The directives both ways of loading the runner share. The runner page fetches nothing (the host page hands it
 * every file over its port), so it gets no network at all: `connect-src 'none'` holds for the page and for every
 * blob: worker it starts, which inherit its policy. Workers start from blob: only; the JavaScript engine loads
 * snippets as blob: or data: scripts; wasm may compile; eval may not.
 */
function runnerDirectives(scriptSources: string): string[] {
  return [
    "default-src 'none'",
    `script-src ${scriptSources} blob: data: 'wasm-unsafe-eval'`,
    'worker-src blob:',
    "connect-src 'none'",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ]
}

/**
 * The Content-Security-Policy header to send with `runner.html` when you serve the runner page from a URL
 * (`runnerUrl`, e.g. its own site). It repeats the iframe's sandbox, so the runner stays opaque even when its URL
 * is opened directly, allows scripts only from the assets (runner.js) and blob:/data:, and allows no network.
 * Pass the assets base URL (`https://site.example/runcell/`): scripts are then scoped to that path.
 * @example
 * response.headers.set('Content-Security-Policy', runnerCsp('https://site.example/runcell/'))
 */
export function runnerCsp(...assetsUrls: [string, ...string[]]): string {
  const sources = [...new Set(assetsUrls.map(assetsSource))].join(' ')
  return ['sandbox allow-scripts', ...runnerDirectives(sources)].join('; ')
}

/**
 * The policy of the runner page the host page writes itself (an iframe `srcdoc`), delivered in a meta tag: only
 * the inline script carrying `nonce` may run. A srcdoc frame also inherits the embedding page's own policy, and a
 * document obeys both, so this can only narrow what the page allows.
 */
export function runnerDocumentCsp(nonce: string): string {
  return runnerDirectives(`'nonce-${nonce}'`).join('; ')
}
