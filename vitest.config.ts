import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Tests import the workspace packages by name, from source, so no build is needed for unit tests.
const alias = { '@runcell/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) }

// Two projects: fast unit tests beside the code, and real-Chromium tests in test/.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'apps/host/server/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium per file; files run one at a time so that timing-sensitive checks
          // (long tasks, timeouts) are not starved on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
