// The two origins every benchmark uses, as in production: the host page on 127.0.0.1 and the runner assets on
// localhost. Baseline pages and workers sit on the assets origin, so the raw engines run same-origin with the
// same files. Everything is served cacheable, as a CDN would, so warm loads can use the HTTP cache on both sides.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assetFiles } from '../packages/core/bin/asset-files.mjs'
import { ISOLATION_HEADERS, startStaticServer } from '../scripts/static-server.mjs'
import { baselinePages } from './baseline-pages.mjs'
import { hostPages } from './host-pages.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const CACHEABLE = { 'Cache-Control': 'public, max-age=3600' }

/**
 * Starts the host and assets origins. With `isolated`, the host page is cross-origin isolated (COOP + COEP)
 * and the assets allow being embedded there.
 */
export async function startBenchOrigins({ isolated = false } = {}) {
  const sqlJs = join(dirname(require.resolve('sql.js/dist/sql-wasm-browser.wasm')), 'sql-wasm-browser.js')
  const assets = await startStaticServer({
    host: 'localhost',
    mounts: { '/runcell/': assetFiles(), '/bench-lib/': [{ path: 'sql-wasm-browser.js', file: sqlJs }] },
    pages: baselinePages(),
    headers: { ...CACHEABLE, ...(isolated ? ISOLATION_HEADERS.assets : {}) },
  })
  const assetsBaseUrl = `http://localhost:${assets.port}/runcell/`
  const host = await startStaticServer({
    mounts: { '/core/': join(root, 'packages', 'core', 'dist') },
    pages: hostPages({ assetsBaseUrl, isolated }),
    headers: { ...CACHEABLE, ...(isolated ? ISOLATION_HEADERS.host : {}) },
  })
  return {
    host,
    assets,
    assetsBaseUrl,
    close: async () => {
      await host.close()
      await assets.close()
    },
  }
}
