import { NONCE_PARAM } from '../protocol/messages.js'
import { runnerDocumentCsp } from '../protocol/runner-csp.js'

/**
 * The runner page as the host page writes it into the iframe's `srcdoc`: its policy, the handshake nonce, and
 * the runner script (runner.js, fetched by the host) imported from a blob: URL. Nothing in it depends on a URL, so
 * a static host's redirects, MIME types or missing CORS headers can't break it. The script travels as a JSON
 * string with every `<` escaped, so no `</script>` or `<!--` in its text can end the inline script early.
 */
export function runnerDocument(runnerScript: string, nonce: string): string {
  const source = JSON.stringify(runnerScript).replace(/</g, '\\u003c')
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${runnerDocumentCsp(nonce)}">` +
    `<meta name="${NONCE_PARAM}" content="${nonce}"><title>Runcell runner</title></head><body>` +
    `<script nonce="${nonce}">import(URL.createObjectURL(new Blob([${source}], { type: 'text/javascript' })))</script>` +
    '</body></html>'
  )
}
