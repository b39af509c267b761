// The workspace packages as a registry would hand them out (npm pack tarballs), and the dependency versions
// the workspace lockfile pins, so consumer installs resolve what the npm cache already holds.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The version the workspace lockfile installed for `name`; throws if the lockfile has none. */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>
  }
  const version = lock.packages[`node_modules/${name}`]?.version
  if (!version) throw new Error(`package-lock.json has no version of ${name}; run "npm install" in the repo.`)
  return version
}

/** Runs `npm pack` for both packages into `destination` and returns the tarball paths. */
export function packWorkspacePackages(destination: string): { core: string; react: string } {
  const pack = (dir: string) => {
    const output = execFileSync(
      'npm',
      ['pack', join(root, 'packages', dir), '--pack-destination', destination, '--json', '--silent'],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    )
    const [entry] = JSON.parse(output) as { filename: string }[]
    if (!entry) throw new Error(`npm pack of packages/${dir} printed no tarball.`)
    return join(destination, entry.filename)
  }
  return { core: pack('core'), react: pack('react') }
}
