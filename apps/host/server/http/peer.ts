import http, { type IncomingMessage } from 'node:http'
import { peerHeaderName } from './client-ip'

const installed = Symbol.for('runcell.host.peerHeaderInstalled')

/**
 * Copies each request's socket address into a header that route handlers can read. `next start` hands handlers a
 * Web Request without the peer address, and X-Forwarded-For alone is whatever the client wrote; the peer is what
 * decides whether that header came from a trusted proxy. The header's name is random per process.
 */
export function installPeerHeader(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & {
    emit: (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean
  }
  if (proto[installed]) return
  proto[installed] = true
  const name = peerHeaderName()
  const original = proto.emit
  proto.emit = function (event, ...args) {
    if (event === 'request') {
      const request = args[0] as IncomingMessage
      request.headers[name] = request.socket?.remoteAddress ?? ''
    }
    return original.call(this, event, ...args)
  }
}
