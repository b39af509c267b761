import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import {
  ISOLATION_HEADERS,
  startStaticServer,
  type Page as StaticPage,
  type StaticServer,
} from '../../scripts/static-server.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The built `@runcell/core` library folder, served to host pages as /core/. */
export const coreDist = join(root, 'packages', 'core', 'dist')

/** A host page origin and a runner assets origin that differ, as in production. */
export interface TestOrigins {
  host: StaticServer
  runner: StaticServer
  /** The assets base URL as host pages should pass it to createRuntime (relative in the same-origin setup). */
  assetsBaseUrl: string
  close(): Promise<void>
}

/**
 * Starts the host origin (127.0.0.1) and the runner origin (localhost) on free ports. With `sameOrigin`, the
 * runner assets are served by the host server too, which is the zero-config setup. With `isolated`, the host
 * page is cross-origin isolated (COOP + COEP) and the assets may be embedded there.
 */
export async function startTestOrigins(
  options: {
    pages?: Record<string, StaticPage>
    sameOrigin?: boolean
    hostHeaders?: Record<string, string>
    isolated?: boolean
  } = {},
): Promise<TestOrigins> {
  const assets = assetFiles()
  const runner = await startStaticServer({
    host: 'localhost',
    mounts: { '/runcell/': assets },
    headers: options.isolated ? ISOLATION_HEADERS.assets : undefined,
  })
  const host = await startStaticServer({
    mounts: options.sameOrigin ? { '/core/': coreDist, '/runcell/': assets } : { '/core/': coreDist },
    pages: options.pages,
    headers: { ...(options.isolated ? ISOLATION_HEADERS.host : {}), ...options.hostHeaders },
  })
  // Same origin uses the documented zero-config value: a relative base.
  const assetsBaseUrl = options.sameOrigin ? '/runcell/' : `http://localhost:${runner.port}/runcell/`
  return {
    host,
    runner,
    assetsBaseUrl,
    close: async () => {
      await host.close()
      await runner.close()
    },
  }
}
