import { defineConfig } from 'tsup'

/**
 * The host's server entry (server/main.ts → dist/server/main.js). Next and the server-only packages stay external
 * (they are in node_modules, and in the standalone trace); the workspace core and zod are bundled in, because
 * Next bundles them into its own chunks and the trace has no copy of them.
 */
export default defineConfig({
  entry: { main: 'server/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist/server',
  clean: true,
  silent: true,
  external: ['next', '@electric-sql/pglite', 'pg', 'ioredis', 'pino', 'prom-client'],
  noExternal: [/^@runcell\/core/, 'zod'],
})
