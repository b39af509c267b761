// Entry of runner.js, the script of runner.html. It opens a MessageChannel to the embedding page and hands
// it one end, tagged with the nonce the page put in this frame's URL; after that, only the port is used.
import { NONCE_PARAM } from '../protocol/messages.js'
import { serveHost } from './runner-service.js'

const nonce = new URLSearchParams(location.hash.slice(1)).get(NONCE_PARAM)
if (nonce && window.parent !== window) {
  const channel = new MessageChannel()
  serveHost(channel.port1, new URL('.', location.href).href)
  // '*' because an opaque frame cannot name its embedder's origin; the nonce and the port carry the trust.
  window.parent.postMessage({ type: 'runcell:hello', nonce }, '*', [channel.port2])
}
