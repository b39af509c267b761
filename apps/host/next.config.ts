import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'

// The monorepo root: standalone output traces workspace packages from there.
const root = fileURLToPath(new URL('../..', import.meta.url))

/** The host app's Next.js configuration: standalone output, server-only packages kept out of the bundle. */
const config: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: root,
  turbopack: { root },
  poweredByHeader: false,
  reactStrictMode: true,
  // These load native-ish files at runtime (PGlite's wasm and data, pino's streams), so they are required
  // from node_modules as they are instead of being bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'ioredis', 'pino', 'prom-client'],
  outputFileTracingIncludes: {
    '/**': [
      '../../node_modules/@electric-sql/pglite/dist/**/*',
      '../../node_modules/@runcell/core/dist/assets/**/*',
    ],
  },
}

export default config
