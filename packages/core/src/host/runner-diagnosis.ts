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
