// `runcell assets <dir> --packages … --from …` with test-built wheels standing in for a Pyodide release.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { buildPythonIndex } from '../support/python-index.mjs'

const run = promisify(execFile)
const bin = join(import.meta.dirname, '..', '..', 'packages', 'core', 'bin', 'runcell.mjs')
const work = mkdtempSync(join(tmpdir(), 'runcell-packages-cli-'))
const release = join(work, 'release')
let server: StaticServer

beforeAll(async () => {
  buildPythonIndex(release, [
    { name: 'pkg-a', imports: ['pkg_a'], depends: ['dep_b'], files: { 'pkg_a/__init__.py': 'VALUE = 1\n' } },
    { name: 'dep_b', files: { 'dep_b/__init__.py': 'VALUE = 2\n' } },
    { name: 'other', files: { 'other/__init__.py': 'VALUE = 3\n' } },
    { name: 'tampered', sha256: '0'.repeat(64), files: { 'tampered/__init__.py': '' } },
  ])
  server = await startStaticServer({ mounts: { '/full/': release } })
})

afterAll(async () => {
  await server?.close()
  rmSync(work, { recursive: true, force: true })
})

test('copies the named packages, their dependencies and a lock file listing just them into <dir>/pyodide/', async () => {
  const out = join(work, 'site')
  const { stdout } = await run('node', [bin, 'assets', out, '--packages', 'pkg_a', '--from', release])
  expect(stdout).toMatch(/copied 2 Python packages \([\d.]+ MB\): dep_b, pkg-a/)
  const wheels = readdirSync(join(out, 'pyodide')).filter((name) => name.endsWith('.whl'))
  expect(wheels.sort()).toEqual(['dep_b-1.0.0-py3-none-any.whl', 'pkg_a-1.0.0-py3-none-any.whl'])
  const lockText = readFileSync(join(out, 'pyodide', 'pyodide-lock.json'), 'utf8')
  const lock = JSON.parse(lockText) as { packages: Record<string, { sha256: string; file_name: string }> }
  expect(Object.keys(lock.packages).sort()).toEqual(['dep-b', 'pkg-a'])
  for (const entry of Object.values(lock.packages)) {
    const wheel = readFileSync(join(out, 'pyodide', entry.file_name))
    expect(createHash('sha256').update(wheel).digest('hex')).toBe(entry.sha256)
  }
  // The runner checks the lock it boots with against the manifest: the manifest must hash this lock file.
  const manifest = JSON.parse(readFileSync(join(out, 'runcell-manifest.json'), 'utf8')) as {
    files: Record<string, { sha256: string }>
  }
  const lockHash = createHash('sha256').update(lockText).digest('hex')
  expect(manifest.files['pyodide/pyodide-lock.json']?.sha256).toBe(lockHash)
  // Servers that serve only the files runcell-assets.json lists (the host app's /runcell/ route) serve the wheels.
  const listed = JSON.parse(readFileSync(join(out, 'runcell-assets.json'), 'utf8')) as { files: string[] }
  expect(listed.files).toEqual(expect.arrayContaining(wheels.map((wheel) => `pyodide/${wheel}`)))
})

test('takes the distribution from a URL too, such as a CDN full/ folder', async () => {
  const out = join(work, 'from-url')
  await run('node', [bin, 'assets', out, '--packages', 'other', '--from', `${server.url}/full/`])
  expect(existsSync(join(out, 'pyodide', 'other-1.0.0-py3-none-any.whl'))).toBe(true)
})

test('refuses a package the distribution does not list, and a wheel whose sha256 is not the lock file’s', async () => {
  const out = join(work, 'refused')
  const unknown = await run('node', [bin, 'assets', out, '--packages', 'nosuch', '--from', release]).catch(
    (error: { code: number; stderr: string }) => error,
  )
  expect(unknown).toMatchObject({ code: 1 })
  expect((unknown as { stderr: string }).stderr).toContain('"nosuch" is not in that pyodide-lock.json')
  const tampered = await run('node', [bin, 'assets', out, '--packages', 'tampered', '--from', release]).catch(
    (error: { code: number; stderr: string }) => error,
  )
  expect((tampered as { stderr: string }).stderr).toMatch(
    /tampered-1\.0\.0-py3-none-any\.whl: sha256 \w+ does not match/,
  )
})
