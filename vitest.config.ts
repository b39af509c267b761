import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Tests import the workspace packages by name, from source, so no build is needed for unit tests. Each entry of
// package.json `exports` is src/index.ts (the root) or src/<entry>/index.ts, as in tsconfig.json's paths.
const source = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url))
const alias = [
  { find: /^@runcell\/core$/, replacement: source('core/src/index.ts') },
  { find: /^@runcell\/core\/(\w+)$/, replacement: source('core/src/$1/index.ts') },
]

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
          // Type tests (*.test-d.ts) pin each entry's public surface; tsc checks them, nothing runs them.
          typecheck: {
            enabled: true,
            include: ['packages/*/src/**/*.test-d.ts'],
            tsconfig: './tsconfig.check.json',
            // Other files' type errors belong to the typecheck step, not to these tests.
            ignoreSourceErrors: true,
          },
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
