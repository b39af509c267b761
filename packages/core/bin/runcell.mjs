#!/usr/bin/env node
// `runcell assets <dir>`: copies the runner page, the engine workers, Pyodide's core files, sql.js's wasm and
// the Pyodide memory snapshot into <dir>, with a manifest of sha-256 hashes, ready to serve from your own
// origin or a CDN (with CORS and the MIME types the docs list).
// `runcell check <paths…>` and `runcell render <paths…> --out file`: see check-command.mjs.
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { assetFiles, builtSnapshot, engineVersions } from './asset-files.mjs'
import { check, CHECK_USAGE, render } from './check-command.mjs'
import { MANIFEST_FILE, writeManifest } from './manifest.mjs'
import { copyPythonPackages, PACKAGES_USAGE } from './python-packages.mjs'
import { buildPyodideSnapshot, pyodideVersions, SNAPSHOT_PATH } from './pyodide-snapshot.mjs'

const USAGE = `Usage: runcell assets <dir>\n  Copies the Runcell runner assets into <dir>.\n${PACKAGES_USAGE}\n${CHECK_USAGE}`

/** The --packages and --from options of runcell assets, or null when anything else is there. */
function packageOptions(rest) {
  const options = { names: [], from: null }
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]]
    if (!value) return null
    if (flag === '--packages')
      options.names = value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    else if (flag === '--from') options.from = value
    else return null
  }
  return options.names.length > 0 === (options.from !== null) ? options : null
}

/** The build's snapshot when it is for the installed Pyodide; otherwise a new one made in <out>. */
async function snapshotFor(out) {
  const built = builtSnapshot()
  if (built && built.pyodide === pyodideVersions().installed) return built
  const file = join(out, SNAPSHOT_PATH)
  mkdirSync(dirname(file), { recursive: true })
  const pyodide = await buildPyodideSnapshot(file)
  return pyodide ? { path: SNAPSHOT_PATH, file, pyodide } : null
}

async function main([command, target, ...rest]) {
  if (command === '--help' || command === '-h' || command === undefined) {
    console.log(USAGE)
    return command === undefined ? 1 : 0
  }
  if (command === 'check') return check([target, ...rest].filter(Boolean))
  if (command === 'render') return render([target, ...rest].filter(Boolean))
  const packages = packageOptions(rest)
  if (command !== 'assets' || !target || !packages) {
    console.error(
      `runcell: unknown arguments "${[command, target, ...rest].filter(Boolean).join(' ')}".\n${USAGE}`,
    )
    return 1
  }
  const out = resolve(target)
  const snapshot = await snapshotFor(out)
  const files = assetFiles().filter((f) => f.path !== SNAPSHOT_PATH && f.path !== MANIFEST_FILE)
  if (snapshot) files.push({ path: snapshot.path, file: snapshot.file })
  for (const { path, file } of files) {
    const destination = join(out, path)
    mkdirSync(dirname(destination), { recursive: true })
    if (resolve(file) !== destination) copyFileSync(file, destination)
  }
  // Before the manifest: the lock file it hashes is the one that lists the copied packages.
  const python = packages.from ? await copyPythonPackages(out, packages.names, packages.from) : null
  const copied = files.map(({ path }) => ({ path, file: join(out, path) }))
  writeManifest(out, copied, snapshot ? { path: snapshot.path, pyodide: snapshot.pyodide } : undefined)
  // The wheels are listed too: a server that serves only listed files (the host app's) then serves them.
  const listed = [...files.map((f) => f.path), MANIFEST_FILE, ...(python?.paths ?? [])].sort()
  const manifest = { engines: engineVersions(), files: listed }
  writeFileSync(join(out, 'runcell-assets.json'), JSON.stringify(manifest, null, 2) + '\n')
  const bytes = files.reduce((sum, { file }) => sum + statSync(file).size, 0)
  console.log(`runcell: copied ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) to ${out}`)
  if (python) {
    const size = (python.bytes / 1e6).toFixed(1)
    console.log(
      `runcell: copied ${python.names.length} Python packages (${size} MB): ${python.names.join(', ')}`,
    )
  }
  return 0
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  console.error(`runcell: ${error.message}`)
  process.exitCode = 1
}
