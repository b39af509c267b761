// The built Storybook for the tests: reused when storybook-static is newer than every input, rebuilt otherwise.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const staticDir = join(root, 'storybook-static')

/** The newest modification time of a file, or of anything under a folder, skipping folders that never hold inputs. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0
  let newest = statSync(dir).mtimeMs
  if (!statSync(dir).isDirectory()) return newest
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const INPUTS = [
  '.storybook',
  'packages/react/src',
  'packages/core/dist',
  'test/support/monitoring-scenarios.ts',
]

/** Builds Storybook into storybook-static unless a build newer than its inputs is already there. */
export function ensureStorybookBuilt(): { rebuilt: boolean; seconds: number } {
  const started = Date.now()
  const index = join(staticDir, 'index.json')
  const inputs = Math.max(...INPUTS.map((input) => newestMtime(join(root, input))))
  if (existsSync(index) && statSync(index).mtimeMs > inputs) return { rebuilt: false, seconds: 0 }
  const build = spawnSync(
    'npx',
    ['storybook', 'build', '--disable-telemetry', '--quiet', '--output-dir', staticDir],
    { cwd: root, encoding: 'utf8', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
  )
  if (build.status !== 0) {
    throw new Error(`storybook build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`)
  }
  return { rebuilt: true, seconds: (Date.now() - started) / 1000 }
}
