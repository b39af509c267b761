// A docs page as an author would write it: text with five Python runners in it, each with the default
// loading="visible", under one RuncellProvider. It is bundled with esbuild from the built @runcell/react and
// @runcell/core (the workspace links in node_modules), minified as a site's production build would be, and served by the host origin.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** How many runners the page has. */
export const DOCS_RUNNERS = 5

const APP = String.raw`
import { createRoot } from 'react-dom/client'
import { CodeRunner, RuncellProvider } from '@runcell/react'

const TEXT = 'Lists keep their order, and a loop visits each item in turn. '.repeat(40)
function Section({ i }) {
  return (
    <section>
      <h2>Step {i + 1}</h2>
      <p>{TEXT}</p>
      <p>{TEXT}</p>
      <CodeRunner language="python" title={'Step ' + (i + 1)} code={'items = [' + i + ', 2, 3]\nfor item in items:\n    print(item * 2)'} />
      <p>{TEXT}</p>
    </section>
  )
}
createRoot(document.getElementById('root')).render(
  <RuncellProvider config={{ assetsBaseUrl: window.RUNCELL_ASSETS }}>
    <main>
      <h1>Loops in Python</h1>
      {Array.from({ length: ${DOCS_RUNNERS} }, (_, i) => <Section key={i} i={i} />)}
    </main>
  </RuncellProvider>,
)
`

/** The docs page's files for the host origin: `/docs.html`, its script and the runner styles. */
export async function docsPages(assetsBaseUrl) {
  const output = await build({
    stdin: { contents: APP, loader: 'tsx', resolveDir: root, sourcefile: 'docs-page.tsx' },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const script = output.outputFiles[0]?.text
  if (!script) throw new Error('esbuild produced no output for the docs page')
  return {
    '/docs.html': {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Loops in Python</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><link rel="stylesheet" href="/docs.css">
<script>window.RUNCELL_ASSETS = ${JSON.stringify(assetsBaseUrl)}</script></head>
<body><div id="root"></div><script type="module" src="/docs.js"></script></body></html>`,
    },
    '/docs.js': { type: 'text/javascript', body: script },
    '/docs.css': {
      type: 'text/css',
      body: readFileSync(join(root, 'packages', 'react', 'dist', 'styles.css'), 'utf8'),
    },
  }
}
