import { hostProcess } from '../context'
import { problem } from './problem'

/** What Next passes a dynamic route handler besides the request. */
export interface RouteContext<P = Record<string, string | string[]>> {
  params: Promise<P>
}

type Handler<P> = (request: Request, context: RouteContext<P>, requestId: string) => Promise<Response>

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

/** How a route is recorded. */
export interface RouteOptions {
  /** Log each request at debug rather than info: probes, polled every few seconds, would flood the logs. */
  quiet?: boolean
}

/** The caller's X-Request-Id when it looks like one, otherwise a new one. */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID()
}

/** One handled request as the log line and the duration histogram record it. */
export interface RequestRecord {
  requestId: string
  route: string
  method: string
  status: number
  ms: number
  /** The error's name when the handler threw. */
  failure?: string
}

/** Writes a request's log line (never its body or headers) and counts its duration. */
export function recordRequest(record: RequestRecord, options: RouteOptions = {}): void {
  const { requestId, route, method, status, ms, failure } = record
  const line = { reqId: requestId, route, method, status, ms: round(ms) }
  const { log, metrics } = hostProcess()
  if (failure) log.error({ ...line, error: failure }, 'request failed')
  else if (options.quiet) log.debug(line, 'request')
  else log.info(line, 'request')
  metrics.httpDuration.labels({ route, method, status: String(status) }).observe(ms / 1000)
}

/**
 * Wraps a route handler: a request id (the caller's X-Request-Id when it looks like one), one JSON log line with
 * the route, method, status and duration, a duration histogram, and a plain 500 instead of a stack trace. Nothing
 * from the request body or headers is logged. The front door (front-door.ts) adds the API security headers.
 */
export function route<P = Record<string, string | string[]>>(
  name: string,
  handler: Handler<P>,
  options: RouteOptions = {},
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const started = performance.now()
    const requestId = requestIdOf(request.headers.get('x-request-id'))
    let response: Response
    let failure: string | undefined
    try {
      response = await handler(request, context, requestId)
    } catch (error) {
      failure = error instanceof Error ? error.name : 'Error'
      response = isUnavailable(error)
        ? problem(503, 'Service Unavailable', 'The database is unavailable; retry shortly.', {
            headers: { 'retry-after': '5' },
          })
        : problem(500, 'Internal Server Error', 'Something went wrong; it has been logged.')
    }
    recordRequest(
      {
        requestId,
        route: name,
        method: request.method,
        status: response.status,
        ms: performance.now() - started,
        ...(failure ? { failure } : {}),
      },
      options,
    )
    response.headers.set('x-request-id', requestId)
    return response
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10

/** Errors that mean "the database or cache is unreachable right now", worth a 503 and a retry. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: string }).code ?? ''
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P03',
      '08006',
      '08001',
    ].includes(code) || /timeout|terminat|connection|ECONNREFUSED/i.test(error.message)
  )
}
