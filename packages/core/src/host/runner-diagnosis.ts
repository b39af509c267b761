// When the runner frame never answers, the host page can't see why: the frame is opaque and its console is its
// own. What the host can observe is how the same URLs answer its own requests, which names the usual causes.

const JAVASCRIPT = /\bjavascript\b|\becmascript\b/i

async function probe(url: string): Promise<Response | 'cors' | 'unreachable'> {
  try {
    return await fetch(url, { redirect: 'manual', cache: 'no-store', credentials: 'omit' })
  } catch {
    // A CORS refusal and a dead server look alike to `fetch`; an opaque no-cors answer tells them apart.
    try {
      await fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' })
      return 'cors'
    } catch {
      return 'unreachable'
    }
  }
}

/**
 * The likely reason a runner at `runnerUrl` did not start, as a sentence for the error message: a redirect, a
 * missing file, a missing CORS header, a wrong MIME type, or (when the files look right) a blocked frame.
 */
export async function diagnoseRunner(runnerUrl: URL): Promise<string> {
  const page = new URL(runnerUrl.href)
  page.hash = ''
  const script = new URL('runner.js', page).href
  const sameOrigin = page.origin === location.origin
  const cors =
    'The runner frame has an opaque origin, so the assets must be served with "Access-Control-Allow-Origin: *".'
  const pageAnswer = await probe(page.href)
  if (pageAnswer === 'unreachable') return `Likely cause: ${page.href} could not be reached at all.`
  if (pageAnswer === 'cors')
    return `Likely cause: CORS. ${page.href} is served without a CORS header. ${cors}`
  if (pageAnswer.type === 'opaqueredirect' || (pageAnswer.status >= 300 && pageAnswer.status < 400)) {
    return (
      `Likely cause: a redirect. ${page.href} redirects (a host's clean-URL or base-path rule), so the runner ` +
      'frame loads another page. Serve runner.html as is, or point "runnerUrl" at the URL it ends up at.'
    )
  }
  if (!pageAnswer.ok)
    return `Likely cause: ${page.href} answers HTTP ${pageAnswer.status}. Run "npx runcell assets <dir>".`
  const scriptAnswer = await probe(script)
  if (scriptAnswer === 'cors') return `Likely cause: CORS. ${script} is served without a CORS header. ${cors}`
  if (scriptAnswer !== 'unreachable' && scriptAnswer.ok) {
    const type = scriptAnswer.headers.get('content-type') ?? ''
    if (!JAVASCRIPT.test(type)) {
      return (
        `Likely cause: a MIME type. ${script} is served as "${type || 'no type'}"; browsers run module scripts ` +
        'only when served as text/javascript (and .wasm as application/wasm).'
      )
    }
    if (sameOrigin && !scriptAnswer.headers.get('access-control-allow-origin')) {
      return `Likely cause: CORS. ${script} is served without "Access-Control-Allow-Origin". ${cors}`
    }
  }
  return (
    'Likely cause: the frame was blocked. The runner files answer as expected here, so check for a ' +
    "frame-ancestors or X-Frame-Options header on runner.html and for a frame-src in this page's CSP."
  )
}

/**
 * Why the host page could not read the runner's script (runner.js) itself, for the page it writes into the
 * frame: the assets on another origin without a CORS header, a redirect to an HTML page, a missing file, or no
 * server at all. MIME types don't matter on this path: the script is read as text.
 */
export async function diagnoseScript(scriptUrl: string): Promise<string> {
  const answer = await probe(scriptUrl)
  if (answer === 'unreachable') return `Likely cause: ${scriptUrl} could not be reached at all.`
  if (answer === 'cors') {
    return (
      `Likely cause: CORS. ${scriptUrl} is on another origin, which sends no CORS header. Serve the assets from ` +
      'this site (any static server works), or send "Access-Control-Allow-Origin: *" from the assets origin.'
    )
  }
  if (answer.type === 'opaqueredirect' || (answer.status >= 300 && answer.status < 400)) {
    return (
      `Likely cause: a redirect. ${scriptUrl} redirects to a page instead of serving the script (a host's ` +
      'clean-URL or base-path rule). Check "assetsBaseUrl" and that the assets were copied there.'
    )
  }
  if (!answer.ok)
    return `Likely cause: ${scriptUrl} answers HTTP ${answer.status}. Run "npx runcell assets <dir>".`
  return `Likely cause: ${scriptUrl} is not Runcell's runner script. Run "npx runcell assets <dir>" again.`
}

/** What to say when the page's Trusted Types policy refused the runner page Runcell writes into its frame. */
export function trustedTypesBlocked(): string {
  return (
    'Likely cause: this page enforces Trusted Types (require-trusted-types-for), which refuses the runner page ' +
    'Runcell writes into its frame. Serve runner.html with runnerCsp() and pass "runnerUrl" (see docs/security.md).'
  )
}

/**
 * Why a runner page the host wrote itself did not answer although its script was read: the page's own
 * Content-Security-Policy, which a srcdoc frame inherits, or a browser that blocks the frame.
 */
export function framedPageBlocked(): string {
  return (
    "Likely cause: this page's Content-Security-Policy. The runner page Runcell writes into its frame inherits " +
    "it, and needs inline and blob: scripts, blob: workers and 'wasm-unsafe-eval'. On a page with its own " +
    'policy, serve runner.html with runnerCsp() and pass "runnerUrl" (see docs/security.md).'
  )
}
