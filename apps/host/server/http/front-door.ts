import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { handleIngest } from '../ingest/handle-ingest'
import { PROBE_PATHS, answerProbe, type ProbePath } from '../observability/probes'
import { peerHeaderName } from './client-ip'
import { recordRequest, requestIdOf } from './route'
import { apiSecurityHeaders, servedOverHttps } from './security-headers'

const installed = Symbol.for('runcell.host.frontDoorInstalled')
const probes = new Set<string>(PROBE_PATHS)

/**
 * The host's front door, on every HTTP request of this process before Next sees it:
 * - it copies the socket's peer address into a header that route handlers can read. `next start` hands
 *   handlers a Web Request without the peer address, and X-Forwarded-For alone is whatever the client wrote; the
 *   peer decides whether that header came from a trusted proxy. The header's name is random per process.
 * - it gives every /api/ response the API security headers it lacks: those it answers itself, those of route
 *   handlers, and those Next makes on its own (a 405 for a method a route lacks, OPTIONS).
 * - it answers the probes (GET or HEAD /api/health, /api/livez, /api/readyz) from the in-memory health
 *   snapshot, with a request id, a debug log line and the duration histogram. Next's router, proxy and route
 *   handling cost about twenty times what the probe itself does, and load balancers call the probes constantly.
 * - it hands telemetry ingest (POST /api/executions) to its handler, the same one Next's route exports.
 *
 * It hooks `http.Server`'s request event because `next start` and the standalone `server.js` create the server
 * themselves; Next documents that a custom server cannot be used with standalone output.
 */
export function installFrontDoor(): void {
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
      const response = args[1] as ServerResponse
      request.headers[name] = request.socket?.remoteAddress ?? ''
      const path = pathOf(request)
      if (path.startsWith('/api/')) {
        fillApiHeaders(request, response)
        const probe = probePath(request, path)
        if (probe) {
          answer(request, response, probe)
          return true
        }
        if (request.method === 'POST' && path === INGEST_PATH) {
          void ingest(request, response)
          return true
        }
      }
    }
    return original.call(this, event, ...args)
  }
}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? ''
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

function probePath(request: IncomingMessage, path: string): ProbePath | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null
  return probes.has(path) ? (path as ProbePath) : null
}

const INGEST_PATH = '/api/executions'

/**
 * Telemetry ingest, the one high-volume API route, through the same handler as its Next route but without Next's
 * router around it. Measured with the bench's load (10 connections of 50-record batches on 2 cores): Next's path
 * alone, with the database left out, gave p99 47 ms and 556 batches a second.
 */
async function ingest(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      if (Array.isArray(value)) value.forEach((item) => headers.append(name, item))
      else if (value !== undefined) headers.set(name, value)
    }
    const scheme = (request.socket as TLSSocket).encrypted ? 'https' : 'http'
    const web = new Request(
      `${scheme}://${request.headers.host ?? 'localhost'}${request.url ?? INGEST_PATH}`,
      {
        method: 'POST',
        headers,
        body: Readable.toWeb(request) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit,
    )
    const answer = await handleIngest(web, { params: Promise.resolve({}) })
    response.writeHead(answer.status, Object.fromEntries(answer.headers))
    response.end(Buffer.from(await answer.arrayBuffer()))
  } catch {
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' })
    response.end('Internal Server Error\n')
  }
}

/**
 * Gives an /api/ response the API security headers it lacks when its head is written; a header the response
 * already has, such as one a handler set, is left as it is. Node writes every head through writeHead, also an
 * implicit one.
 */
function fillApiHeaders(request: IncomingMessage, response: ServerResponse): void {
  const https = servedOverHttps(
    (request.socket as TLSSocket).encrypted ? 'https:' : 'http:',
    request.headers['x-forwarded-proto'] as string | undefined,
  )
  const headers = apiSecurityHeaders(https)
  const writeHead = response.writeHead
  response.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    for (const [name, value] of Object.entries(headers))
      if (!this.hasHeader(name)) this.setHeader(name, value)
    return writeHead.apply(this, args)
  } as typeof writeHead
}

function answer(request: IncomingMessage, response: ServerResponse, path: ProbePath): void {
  const started = performance.now()
  const requestId = requestIdOf(request.headers['x-request-id'] as string | undefined)
  answerProbe(path).then(
    ({ status, headers, body }) => {
      response.writeHead(status, { ...headers, 'x-request-id': requestId })
      response.end(request.method === 'HEAD' ? undefined : body)
      recordRequest(
        { requestId, route: path, method: request.method ?? 'GET', status, ms: performance.now() - started },
        { quiet: true },
      )
    },
    (error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end('Internal Server Error\n')
      recordRequest({
        requestId,
        route: path,
        method: request.method ?? 'GET',
        status: 500,
        ms: performance.now() - started,
        failure: error instanceof Error ? error.name : 'Error',
      })
    },
  )
}
