// `npm test`: every check a change must pass, in order of cost. Chromium is found (or installed) first, so a
// missing browser fails in seconds with a message that says what to do.
import { spawnSync } from 'node:child_process'
import { findChromium } from './find-chromium.mjs'

process.env.NEXT_TELEMETRY_DISABLED = '1'
process.env.STORYBOOK_DISABLE_TELEMETRY = '1'

try {
  process.env.CHROMIUM_PATH = findChromium({ install: true })
} catch (error) {
  console.error(error.message)
  process.exit(1)
}

const steps = [
  ['lint', ['npx', 'eslint', '.']],
  ['format', ['npx', 'prettier', '--check', '.']],
  ['import cycles', ['node', 'scripts/check-cycles.mjs']],
  ['build', ['npm', 'run', 'build']],
  ['typecheck', ['npx', 'tsc', '-p', 'tsconfig.check.json', '--noEmit']],
  ['typecheck host app', ['npx', 'tsc', '-p', 'apps/host/tsconfig.json', '--noEmit']],
  ['tests (unit and Chromium)', ['npx', 'vitest', 'run']],
]

for (const [name, [command, ...args]] of steps) {
  const started = Date.now()
  console.log(`\n▶ ${name}`)
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  console.log(`${status === 0 ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (status !== 0) process.exit(status ?? 1)
}
