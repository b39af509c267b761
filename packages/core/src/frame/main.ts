// Entry of runner.js, the runner page's script. The host page usually writes the page itself (an iframe srcdoc
// with this script inline), or frames runner.html from a runner origin. Either way this opens a MessageChannel to
// the embedding page and hands it one end, tagged with the nonce the page chose; after that, only the port is
// used, and everything the runner needs (settings, the asset manifest, engine files) arrives on it.
import { NONCE_PARAM } from '../protocol/messages.js'
import { serveHost } from './runner-service.js'

// The nonce: in a meta tag of the page the host wrote, or in the fragment of runner.html's URL.
const nonce =
  document.querySelector(`meta[name="${NONCE_PARAM}"]`)?.getAttribute('content') ??
  new URLSearchParams(location.hash.slice(1)).get(NONCE_PARAM)
if (nonce && window.parent !== window) {
  const channel = new MessageChannel()
  serveHost(channel.port1)
  // '*' because an opaque frame cannot name its embedder's origin; the nonce and the port carry the trust.
  window.parent.postMessage({ type: 'runcell:hello', nonce }, '*', [channel.port2])
}
