// Two fresh consumer apps written from scratch, the way their templates would start: a Vite React app and a
// Next.js App Router app. Plain JSX, so neither needs TypeScript. Both import the packed tarballs by name only.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { lockedVersion } from './workspace-packages.js'

/** What each snippet must print; the page runs all three through @runcell/core's createRuntime. */
export const SNIPPETS = {
  python: {
    code: "import sys\nprint('python', sum(range(10)), sys.version_info >= (3, 12))",
    stdout: 'python 45 True',
  },
  sql: { code: "SELECT 6 * 7 AS answer, 'sql' AS engine;", stdout: '' },
  javascript: {
    code: "console.log('javascript', [1, 2, 3].map((x) => x * 2).join(','))",
    stdout: 'javascript 2,4,6',
  },
} as const

// The client component both apps render. It imports every entry a page would: the runtime (@runcell/core), the
// monitor (@runcell/core/monitor), <CodeRunner> (@runcell/react), the execution switch (@runcell/react/flags) and
// the monitor hook (@runcell/react/monitoring), so each framework resolves, bundles and renders them all.
const RUNNERS_SOURCE = `'use client'
import { useEffect, useState } from 'react'
import { createRuntime } from '@runcell/core'
import { createMonitor } from '@runcell/core/monitor'
import { CodeRunner } from '@runcell/react'
import { useExecutionSwitch } from '@runcell/react/flags'
import { useMonitorSnapshot } from '@runcell/react/monitoring'

const SNIPPETS = ${JSON.stringify(Object.fromEntries(Object.entries(SNIPPETS).map(([k, v]) => [k, v.code])))}
let runtime
let monitor

export function Runners() {
  monitor ??= createMonitor()
  const [results, setResults] = useState({})
  const execution = useExecutionSwitch('python')
  const summary = useMonitorSnapshot(monitor)
  useEffect(() => {
    runtime ??= createRuntime({ assetsBaseUrl: '/runcell/', observer: monitor })
    for (const [language, code] of Object.entries(SNIPPETS)) {
      runtime.run({ language, code }).result.then((result) => setResults((r) => ({ ...r, [language]: result })))
    }
  }, [])
  return (
    <main>
      <h1>Runcell consumer</h1>
      <p id="execution">{execution.message}</p>
      <p id="monitored">{summary.windows['1m'].count}</p>
      {Object.keys(SNIPPETS).map((language) => (
        <pre key={language} id={'result-' + language} data-status={results[language]?.status ?? 'pending'}>
          {results[language] ? JSON.stringify(results[language]) : ''}
        </pre>
      ))}
      <CodeRunner language="javascript" code="console.log(1)" loading="click" />
    </main>
  )
}
`

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

function packageJson(name: string, tarballs: { core: string; react: string }, deps: string[]): string {
  const dependencies: Record<string, string> = {
    '@runcell/core': `file:${tarballs.core}`,
    '@runcell/react': `file:${tarballs.react}`,
  }
  for (const dep of ['react', 'react-dom', ...deps]) dependencies[dep] = lockedVersion(dep)
  // @runcell/react depends on @runcell/core by version; the override keeps npm on the packed tarball.
  const overrides = { '@runcell/core': `file:${tarballs.core}` }
  return JSON.stringify({ name, private: true, type: 'module', dependencies, overrides }, null, 2)
}

/** A Vite React app: index.html, src/main.jsx, the stock React plugin, and CORS on for the runner. */
export function writeViteApp(dir: string, tarballs: { core: string; react: string }) {
  write(dir, {
    'package.json': packageJson('runcell-vite-consumer', tarballs, ['vite', '@vitejs/plugin-react']),
    // The runner frame's origin is opaque, so its requests for /runcell/ assets are CORS with `Origin: null`.
    'vite.config.js': `import { defineConfig } from 'vite'\nimport react from '@vitejs/plugin-react'\n\nconst cors = { origin: '*' }\nexport default defineConfig({ plugins: [react()], server: { cors }, preview: { cors } })\n`,
    'index.html': `<!doctype html>\n<html lang="en">\n  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>Runcell in Vite</title></head>\n  <body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body>\n</html>\n`,
    'src/main.jsx': `import { StrictMode } from 'react'\nimport { createRoot } from 'react-dom/client'\nimport { FeatureFlagProvider } from '@runcell/react/flags'\nimport '@runcell/react/styles.css'\nimport { Runners } from './Runners.jsx'\n\ncreateRoot(document.getElementById('root')).render(\n  <StrictMode>\n    <FeatureFlagProvider flags={[]}>\n      <Runners />\n    </FeatureFlagProvider>\n  </StrictMode>,\n)\n`,
    'src/Runners.jsx': RUNNERS_SOURCE,
  })
}

/**
 * A Next.js App Router app. The server page renders @runcell/react's provider directly (its 'use client' banner
 * makes that legal), and next.config.mjs sends the CORS header that the opaque runner frame needs for
 * /runcell/ assets, as docs/getting-started/nextjs.md shows.
 */
export function writeNextApp(dir: string, tarballs: { core: string; react: string }) {
  write(dir, {
    'package.json': packageJson('runcell-next-consumer', tarballs, ['next']),
    'next.config.mjs': `const nextConfig = {\n  async headers() {\n    return [{ source: '/runcell/:path*', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }]\n  },\n}\nexport default nextConfig\n`,
    'app/layout.jsx': `import '@runcell/react/styles.css'\n\nexport const metadata = { title: 'Runcell in Next.js', icons: { icon: 'data:,' } }\n\nexport default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  )\n}\n`,
    'app/page.jsx': `import { FeatureFlagProvider } from '@runcell/react/flags'\nimport { Runners } from './runners.jsx'\n\nconst FLAGS = [{ key: 'code_execution', enabled: true }]\n\nexport default function Page() {\n  return (\n    <FeatureFlagProvider flags={FLAGS}>\n      <Runners />\n    </FeatureFlagProvider>\n  )\n}\n`,
    'app/runners.jsx': RUNNERS_SOURCE,
  })
}
