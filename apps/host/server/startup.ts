import { getConfig } from './config/load'
import { getContext } from './context'
import { installFrontDoor } from './http/front-door'
import { getLogger } from './observability/logger'
import { getHealthSnapshots } from './observability/probes'

/**
 * Start-up on the Node.js runtime: validates the configuration once (a bad value stops the process with a
 * message naming the variable), opens and migrates the database before the first request, starts the background
 * health check (every second; alerts fire on its transitions without any traffic on /api/health), and installs
 * the front door (socket peers for client-IP decisions, probes answered before Next).
 */
export async function startHost(): Promise<void> {
  try {
    getConfig()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  await getContext().catch(() => getLogger().error('database unavailable at start-up; requests will retry'))
  await getHealthSnapshots().start()
  // Last: Next holds requests until start-up has finished, and so the probes do not answer before it either.
  installFrontDoor()
}
