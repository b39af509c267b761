import { ServerResponse, type IncomingMessage, type RequestListener } from 'node:http'
import { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import type { HostProcess } from '../context'
import { handleIngest } from '../ingest/handle-ingest'
import { PROBE_PATHS, answerProbe, type ProbePath } from '../observability/probes'
import { recordRequest, requestIdOf } from './route'
import { apiSecurityHeaders, servedOverHttps } from './security-headers'

const probes = new Set<string>(PROBE_PATHS)

/**
 * The host's front door: the request listener of the server entry (server/main.ts), in front of Next's own.
 * - It copies the socket's peer address into a header that route handlers can read. Next hands handlers a Web
 *   Request without the peer address, and X-Forwarded-For alone is whatever the client wrote; the peer decides
 *   whether that header came from a trusted proxy. The header's name is random per process.
 * - It answers the probes (GET or HEAD /api/health, /api/livez, /api/readyz) from the in-memory health
 *   snapshot, with a request id, a debug log line and the duration histogram. Next's router, proxy and route
 *   handling cost about twenty times what the probe itself does, and load balancers call the probes constantly.
 * - It hands telemetry ingest (POST /api/executions) to its handler, the same one Next's route exports.
 * - Everything else goes to `next`. The server's {@link HostResponse} gives every /api/ answer its security headers.
 */
export function createFrontDoor(host: HostProcess, next: RequestListener): RequestListener {
  return (request, response) => {
    request.headers[host.peerHeader] = request.socket?.remoteAddress ?? ''
    const path = pathOf(request)
    if (path.startsWith('/api/')) {
      const probe = probePath(request, path)
      if (probe) return answer(host, request, response, probe)
      if (request.method === 'POST' && path === INGEST_PATH) return void ingest(request, response)
    }
    return next(request, response)
  }
}

/**
 * The server's response class (`http.createServer({ ServerResponse: HostResponse })`): an /api/ response gets
 * the API security headers it lacks when its head is written, whoever answers it (the front door, a route
 * handler, or Next on its own: a 405 for a method a route lacks, OPTIONS). A header the response already has,
 * such as one a handler set, is left as it is. Node writes every head through writeHead, also an implicit one.
 * Headers are not preset because Next skips a header that is already set, which would override handlers.
 */
export class HostResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(...args: unknown[]): this {
    if (pathOf(this.req).startsWith('/api/')) {
      const https = servedOverHttps(
        (this.req.socket as TLSSocket).encrypted ? 'https:' : 'http:',
        this.req.headers['x-forwarded-proto'] as string | undefined,
      )
      for (const [name, value] of Object.entries(apiSecurityHeaders(https)))
        if (!this.hasHeader(name)) this.setHeader(name, value)
    }
    return (super.writeHead as (...args: unknown[]) => this).apply(this, args)
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

function answer(
  host: HostProcess,
  request: IncomingMessage,
  response: ServerResponse,
  path: ProbePath,
): void {
  const started = performance.now()
  const requestId = requestIdOf(request.headers['x-request-id'] as string | undefined)
  answerProbe(host.health, path).then(
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
