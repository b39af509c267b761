import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import next from 'next'
import { getContext, startHostProcess, type HostProcess } from './context'
import { HostResponse, createFrontDoor } from './http/front-door'

// Built by tsup to dist/server/main.js; the app (its .next folder) is two levels up, in the repository and in the
// container image alike.
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SHUTDOWN_GRACE_MS = 5_000

/**
 * The host's server: validates the configuration (a bad value stops the process with a message naming the
 * variable), opens and migrates the database, starts the background health check (alerts fire on its
 * transitions without any traffic), then serves HTTP with the front door in front of Next. Listens on `PORT`
 * (3000) and `HOSTNAME` (0.0.0.0), like Next's standalone server.
 */
async function main(): Promise<void> {
  let host: HostProcess
  try {
    host = startHostProcess(process.env)
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  process.chdir(dir)
  const dev = process.env.NODE_ENV === 'development'
  if (!dev) {
    // The configuration `next build` resolved, as the standalone server.js passes it: next.config.ts itself is
    // not in the container image.
    const files = JSON.parse(readFileSync(join(dir, '.next', 'required-server-files.json'), 'utf8')) as {
      config: unknown
    }
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(files.config)
  }
  const port = Number(process.env.PORT) || 3000
  const hostname = process.env.HOSTNAME || '0.0.0.0'
  const app = next({ dev, dir, hostname, port })
  // Next prepares while the database opens and migrates; the first health check needs the database.
  await Promise.all([
    app.prepare(),
    getContext()
      .catch(() => host.log.error('database unavailable at start-up; requests will retry'))
      .then(() => host.health.start()),
  ])
  const server = createServer(
    { ServerResponse: HostResponse },
    createFrontDoor(host, app.getRequestHandler()),
  )
  server.listen(port, hostname, () => host.log.info({ port, hostname }, 'listening'))

  const stop = () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
    // Open outbound work (an alert to a hanging receiver) must not hold the process past the grace.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

void main()
