import { getConfig } from './config/load'
import { getContext } from './context'
import { installPeerHeader } from './http/peer'
import { evaluateHealth } from './observability/health'
import { getLogger } from './observability/logger'

/**
 * Start-up on the Node.js runtime: validates the configuration once (a bad value stops the process with a
 * message naming the variable), records socket peers for client-IP decisions, opens and migrates the database
 * before the first request, and re-checks health every 15 s so that alerts fire without traffic on /api/health.
 */
export async function startHost(): Promise<void> {
  try {
    getConfig()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  installPeerHeader()
  await getContext().catch(() => getLogger().error('database unavailable at start-up; requests will retry'))
  const timer = setInterval(() => {
    getContext()
      .then(evaluateHealth)
      .catch(() => {})
  }, 15_000)
  timer.unref()
}
