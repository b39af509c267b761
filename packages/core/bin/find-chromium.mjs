// Finds Chromium for `runcell check`/`render` and for the browser tests: CHROMIUM_PATH, then /usr/bin/chromium.
// As root on Debian it installs the `chromium` apt package when neither exists; anywhere else it says what to
// install.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Chromium flags for this kind of machine: no sandbox as root, and no background traffic to a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean)

export function findChromium({ install = false } = {}) {
  const found = CANDIDATES.find((path) => existsSync(path))
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (install && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium not found: installing the Debian "chromium" package (apt-get)…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  }
  throw new Error(
    'Chromium was not found. Install it (Debian/Ubuntu: "sudo apt-get install chromium") or set CHROMIUM_PATH ' +
      'to a Chromium or Chrome binary, then run "npm test" again.',
  )
}
