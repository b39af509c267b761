import { createServer, request, type Server } from 'node:http'
import { freePort } from '../../support/free-port'

/** A pass-through HTTP proxy in front of a host that counts every request it forwards, by method and path. */
export interface CountingProxy {
  url: string
  /** How many requests for `path` (any method, query ignored) arrived so far. */
  count(path: string): number
  close(): Promise<void>
}

/**
 * Starts a proxy on 127.0.0.1 that forwards everything to `target` and counts what arrives: the server-side
 * witness of requests, preflights included, that a browser test cannot see from the page.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const counts = new Map<string, number>()
  const upstream = new URL(target)
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string
    counts.set(path, (counts.get(path) ?? 0) + 1)
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(forward)
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}`,
    count: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
