import { createServer, type IncomingMessage, type Server } from 'node:http'
import { freePort } from '../../support/free-port'

/** One alert a receiver got. */
export interface Received {
  path: string
  body: Record<string, unknown>
}

/** A local Slack and PagerDuty stand-in that keeps what it was sent. */
export interface AlertReceiver {
  url: string
  received: Received[]
  server: Server
}

/**
 * Starts a receiver for `/slack` and `/pagerduty`. With `failFirstPagerDuty`, the first PagerDuty call gets a 500,
 * to prove the retry.
 */
export async function startReceiver(options: { failFirstPagerDuty?: boolean } = {}): Promise<AlertReceiver> {
  const received: Received[] = []
  let pagerdutyCalls = 0
  const server = createServer((req: IncomingMessage, res) => {
    let text = ''
    req.on('data', (chunk: Buffer) => (text += chunk.toString()))
    req.on('end', () => {
      if (options.failFirstPagerDuty && req.url === '/pagerduty' && pagerdutyCalls++ === 0) {
        res.writeHead(500).end()
        return
      }
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> })
      res.writeHead(202).end('{}')
    })
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${port}`, received, server }
}
