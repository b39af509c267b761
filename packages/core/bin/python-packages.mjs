// `runcell assets <dir> --packages numpy,pandas --from <pyodide distribution folder or URL>`: copies those
// packages, everything they depend on, and a lock file listing exactly them into <dir>/pyodide/, so a site serves
// its Python packages itself (the default `pythonPackages.indexUrl` is `${assetsBaseUrl}pyodide/`).
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

export const PACKAGES_USAGE =
  '       runcell assets <dir> --packages numpy,pandas,matplotlib --from <pyodide distribution folder or URL>\n' +
  '  Also copies those Python packages, their dependencies and a matching pyodide-lock.json into <dir>/pyodide/.'

/** A package name as PEP 503 compares them. */
const normalize = (name) => name.toLowerCase().replace(/[-_.]+/g, '-')

const isUrl = (from) => /^https?:\/\//.test(from)

async function read(from, name) {
  if (!isUrl(from)) return readFileSync(join(from, name))
  const url = new URL(name, from.endsWith('/') ? from : `${from}/`).href
  const response = await fetch(url)
  if (!response.ok) throw new Error(`could not download ${url} (HTTP ${response.status})`)
  return Buffer.from(await response.arrayBuffer())
}

/** The packages and all they depend on, each after its dependencies; throws naming a name the lock lacks. */
function resolve(lock, names) {
  const byName = new Map(
    Object.entries(lock.packages).map(([key, entry]) => [normalize(entry.name ?? key), entry]),
  )
  const order = []
  const seen = new Set()
  const visit = (name, neededBy) => {
    const key = normalize(name)
    if (seen.has(key)) return
    seen.add(key)
    const entry = byName.get(key)
    if (!entry)
      throw new Error(
        `"${name}"${neededBy ? ` (needed by ${neededBy})` : ''} is not in that pyodide-lock.json`,
      )
    for (const dependency of entry.depends ?? []) visit(dependency, entry.name)
    order.push(entry)
  }
  for (const name of names) visit(name, null)
  return order
}

/**
 * Copies `names` and their dependencies from `from` (a Pyodide release folder, or its URL such as the CDN's
 * `full/` folder) into `<out>/pyodide/`, checks each wheel's sha-256, and writes a lock file listing just them.
 * Returns what it copied.
 */
export async function copyPythonPackages(out, names, from) {
  const lock = JSON.parse((await read(from, 'pyodide-lock.json')).toString('utf8'))
  if (!lock?.packages || !lock.info) throw new Error(`${from} has no valid pyodide-lock.json`)
  const require = createRequire(import.meta.url)
  const installed = JSON.parse(readFileSync(require.resolve('pyodide/pyodide-lock.json'), 'utf8')).info
  if (installed.abi_version !== lock.info.abi_version) {
    throw new Error(
      `the packages at ${from} are built for Pyodide ABI ${lock.info.abi_version}, but the installed pyodide ` +
        `is ABI ${installed.abi_version}: download the Pyodide release that matches (Python ${installed.python}).`,
    )
  }
  const entries = resolve(lock, names)
  const packages = {}
  let bytes = 0
  for (const entry of entries) {
    const wheel = await read(from, entry.file_name)
    const sha = createHash('sha256').update(wheel).digest('hex')
    if (sha !== entry.sha256)
      throw new Error(`${entry.file_name}: sha256 ${sha} does not match the lock file (${entry.sha256})`)
    const fileName = entry.file_name.split('/').pop()
    writeFileSync(join(out, 'pyodide', fileName), wheel)
    packages[normalize(entry.name)] = { ...entry, file_name: fileName }
    bytes += wheel.length
  }
  writeFileSync(
    join(out, 'pyodide', 'pyodide-lock.json'),
    JSON.stringify({ info: lock.info, packages }, null, 1) + '\n',
  )
  const paths = Object.values(packages).map((entry) => `pyodide/${entry.file_name}`)
  return { names: entries.map((entry) => entry.name), paths, bytes }
}
