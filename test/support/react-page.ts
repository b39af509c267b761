import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { startTestOrigins, type TestOrigins } from './origins.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * Bundles a small React app (TSX source) for the browser with the workspace's react, react-dom and the built
 * @runcell/react and @runcell/core (resolved by name through their package.json `exports`, entries included), so a
 * test exercises the published build, not the sources.
 */
export async function bundleReactApp(source: string): Promise<string> {
  const output = await build({
    stdin: { contents: source, loader: 'tsx', resolveDir: root, sourcefile: 'app.tsx' },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    minify: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const file = output.outputFiles[0]
  if (!file) throw new Error('esbuild produced no output for the React test app')
  return file.text
}

/** A host origin serving a bundled React app at `/`, with the runner assets on another origin. */
export interface ReactPageServer {
  origins: TestOrigins
  /** The app's URL on the host origin, with an optional query and fragment. */
  url(suffix?: string): string
  /** Requests for `<language>-worker.js` that reached the runner origin: one per interpreter started. */
  workerStarts(language: string): number
  close(): Promise<void>
}

/** Serves `app` (TSX) on a host page whose `window.RUNCELL_ASSETS` is the runner assets URL. */
export async function startReactPage(
  app: string,
  title = 'Runcell React test page',
): Promise<ReactPageServer> {
  const styles = readFileSync(join(root, 'packages', 'react', 'dist', 'styles.css'), 'utf8')
  const pages = {
    '/': { body: '' },
    '/app.js': { type: 'text/javascript', body: await bundleReactApp(app) },
    '/styles.css': { type: 'text/css', body: styles },
  }
  const origins = await startTestOrigins({ pages })
  pages['/'].body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><link rel="stylesheet" href="/styles.css">
<script>window.RUNCELL_ASSETS = ${JSON.stringify(origins.assetsBaseUrl)}</script></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`
  return {
    origins,
    url: (suffix = '') => `${origins.host.url}/${suffix}`,
    workerStarts: (language) =>
      origins.runner.hits.filter((hit) => hit.path.endsWith(`/${language}-worker.js`)).length,
    close: () => origins.close(),
  }
}
