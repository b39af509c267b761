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
import { startPacedOrigin } from './pacing.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const CACHEABLE = { 'Cache-Control': 'public, max-age=3600' }

/**
 * Runcell's assets plus Pyodide's own `python_stdlib.zip` beside them, which the raw baselines load: Runcell ships
 * its own build of the standard library under another name, and raw Pyodide must run as it ships.
 */
export function benchAssetFiles() {
  return [
    ...assetFiles(),
    { path: 'pyodide/python_stdlib.zip', file: require.resolve('pyodide/python_stdlib.zip') },
  ]
}

function startAssetsServer(headers = {}) {
  const sqlJs = join(dirname(require.resolve('sql.js/dist/sql-wasm-browser.wasm')), 'sql-wasm-browser.js')
  return startStaticServer({
    host: 'localhost',
    mounts: { '/runcell/': benchAssetFiles(), '/bench-lib/': [{ path: 'sql-wasm-browser.js', file: sqlJs }] },
    pages: baselinePages(),
    headers: { ...CACHEABLE, ...headers },
  })
}

function startHostServer({ assetsBaseUrl, isolated = false, extraPages = {} }) {
  return startStaticServer({
    mounts: { '/core/': join(root, 'packages', 'core', 'dist') },
    pages: { ...hostPages({ assetsBaseUrl, isolated }), ...extraPages },
    headers: { ...CACHEABLE, ...(isolated ? ISOLATION_HEADERS.host : {}) },
  })
}

/**
 * Both origins behind paced proxies: the host pages point at the paced assets origin, and `host.log` and
 * `assets.log` record every response that crossed the link.
 */
async function startPacedOrigins(extraPages, assetsLink) {
  const pacedAssets = await startPacedOrigin({ host: 'localhost', ...assetsLink })
  const pacedHost = await startPacedOrigin({ host: '127.0.0.1' })
  const assetsBaseUrl = `${pacedAssets.url}/runcell/`
  const assets = await startAssetsServer()
  const host = await startHostServer({ assetsBaseUrl, extraPages: await extraPages?.(assetsBaseUrl) })
  pacedAssets.route(assets.port)
  pacedHost.route(host.port)
  return {
    host: pacedHost,
    assets: pacedAssets,
    assetsBaseUrl,
    /** Bytes both origins sent between two epoch times. */
    bytesBetween: (since, until) =>
      pacedHost.bytesBetween(since, until) + pacedAssets.bytesBetween(since, until),
    close: async () => {
      for (const server of [pacedHost, pacedAssets, host, assets]) await server.close()
    },
  }
}

/**
 * Starts the host and assets origins. With `isolated`, the host page is cross-origin isolated (COOP + COEP)
 * and the assets allow being embedded there. With `paced`, each origin is a paced proxy (bench/pacing.mjs) in
 * front of its static server (`paced` may hold startPacedOrigin options for the assets origin, such as another
 * `encode`), and `extraPages(assetsBaseUrl)` adds pages to the host origin.
 */
export async function startBenchOrigins({ isolated = false, paced = false, extraPages } = {}) {
  if (paced) return startPacedOrigins(extraPages, paced === true ? {} : paced)
  const assets = await startAssetsServer(isolated ? ISOLATION_HEADERS.assets : {})
  const assetsBaseUrl = `http://localhost:${assets.port}/runcell/`
  const host = await startHostServer({
    assetsBaseUrl,
    isolated,
    extraPages: await extraPages?.(assetsBaseUrl),
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
