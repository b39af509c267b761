import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { runnerCsp } from '@runcell/core'
import { Readable } from 'node:stream'
import { RUNNER_PATH, runnerCspUrls } from '../../../server/config/runner'
import { hostProcess } from '../../../server/context'
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
    // From the configuration, never from the request's Host header: a response that names whatever host the
    // client wrote could be cached and served to others. The sources carry the path, so user code in a runner
    // on the site's own origin reaches the engine files and nothing else there (the site's /api/ included).
    const urls = runnerCspUrls(hostProcess().config, request.headers.get('host'))
    if (!urls) {
      return new Response(
        `runner.html needs its own address: set NEXT_PUBLIC_APP_URL (the runner under ${RUNNER_PATH} on this site) or RUNNER_DOMAIN (the runner origin).\n`,
        { status: 500, headers: { 'content-type': 'text/plain' } },
      )
    }
    headers['content-security-policy'] = runnerCsp(...(urls as [string, ...string[]]))
    headers['cache-control'] = 'no-cache'
  }
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers })
  headers['content-length'] = String(stat.size)
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>
  return new Response(body, { headers })
})
