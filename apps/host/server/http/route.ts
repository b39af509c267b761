import { getLogger } from '../observability/logger'
import { getMetrics } from '../observability/metrics'
import { problem } from './problem'

/** What Next passes a dynamic route handler besides the request. */
export interface RouteContext<P = Record<string, string | string[]>> {
  params: Promise<P>
}

type Handler<P> = (request: Request, context: RouteContext<P>, requestId: string) => Promise<Response>

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/

/**
 * Wraps a route handler: a request id (the caller's X-Request-Id when it looks like one), one JSON log line with
 * the route, method, status and duration, a duration histogram, and a plain 500 instead of a stack trace. Nothing
 * from the request body or headers is logged.
 */
export function route<P = Record<string, string | string[]>>(name: string, handler: Handler<P>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const started = performance.now()
    const incoming = request.headers.get('x-request-id') ?? ''
    const requestId = REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID()
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
    const ms = performance.now() - started
    const log = getLogger()
    const line = {
      reqId: requestId,
      route: name,
      method: request.method,
      status: response.status,
      ms: round(ms),
    }
    if (failure) log.error({ ...line, error: failure }, 'request failed')
    else log.info(line, 'request')
    getMetrics()
      .httpDuration.labels({ route: name, method: request.method, status: String(response.status) })
      .observe(ms / 1000)
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
