// A small static file server for the demo (`npm start`) and the tests. It serves the runner assets with the
// headers an opaque-origin runner needs: CORS for `Origin: null`, exact MIME types, and the runner page's CSP.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
// The one definition of the runner's CSP lives in @runcell/core (built before any server starts).
import { runnerCsp } from '../packages/core/dist/index.js'

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/**
 * Headers for a cross-origin-isolated setup (what SharedArrayBuffer interrupts need): the host page opts in
 * with COOP + COEP, and the assets it embeds (the runner and its files) agree to be loaded there.
 */
export const ISOLATION_HEADERS = {
  host: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  assets: { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'cross-origin' },
}

/**
 * Starts a server. `mounts` maps a URL prefix ('/runcell/') to a directory or to a list of
 * { path, file } entries. `pages` maps exact paths to { type, body } for generated pages.
 * Every request is counted in `hits`, so tests can prove that nothing reached a server.
 */
export async function startStaticServer({
  port = 0,
  host = '127.0.0.1',
  mounts = {},
  pages = {},
  headers = {},
} = {}) {
  const hits = []
  const tables = Object.entries(mounts).map(([prefix, source]) => ({
    prefix,
    lookup: Array.isArray(source) ? new Map(source.map((entry) => [entry.path, entry.file])) : source,
  }))

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    hits.push({ method: req.method, path: url.pathname, origin: req.headers.origin ?? null })
    const common = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache', ...headers }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...common,
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Allow-Methods': '*',
      })
      return res.end()
    }
    const page = pages[url.pathname]
    if (page) {
      res.writeHead(200, {
        ...common,
        'Content-Type': page.type ?? 'text/html; charset=utf-8',
        ...page.headers,
      })
      return res.end(page.body)
    }
    const file = resolveFile(tables, decodeURIComponent(url.pathname))
    if (!file) {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' })
      return res.end('not found')
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream'
    const extra = file.endsWith('runner.html')
      ? { 'Content-Security-Policy': runnerCsp(`http://${req.headers.host}`) }
      : {}
    res.writeHead(200, { ...common, 'Content-Type': type, 'Content-Length': statSync(file).size, ...extra })
    createReadStream(file).pipe(res)
  })
  await new Promise((resolve) => server.listen(port, host, resolve))
  const address = server.address()
  return {
    port: address.port,
    url: `http://${host === '127.0.0.1' ? '127.0.0.1' : host}:${address.port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function resolveFile(tables, pathname) {
  for (const { prefix, lookup } of tables) {
    if (!pathname.startsWith(prefix)) continue
    const rest = pathname.slice(prefix.length) || 'index.html'
    if (lookup instanceof Map) {
      const file = lookup.get(rest)
      if (file) return file
      continue
    }
    const full = normalize(join(lookup, rest))
    // Never serve outside the mounted folder.
    if (!full.startsWith(normalize(lookup) + sep)) continue
    if (existsSync(full) && statSync(full).isFile()) return full
  }
  return null
}
