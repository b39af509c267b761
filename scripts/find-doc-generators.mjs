// Finds the docs generators the consumer tests build real sites with: MkDocs (`mkdocs`) and Sphinx
// (`sphinx-build`). As root on Debian it installs their apt packages when missing, as find-chromium.mjs does for
// Chromium; anywhere else it says what to install.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Each generator's command and the Debian package that provides it. */
export const DOC_GENERATORS = { mkdocs: 'mkdocs', 'sphinx-build': 'python3-sphinx' }

const onPath = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Makes sure every command of `DOC_GENERATORS` is on PATH, installing the missing ones where it may. */
export function ensureDocGenerators({ install = true } = {}) {
  const missing = Object.keys(DOC_GENERATORS).filter((command) => !onPath(command))
  if (missing.length === 0) return
  const packages = missing.map((command) => DOC_GENERATORS[command])
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (install && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Docs generators not found: installing the Debian packages ${packages.join(', ')} (apt-get)…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env })
    if (missing.every(onPath)) return
  }
  throw new Error(
    `${missing.join(' and ')} not found: the consumer tests build real MkDocs and Sphinx sites. Install them ` +
      `(Debian/Ubuntu: "sudo apt-get install ${packages.join(' ')}", or "pip install mkdocs sphinx"), then run ` +
      '"npm test" again.',
  )
}
