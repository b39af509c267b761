import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { runnerCsp } from '@runcell/core'
import { Readable } from 'node:stream'
import { route } from '../../../server/http/route'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

// Filled at build time by `runcell assets dist/runcell-assets` (the package's own copy command); see package.json.
const ROOT = join(process.cwd(), 'dist', 'runcell-assets')

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
}

let manifest: Set<string> | null = null
function files(): Set<string> {
  if (manifest) return manifest
  const path = join(ROOT, 'runcell-assets.json')
  const list = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { files: string[] }).files : []
  manifest = new Set(list)
  return manifest
}

/**
 * Serves the runner assets from the build-time copy, listed in its manifest (nothing else is reachable). An
 * opaque-origin runner fetches them with `Origin: null`, so they carry CORS `*`, exact MIME types (a wrong wasm
 * type hangs Pyodide), and the runner page its own CSP; no frame-ancestors, so any page may embed the runner.
 */
export const GET = route<{ path: string[] }>('/runcell/[...path]', async (request, context) => {
  const { path } = await context.params
  const name = path.join('/')
  if (!files().has(name))
    return new Response('not found\n', { status: 404, headers: { 'content-type': 'text/plain' } })
  const file = join(ROOT, name)
  const stat = statSync(file)
  const etag = `"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`
  const headers: Record<string, string> = {
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
    'x-content-type-options': 'nosniff',
    'content-type': MIME[extname(name)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=86400',
    etag,
  }
  if (name.endsWith('.html')) {
    // The assets load from wherever runner.html came from; CSP's http: source also matches https: behind TLS.
    // request.url carries Next's own hostname, not the one the browser used; the Host header does.
    const url = new URL(request.url)
    headers['content-security-policy'] = runnerCsp(
      `${url.protocol}//${request.headers.get('host') ?? url.host}`,
    )
    headers['cache-control'] = 'no-cache'
  }
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers })
  headers['content-length'] = String(stat.size)
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>
  return new Response(body, { headers })
})
